import assert from 'node:assert/strict';
import { createManualClock, FakeBatch, seedUsers, type ManualClock } from '../../fakes';
import { A, ANDROID_KEY, IOS_KEY, batchHeaders, call } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY = 24 * 3600 * 1000;
const gdprBody = (value: string) => ({ request_type: 'remove', id: { type: 'custom_id', value } });

describe('fakes: Batch', () => {
  let f: FakeBatch;
  let clock: ManualClock;
  const start = async (opts: ConstructorParameters<typeof FakeBatch>[0] = {}) => {
    clock = createManualClock();
    f = await FakeBatch.start({ now: clock.now, ...opts });
  };
  const single = (id: string, key: string = ANDROID_KEY, headers: Record<string, string> = { 'x-authorization': A.batch.restKey }) =>
    call(f.url, `/1.0/${key}/data/users/${encodeURIComponent(id)}`, { method: 'DELETE', headers });
  const bulk = (body: unknown, key: string = ANDROID_KEY, headers: Record<string, string> = batchHeaders()) =>
    call(f.url, `/1.0/${key}/data/users`, { method: 'DELETE', headers, body });
  const gdpr = (value: string, key: string = ANDROID_KEY) =>
    call(f.url, `/1.0/${key}/gdpr/request`, { method: 'POST', headers: batchHeaders(), body: gdprBody(value) });
  const gdprStatus = (id: string, key: string = ANDROID_KEY) =>
    call(f.url, `/1.0/${key}/gdpr/request/${id}`, { headers: { 'x-authorization': A.batch.restKey } });
  const gdprList = (key: string = ANDROID_KEY) => call(f.url, `/1.0/${key}/gdpr/requests`, { headers: { 'x-authorization': A.batch.restKey } });
  afterEach(async () => {
    await f.close();
  });

  describe('Custom Data delete', () => {
    it('single DELETE (no body) → 200 {"token": uuid}; ID decoded from the path; per app key', async () => {
      await start({ completionDelayMs: 100 });
      const r = await single('user-1');
      assert.equal(r.status, 200);
      assert.match((r.json as { token: string }).token, UUID);
      assert.equal(f.customDataState(ANDROID_KEY, 'user-1'), 'pending');
      assert.equal(f.customDataState(IOS_KEY, 'user-1'), 'present');
      clock.advance(100);
      assert.equal(f.customDataState(ANDROID_KEY, 'user-1'), 'deleted');
      assert.equal((await single('with/slash and space')).status, 200);
      assert.deepEqual(f.requests().map((x) => [x.kind, x.ids, x.applied, x.account]), [
        ['delete', ['user-1'], true, ANDROID_KEY],
        ['delete', ['with/slash and space'], true, ANDROID_KEY],
      ]);
    });

    it('bulk DELETE with a JSON array: 10,000 ok; 10,001 → 400 MALFORMED_PARAMETER + overLimit', async () => {
      await start();
      const ok = await bulk(seedUsers(10_000));
      assert.equal(ok.status, 200);
      assert.match((ok.json as { token: string }).token, UUID);
      const over = await bulk(seedUsers(10_001));
      assert.deepEqual([over.status, (over.json as { error_code: number }).error_code], [400, 31]);
      const [a, b] = f.requests();
      assert.deepEqual([a.overLimit, a.applied, a.ids.length], [false, true, 10_000]);
      assert.deepEqual([b.overLimit, b.applied, b.ids.length], [true, false, 10_001]);
    });

    it('bulk validation: empty → 30, malformed JSON → 32, wrong content-type → 32, non-strings or ≥1024 chars → 31', async () => {
      await start();
      const code = async (p: Promise<{ status: number; json?: unknown }>) => {
        const r = await p;
        return [r.status, (r.json as { error_code: number }).error_code];
      };
      assert.deepEqual(await code(bulk([])), [400, 30]);
      assert.deepEqual(await code(bulk('["a",')), [400, 32]);
      assert.deepEqual(await code(bulk(['a'], ANDROID_KEY, { 'x-authorization': A.batch.restKey, 'content-type': 'text/plain' })), [400, 32]);
      assert.deepEqual(await code(bulk({ ids: ['a'] })), [400, 31]);
      assert.deepEqual(await code(bulk(['a', 7])), [400, 31]);
      assert.deepEqual(await code(bulk(['x'.repeat(1024)])), [400, 31]);
      assert.equal((await bulk(['x'.repeat(1023)])).status, 200);
      assert.deepEqual(await code(single('x'.repeat(1024))), [400, 31]);
    });

    it('IDs are case- and whitespace-sensitive', async () => {
      await start();
      await bulk([' user-1', 'USER-2']);
      assert.equal(f.customDataState(ANDROID_KEY, 'user-1'), 'present');
      assert.equal(f.customDataState(ANDROID_KEY, 'user-2'), 'present');
      assert.equal(f.customDataState(ANDROID_KEY, ' user-1'), 'deleted');
    });

    it('an ID deleted again keeps its first deletion time, read in between or not; a changed request log changes nothing', async () => {
      await start({ completionDelayMs: 100 });
      await bulk(['user-1', 'user-2']);
      clock.advance(60);
      await bulk(['user-2', 'user-3']);
      (f.requests()[1].json as string[])[1] = 'someone-else';
      assert.equal(f.customDataState(ANDROID_KEY, 'user-1'), 'pending');
      await single('user-1');
      clock.advance(40);
      assert.deepEqual(
        ['user-1', 'user-2', 'user-3'].map((id) => f.customDataState(ANDROID_KEY, id)),
        ['deleted', 'deleted', 'pending'],
      );
      assert.equal(f.customDataState(ANDROID_KEY, 'someone-else'), 'unknown');
    });

    it('a plan without Custom Data → 403 API_MISUSE', async () => {
      await start({ accounts: [{ restKey: 'rk', apps: [{ apiKey: 'K', users: [], customDataApi: false }] }] });
      const r = await single('u', 'K', { 'x-authorization': 'rk' });
      assert.deepEqual([r.status, r.json], [403, { error_code: 12, error_message: 'The Custom Data API is not available on this plan' }]);
    });
  });

  describe('auth, routes and error field variants', () => {
    it('missing or wrong X-Authorization, or unknown API key → 401 AUTHENTICATION_INVALID (10)', async () => {
      await start();
      for (const r of [
        await single('user-1', ANDROID_KEY, {}),
        await single('user-1', ANDROID_KEY, { 'x-authorization': 'nope' }),
        await single('user-1', 'UNKNOWNKEY'),
        await call(f.url, `/1.0/${ANDROID_KEY}/data/users/user-1`, { method: 'DELETE', headers: { authorization: A.batch.restKey } }),
      ]) {
        assert.deepEqual([r.status, r.json], [401, { error_code: 10, error_message: 'Invalid REST API key or API key' }]);
      }
      assert.ok(f.requests().every((r) => !r.applied));
    });

    it('unknown route or method → 404 ROUTE_NOT_FOUND (20)', async () => {
      await start();
      const a = await call(f.url, `/1.0/${ANDROID_KEY}/data/users`, { headers: batchHeaders() });
      const b = await call(f.url, `/2.0/${ANDROID_KEY}/data/users/u`, { method: 'DELETE', headers: batchHeaders() });
      for (const r of [a, b]) assert.deepEqual([r.status, (r.json as { error_code: number }).error_code], [404, 20]);
    });

    it("errorFields 'code' → {code, message}; 'none' → no such fields", async () => {
      await start({ errorFields: 'code' });
      assert.deepEqual((await single('u', ANDROID_KEY, {})).json, { code: 10, message: 'Invalid REST API key or API key' });
      f.configure({ errorFields: 'none' });
      const r = await single('u', ANDROID_KEY, {});
      assert.deepEqual([r.status, r.json], [401, {}]);
    });
  });

  describe('GDPR API', () => {
    it('create → 200 {request_id}; status pending → done; list shows it', async () => {
      await start({ completionDelayMs: 60_000 });
      const created = await gdpr('user-1');
      assert.equal(created.status, 200);
      const id = (created.json as { request_id: string }).request_id;
      assert.match(id, UUID);
      const rec = f.requests()[0];
      assert.deepEqual([rec.kind, rec.ids, rec.applied], ['delete', ['user-1'], true]);

      const pending = await gdprStatus(id);
      assert.deepEqual(pending.json, {
        request_id: id,
        request_date: new Date(clock.now()).toISOString(),
        status: 'pending',
        request_type: 'remove',
        trigger_type: 'api',
        id: { type: 'custom_id', value: 'user-1' },
      });
      assert.equal(f.gdprState(ANDROID_KEY, 'user-1'), 'pending');
      clock.advance(60_000);
      const done = await gdprStatus(id);
      assert.equal((done.json as { status: string }).status, 'done');
      assert.equal((done.json as { error?: string }).error, undefined);
      assert.equal(f.gdprState(ANDROID_KEY, 'user-1'), 'deleted');
      const list = await gdprList();
      assert.deepEqual((list.json as Array<{ request_id: string }>).map((x) => x.request_id), [id]);
      assert.deepEqual((await gdprList(IOS_KEY)).json, []);
      assert.deepEqual(f.requests().map((r) => r.kind), ['delete', 'status', 'status', 'list', 'list']);
      assert.deepEqual(f.requests()[1].ids, ['user-1']);
    });

    it('a user that was not seeded ends done with error "user not found"', async () => {
      await start();
      const id = ((await gdpr('ghost')).json as { request_id: string }).request_id;
      const r = await gdprStatus(id);
      assert.equal((r.json as { status: string }).status, 'done');
      assert.equal((r.json as { error: string }).error, 'user not found');
    });

    it("gdprIdField variants 'token' and 'id'", async () => {
      await start({ gdprIdField: 'token' });
      const t = (await gdpr('user-1')).json as Record<string, string>;
      assert.deepEqual(Object.keys(t), ['token']);
      f.configure({ gdprIdField: 'id' });
      const i = (await gdpr('user-2')).json as Record<string, string>;
      assert.deepEqual(Object.keys(i), ['id']);
      assert.equal((await gdprStatus(i.id)).status, 200);
    });

    it('requests expire: 404 ROUTE_NOT_FOUND and gone from the list', async () => {
      await start();
      const id = ((await gdpr('user-1')).json as { request_id: string }).request_id;
      clock.advance(20 * DAY - 1);
      assert.equal((await gdprStatus(id)).status, 200);
      clock.advance(1);
      const r = await gdprStatus(id);
      assert.deepEqual([r.status, (r.json as { error_code: number }).error_code], [404, 20]);
      assert.deepEqual((await gdprList()).json, []);
      assert.equal((await gdprStatus('00000000-0000-0000-0000-000000000000')).status, 404);
    });

    it('validation: missing fields → 30, wrong request_type or id type → 31, malformed JSON → 32', async () => {
      await start();
      const post = (b: unknown) => call(f.url, `/1.0/${ANDROID_KEY}/gdpr/request`, { method: 'POST', headers: batchHeaders(), body: b });
      const code = async (b: unknown) => ((await post(b)).json as { error_code: number }).error_code;
      assert.equal(await code({ request_type: 'remove' }), 30);
      assert.equal(await code({ request_type: 'remove', id: { type: 'custom_id' } }), 30);
      assert.equal(await code({ request_type: 'erase', id: { type: 'custom_id', value: 'u' } }), 31);
      assert.equal(await code({ request_type: 'remove', id: { type: 'email', value: 'u' } }), 31);
      assert.equal(await code('{"request_type":'), 32);
      assert.ok(f.requests().every((r) => r.status === 400 && !r.applied));
    });
  });
  describe('hostile variants (issue 11)', () => {
    it("customDataAnswer 'empty': deleted, but the 200 has no token; 'error-body': a 200 with an error, nothing deleted", async () => {
      await start({ customDataAnswer: 'empty' });
      const empty = await bulk(['user-1']);
      assert.deepEqual([empty.status, empty.text], [200, '']);
      assert.equal(f.customDataState(ANDROID_KEY, 'user-1'), 'deleted');
      f.configure({ customDataAnswer: 'error-body' });
      const withError = await bulk(['user-2']);
      assert.equal(withError.status, 200);
      assert.deepEqual(withError.json, { error_code: 1, error_message: 'Internal error, nothing was deleted' });
      assert.equal(f.customDataState(ANDROID_KEY, 'user-2'), 'present');
    });

    it("customDataAnswer 'token-invalid-ids': a 200 with a token that lists the refused IDs; only the others are deleted", async () => {
      await start({ customDataAnswer: 'token-invalid-ids', invalidIds: ['user-2'] });
      const r = await bulk(['user-1', 'user-2']);
      assert.equal(r.status, 200);
      assert.deepEqual((r.json as { invalid_ids: string[] }).invalid_ids, ['user-2']);
      assert.equal(typeof (r.json as { token: string }).token, 'string');
      assert.equal(f.customDataState(ANDROID_KEY, 'user-1'), 'deleted');
      assert.equal(f.customDataState(ANDROID_KEY, 'user-2'), 'present');
    });

    it('invalidIds: a bulk call holding a refused ID is a 400 MALFORMED_PARAMETER for all of it', async () => {
      await start({ invalidIds: ['user-2'] });
      const r = await bulk(['user-1', 'user-2']);
      assert.equal(r.status, 400);
      assert.deepEqual(r.json, { error_code: 31, error_message: 'Malformed parameter: user ID' });
      assert.equal(f.customDataState(ANDROID_KEY, 'user-1'), 'present');
      assert.equal((await bulk(['user-1'])).status, 200);
    });

    it("gdprIdField 'none': the request is created, the answer is {}", async () => {
      await start();
      f.configure({ gdprIdField: 'none' });
      const r = await gdpr('user-1');
      assert.deepEqual([r.status, r.json], [200, {}]);
      const list = (await gdprList()).json as Array<{ id: { value: string } }>;
      assert.deepEqual(list.map((x) => x.id.value), ['user-1']);
    });

    it('gdprDoneErrors / gdprNotFoundError: the error a done request carries; the user stays', async () => {
      await start();
      f.configure({ gdprDoneErrors: { 'user-1': { message: 'removal failed' } }, gdprNotFoundError: 'User not found.' });
      const failing = (await gdpr('user-1')).json as { request_id: string };
      const missing = (await gdpr('nobody')).json as { request_id: string };
      assert.deepEqual(((await gdprStatus(failing.request_id)).json as { status: string; error: unknown }).error, { message: 'removal failed' });
      assert.equal(((await gdprStatus(missing.request_id)).json as { error: unknown }).error, 'User not found.');
      assert.equal(f.gdprState(ANDROID_KEY, 'user-1'), 'present');
    });

    it("a gateway HTML 404 (fault 'html', status 404) replaces Batch's JSON answer", async () => {
      await start();
      f.faults.enqueue({ fault: 'html', status: 404 });
      const r = await bulk(['user-1']);
      assert.equal(r.status, 404);
      assert.match(r.text, /^<html>/);
      assert.equal(f.customDataState(ANDROID_KEY, 'user-1'), 'present');
    });
  });
});
