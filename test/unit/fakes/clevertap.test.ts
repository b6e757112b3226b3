import assert from 'node:assert/strict';
import { createManualClock, FakeCleverTap, seedUsers, type ManualClock } from '../../fakes';
import { A, call, clevertapHeaders } from './helpers';

const DELETE = '/1/delete/profiles.json';

describe('fakes: CleverTap', () => {
  let f: FakeCleverTap;
  let clock: ManualClock;
  const start = async (opts: ConstructorParameters<typeof FakeCleverTap>[0] = {}) => {
    clock = createManualClock();
    f = await FakeCleverTap.start({ now: clock.now, ...opts });
  };
  const del = (body: unknown, headers: Record<string, string> = clevertapHeaders()) =>
    call(f.url, DELETE, { method: 'POST', headers, body });
  const lookup = (qs: string) => call(f.url, `/1/profile.json?${qs}`, { headers: clevertapHeaders() });
  afterEach(async () => {
    await f.close();
  });

  it('deletes by identity array and by guid string: 200 {"status":"success"}', async () => {
    await start();
    const a = await del({ identity: ['user-1', 'user-2', 'nobody'] });
    assert.deepEqual([a.status, a.json], [200, { status: 'success' }]);
    const b = await del({ guid: '__guser-3' });
    assert.equal(b.status, 200);
    assert.deepEqual(f.requests().map((r) => [r.kind, r.ids, r.applied, r.account]), [
      ['delete', ['user-1', 'user-2', 'nobody'], true, A.clevertap.accountId],
      ['delete', ['__guser-3'], true, A.clevertap.accountId],
    ]);
    assert.equal(f.profileState(A.clevertap.accountId, 'identity', 'user-3'), 'deleted');
  });

  it('profile lookup: 200 with a record while it exists, then the not-found variant after completion', async () => {
    await start({ completionDelayMs: 48 * 3600 * 1000 });
    const found = await lookup('identity=user-1');
    assert.equal(found.status, 200);
    assert.deepEqual((found.json as { status: string }).status, 'success');
    assert.equal((found.json as { record: { identity: string } }).record.identity, 'user-1');
    await del({ identity: 'user-1' });
    assert.equal(f.profileState(A.clevertap.accountId, 'identity', 'user-1'), 'pending');
    assert.equal((await lookup('identity=user-1')).status, 200);
    assert.equal((await lookup('objectId=__guser-1')).status, 200);
    clock.advance(48 * 3600 * 1000);

    const gone = await lookup('identity=user-1');
    assert.deepEqual([gone.status, gone.json], [200, { status: 'fail', error: 'Profile not found', code: 404 }]);
    f.configure({ profileNotFound: '404' });
    const gone404 = await lookup('objectId=__guser-1');
    assert.deepEqual([gone404.status, gone404.json], [404, { status: 'fail', error: 'Profile not found', code: 404 }]);
    f.configure({ profileNotFound: '200-null' });
    const goneNull = await lookup('objectId=__guser-1');
    assert.deepEqual([goneNull.status, goneNull.json], [200, { status: 'success', record: null }]);
    assert.deepEqual(f.requests().at(-1)!.ids, ['__guser-1']);
  });

  it('lookup needs exactly one of identity / guid', async () => {
    await start();
    assert.equal((await lookup('')).status, 400);
    assert.equal((await lookup('identity=user-1&guid=__guser-1')).status, 400);
  });

  it('credentials: missing or wrong account id / passcode → 401 (the wrong-region answer)', async () => {
    await start();
    const { 'x-clevertap-passcode': _p, ...noPass } = clevertapHeaders();
    for (const h of [noPass, clevertapHeaders('TEST-OTHER'), clevertapHeaders(A.clevertap.accountId, 'wrong')]) {
      const r = await del({ identity: 'user-1' }, h);
      assert.deepEqual([r.status, r.json], [401, { status: 'fail', error: 'Invalid Credentials', code: 401 }]);
    }
    assert.equal((await call(f.url, '/1/profile.json?identity=user-1', { headers: clevertapHeaders('x', 'y') })).status, 401);
    assert.equal(f.profileState(A.clevertap.accountId, 'identity', 'user-1'), 'present');
  });

  it('Content-Type must be application/json; charset=utf-8 (plain application/json only with requireCharset false)', async () => {
    await start();
    const plain = await del({ identity: 'user-1' }, { ...clevertapHeaders(), 'content-type': 'application/json' });
    assert.equal(plain.status, 400);
    assert.equal((await del({ identity: 'user-1' }, { ...clevertapHeaders(), 'content-type': 'text/plain; charset=utf-8' })).status, 400);
    f.configure({ requireCharset: false });
    assert.equal((await del({ identity: 'user-1' }, { ...clevertapHeaders(), 'content-type': 'application/json' })).status, 200);
  });

  it('body rules: both → 400, neither → 400, >100 → 400 + overLimit, 100 → 200, bad values → 400', async () => {
    await start();
    const both = await del({ identity: 'user-1', guid: '__guser-1' });
    assert.equal(both.status, 400);
    assert.equal((both.json as { status: string }).status, 'fail');
    assert.equal((await del({})).status, 400);
    assert.equal((await del({ identity: seedUsers(101) })).status, 400);
    assert.equal((await del({ guid: seedUsers(100, 'g') })).status, 200);
    assert.equal((await del({ identity: [] })).status, 400);
    assert.equal((await del({ identity: [1, 2] })).status, 400);
    assert.equal((await del({ identity: '' })).status, 400);
    assert.equal((await del('{"identity": ["a",')).status, 400);
    assert.equal((await del(['user-1'])).status, 400);
    const recs = f.requests();
    assert.deepEqual(recs.map((r) => r.overLimit), [false, false, true, false, false, false, false, false, false]);
    assert.deepEqual(recs.map((r) => r.applied), [false, false, false, true, false, false, false, false, false]);
    assert.equal(recs[2].ids.length, 101);
  });

  it('a 4th concurrent delete gets 429 "Too many concurrent requests" without Retry-After; slots free up after', async () => {
    await start();
    f.pause();
    const calls = [1, 2, 3, 4].map((i) => del({ identity: `user-${i}` }));
    await f.waitForRequests(4);
    assert.equal(f.runningDeletes(A.clevertap.accountId), 3);
    f.resume();
    const res = await Promise.all(calls);
    const limited = res.filter((r) => r.status === 429);
    assert.equal(limited.length, 1);
    assert.deepEqual(limited[0].json, { status: 'fail', error: 'Too many concurrent requests', code: 429 });
    assert.equal(limited[0].headers['retry-after'], undefined);
    assert.equal(res.filter((r) => r.status === 200).length, 3);
    assert.deepEqual(f.requests().filter((r) => r.overLimit).map((r) => [r.status, r.applied]), [[429, false]]);
    assert.equal(f.runningDeletes(A.clevertap.accountId), 0);
    assert.equal((await del({ identity: 'user-9' })).status, 200);
  });

  it('lookups do not count toward the delete concurrency; accounts are limited separately', async () => {
    await start({
      accounts: [
        { accountId: A.clevertap.accountId, passcode: A.clevertap.passcode, profiles: [] },
        { accountId: 'TEST-B', passcode: 'PB', profiles: [] },
      ],
    });
    f.pause();
    const calls = [
      del({ identity: 'a' }), del({ identity: 'b' }), del({ identity: 'c' }),
      lookup('identity=a'),
      del({ identity: 'd' }, clevertapHeaders('TEST-B', 'PB')),
    ];
    await f.waitForRequests(5);
    f.resume();
    const res = await Promise.all(calls);
    assert.deepEqual(res.map((r) => r.status), [200, 200, 200, 200, 200]);
  });

  it('invalidIds: a batch holding one gets 400 without naming it, so halving isolates it', async () => {
    await start({ invalidIds: ['user-3'] });
    const batch = seedUsers(4);
    const whole = await del({ identity: batch });
    assert.equal(whole.status, 400);
    assert.doesNotMatch(whole.text, /user-3/);
    assert.equal((await del({ identity: batch.slice(0, 2) })).status, 200);
    assert.equal((await del({ identity: batch.slice(2) })).status, 400);
    assert.equal((await del({ identity: ['user-3'] })).status, 400);
    assert.equal((await del({ identity: ['user-4'] })).status, 200);
    assert.deepEqual(f.appliedIds().sort(), ['user-1', 'user-2', 'user-4']);
  });

  it('invalidIds can be a predicate', async () => {
    await start({ invalidIds: (id, type) => type === 'guid' && id.includes(' ') });
    assert.equal((await del({ guid: ['ok', 'not ok'] })).status, 400);
    assert.equal((await del({ identity: ['not ok'] })).status, 200);
  });

  it('guid is not a documented lookup key: ?guid= is refused with 400 (identity, email, objectId are served)', async () => {
    await start();
    const guid = await lookup('guid=__guser-1');
    assert.deepEqual([guid.status, guid.json], [400, { status: 'fail', error: 'Exactly one of identity, email or objectId is required', code: 400 }]);
    assert.equal((await lookup('identity=user-1')).status, 200);
    assert.equal((await lookup('objectId=__guser-1')).status, 200);
    assert.deepEqual((await lookup('email=a%40b.example')).json, { status: 'fail', error: 'Profile not found', code: 404 });
  });

  describe('one host per region', () => {
    const atHost = (host: string, headers: Record<string, string> = clevertapHeaders()) =>
      call(f.url, DELETE, { method: 'POST', headers: { ...headers, host }, body: { identity: ['user-1'] } });

    it("answers only on the account's region host (Europe also as eu1); another region's host answers 401", async () => {
      await start({ accounts: [{ accountId: A.clevertap.accountId, passcode: A.clevertap.passcode, region: 'sk1', profiles: [{ identity: 'user-1', guid: 'g1' }] }] });
      const wrong = await atHost('api.clevertap.com');
      assert.deepEqual([wrong.status, wrong.json], [401, { status: 'fail', error: 'Invalid Credentials', code: 401 }]);
      assert.equal((await atHost('in1.api.clevertap.com')).status, 401);
      assert.equal((await atHost('nowhere.example')).status, 401);
      assert.equal(f.profileState(A.clevertap.accountId, 'identity', 'user-1'), 'present');
      assert.equal((await atHost('sk1.api.clevertap.com:443')).status, 200);
      assert.equal(f.profileState(A.clevertap.accountId, 'identity', 'user-1'), 'deleted');
    });

    it('a default account lives in Europe: api. and eu1. answer, a loopback Host (base URL override) too', async () => {
      await start();
      assert.equal((await atHost('eu1.api.clevertap.com')).status, 200);
      assert.equal((await atHost('api.clevertap.com')).status, 200);
      assert.equal((await atHost('us1.api.clevertap.com')).status, 401);
      assert.equal((await atHost('127.0.0.1:9')).status, 200);
    });
  });

  describe('partial and error answers of a delete', () => {
    it("successBody 'processed' adds the count and an empty list", async () => {
      await start({ successBody: 'processed' });
      assert.deepEqual((await del({ identity: ['user-1', 'user-2'] })).json, { status: 'success', processed: 2, unprocessed: [] });
    });

    it("unprocessedIds 'listed': processed N and the values left out with the vendor's words, which stay present", async () => {
      await start({ unprocessedIds: ['user-2'] });
      const r = await del({ identity: ['user-1', 'user-2', 'user-3'] });
      assert.deepEqual([r.status, r.json], [200, { status: 'success', processed: 2, unprocessed: [{ identity: 'user-2', error: 'Profile could not be deleted' }] }]);
      assert.equal(f.profileState(A.clevertap.accountId, 'identity', 'user-2'), 'present');
      assert.equal(f.profileState(A.clevertap.accountId, 'identity', 'user-1'), 'deleted');
    });

    it("unprocessedIds 'count': only the processed count, not which values", async () => {
      await start({ unprocessedIds: ['user-2'], partialShape: 'count' });
      assert.deepEqual((await del({ identity: ['user-1', 'user-2'] })).json, { status: 'success', processed: 1 });
      assert.equal(f.profileState(A.clevertap.accountId, 'identity', 'user-2'), 'present');
    });

    it("hostile partial shapes without a count: 'not-found-list' and 'flag'; the values left out stay present", async () => {
      await start({ unprocessedIds: ['user-2'], partialShape: 'not-found-list' });
      assert.deepEqual((await del({ identity: ['user-1', 'user-2'] })).json, { status: 'success', not_found: ['user-2'] });
      f.configure({ partialShape: 'flag' });
      assert.deepEqual((await del({ identity: ['user-2', 'user-3'] })).json, { status: 'success', partial: true });
      assert.equal(f.profileState(A.clevertap.accountId, 'identity', 'user-2'), 'present');
      assert.equal(f.profileState(A.clevertap.accountId, 'identity', 'user-3'), 'deleted');
    });

    it('duplicateStatusKey: "status" again at the end, the opposite of the truth, on a failed delete and on a live profile', async () => {
      await start({ failOn2xx: true, duplicateStatusKey: true });
      const r = await del({ identity: ['user-1'] });
      assert.equal(r.text, '{"status":"fail","error":"Request could not be processed","code":500,"status":"success"}');
      assert.deepEqual(f.appliedIds(), []);
      const found = await lookup('identity=user-1');
      assert.equal(found.status, 200);
      assert.match(found.text, /^\{"status":"success","record":\{"identity":"user-1",.*\},"status":"fail","error":"Profile not found"\}$/);
    });

    it('failOn2xx: 200 with {"status":"fail"} deletes nothing', async () => {
      await start({ failOn2xx: true });
      const r = await del({ identity: ['user-1'] });
      assert.deepEqual([r.status, (r.json as { status: string }).status], [200, 'fail']);
      assert.deepEqual(f.appliedIds(), []);
    });
  });

  it('wrong path → 404; GET on the delete path → 405', async () => {
    await start();
    assert.equal((await call(f.url, '/1/delete/profile.json', { method: 'POST', headers: clevertapHeaders(), body: { identity: 'x' } })).status, 404);
    assert.equal((await call(f.url, DELETE, { headers: clevertapHeaders() })).status, 405);
  });
});
