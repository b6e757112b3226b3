import assert from 'node:assert/strict';
import { createManualClock, FakeEngageLab, type ManualClock } from '../../fakes';
import { A, call, engagelabHeaders } from './helpers';

describe('fakes: EngageLab', () => {
  let f: FakeEngageLab;
  let clock: ManualClock;
  const start = async (opts: ConstructorParameters<typeof FakeEngageLab>[0] = {}) => {
    clock = createManualClock();
    f = await FakeEngageLab.start({ now: clock.now, ...opts });
  };
  const del = (rid: string, headers: Record<string, string> = engagelabHeaders()) =>
    call(f.url, `/v4/devices/${encodeURIComponent(rid)}`, { method: 'DELETE', headers });
  const getDevice = (rid: string) => call(f.url, `/v4/devices/${encodeURIComponent(rid)}`, { headers: engagelabHeaders() });
  afterEach(async () => {
    await f.close();
  });

  it('deletes a device: 200 {"success":true}; lookup 200 until completion, then 404', async () => {
    await start({ completionDelayMs: 2000 });
    assert.deepEqual((await getDevice('rid-user-1')).json, { tags: ['fake'], alias: 'user-1' });
    const r = await del('rid-user-1');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { success: true });
    assert.equal(f.deviceState(A.engagelab.appKey, 'rid-user-1'), 'pending');
    assert.equal((await getDevice('rid-user-1')).status, 200);
    clock.advance(2000);
    assert.equal(f.deviceState(A.engagelab.appKey, 'rid-user-1'), 'deleted');
    const gone = await getDevice('rid-user-1');
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.json, { error: { code: 27006, message: 'registration_id not found' } });
    const rec = f.requests()[1];
    assert.deepEqual([rec.kind, rec.ids, rec.applied, rec.account], ['delete', ['rid-user-1'], true, A.engagelab.appKey]);
  });

  it('URL-decodes the registration_id (reserved characters stay in one segment)', async () => {
    await start({ apps: [{ appKey: 'k', masterSecret: 's', devices: [{ registrationId: 'a/b+c d' }] }] });
    const r = await call(f.url, `/v4/devices/${encodeURIComponent('a/b+c d')}`, { method: 'DELETE', headers: engagelabHeaders('k', 's') });
    assert.equal(r.status, 200);
    assert.deepEqual(f.requests()[0].ids, ['a/b+c d']);
  });

  it("successBody 'empty' and 'text' variants", async () => {
    await start({ successBody: 'empty' });
    const empty = await del('rid-user-1');
    assert.deepEqual([empty.status, empty.text], [200, '']);
    f.configure({ successBody: 'text' });
    const text = await del('rid-user-2');
    assert.deepEqual([text.status, text.text], [200, 'success']);
  });

  it("unknown or already-deleted registration_id: '404' (default), '200' or '400-foreign', never applied", async () => {
    await start();
    assert.equal((await del('rid-user-1')).status, 200);
    assert.equal((await del('rid-user-1')).status, 404);
    assert.deepEqual((await del('nope')).json, { error: { code: 27006, message: 'registration_id not found' } });
    f.configure({ unknownDevice: '200' });
    const again = await del('rid-user-1');
    assert.deepEqual([again.status, again.json], [200, { success: true }]);
    assert.deepEqual((await getDevice('nope')).json, { tags: [] });
    f.configure({ unknownDevice: '400-foreign' });
    const foreign = await del('nope');
    assert.deepEqual([foreign.status, foreign.json], [400, { error: { code: 7002, message: 'registration_id does not belong to this appkey' } }]);
    assert.deepEqual(f.requests().map((r) => r.applied), [true, false, false, false, false, false]);
    assert.deepEqual(f.appliedIds(), ['rid-user-1']);
  });

  it('an unknown route, or every route with apiMissing, answers the recorded 404 code 7010', async () => {
    await start();
    const route = await call(f.url, '/v4/', { method: 'DELETE', headers: engagelabHeaders() });
    assert.deepEqual([route.status, route.json], [404, { error: { code: 7010, message: "request api doesn't exist" } }]);
    f.configure({ apiMissing: true });
    const dev = await del('rid-user-1');
    assert.deepEqual([dev.status, dev.json], [404, { error: { code: 7010, message: "request api doesn't exist" } }]);
    assert.equal(f.deviceState(A.engagelab.appKey, 'rid-user-1'), 'present');
  });

  it('errorOn2xx: 200 with an error body deletes nothing', async () => {
    await start({ errorOn2xx: true });
    const r = await del('rid-user-1');
    assert.deepEqual([r.status, r.json], [200, { error: { code: 27002, message: 'unknown error' } }]);
    assert.equal(f.deviceState(A.engagelab.appKey, 'rid-user-1'), 'present');
  });

  it('errorsBesideAnswer: {"success":true} or the alias list with an errors list beside it, nothing done', async () => {
    await start({ errorsBesideAnswer: true });
    const r = await del('rid-user-1');
    assert.deepEqual([r.status, r.json], [200, { success: true, errors: [{ code: 27002, message: 'unknown error' }] }]);
    assert.equal(f.deviceState(A.engagelab.appKey, 'rid-user-1'), 'present');
    const a = await call(f.url, '/v4/aliases/user-2', { headers: engagelabHeaders() });
    assert.deepEqual([a.status, a.json], [200, { registration_ids: [], errors: [{ code: 27002, message: 'unknown error' }] }]);
  });

  it('a gateway HTML 404 (fault) is a page, not the vendor shape', async () => {
    await start();
    f.faults.enqueue({ fault: 'html', status: 404 });
    const r = await del('rid-user-1');
    assert.equal(r.status, 404);
    assert.match(r.text, /<title>404 Not Found<\/title>/);
    assert.equal(f.deviceState(A.engagelab.appKey, 'rid-user-1'), 'present');
  });

  it("one host per data centre: the AppKey answers on its own (push and web push) hosts, 401 elsewhere", async () => {
    await start({ apps: [{ appKey: A.engagelab.appKey, masterSecret: A.engagelab.masterSecret, dataCenter: 'defra', devices: [{ registrationId: 'r1' }] }] });
    const at = (host: string) => call(f.url, '/v4/devices/r1', { headers: { ...engagelabHeaders(), host } });
    const wrong = await at('pushapi-sgp.engagelab.com');
    assert.deepEqual([wrong.status, wrong.json], [401, { error: { code: 27001, message: 'Authentication failed' } }]);
    assert.equal((await at('webpushapi-hk.engagelab.com')).status, 401);
    assert.equal((await at('pushapi-defra.engagelab.com')).status, 200);
    assert.equal((await at('127.0.0.1')).status, 200, 'a loopback Host is the base URL override: every data centre');
  });

  it('auth: missing, wrong secret, unknown AppKey or non-Basic → 401 in the nested shape', async () => {
    await start();
    const cases = [
      { accept: 'application/json' },
      engagelabHeaders(A.engagelab.appKey, 'wrong'),
      engagelabHeaders('other', A.engagelab.masterSecret),
      { accept: 'application/json', authorization: `Bearer ${A.engagelab.masterSecret}` },
    ];
    for (const h of cases) {
      const r = await del('rid-user-1', h);
      assert.equal(r.status, 401);
      assert.deepEqual(r.json, { error: { code: 27001, message: 'Authentication failed' } });
    }
    assert.equal(f.deviceState(A.engagelab.appKey, 'rid-user-1'), 'present');
  });

  it("errorShape 'flat' answers {code, message}", async () => {
    await start({ errorShape: 'flat' });
    const r = await del('rid-user-1', engagelabHeaders(A.engagelab.appKey, 'wrong'));
    assert.deepEqual(r.json, { code: 27001, message: 'Authentication failed' });
  });

  it('requires Accept: application/json; wrong path → 404; POST → 405', async () => {
    await start();
    const { accept: _a, ...noAccept } = engagelabHeaders();
    assert.equal((await del('rid-user-1', noAccept)).status, 400);
    assert.equal((await call(f.url, '/v3/devices/rid-user-1', { method: 'DELETE', headers: engagelabHeaders() })).status, 404);
    assert.equal((await call(f.url, '/v4/devices/rid-user-1', { method: 'POST', headers: engagelabHeaders() })).status, 405);
  });

  describe('alias lookup', () => {
    const alias = (a: string, qs = '?platform=android,ios') =>
      call(f.url, `/v4/aliases/${encodeURIComponent(a)}${qs}`, { headers: engagelabHeaders() });

    it('resolves an alias to its registration_ids, honouring platform and completed deletions', async () => {
      await start({
        apps: [{
          appKey: A.engagelab.appKey,
          masterSecret: A.engagelab.masterSecret,
          devices: [
            { registrationId: 'r1', alias: 'al', platform: 'android' },
            { registrationId: 'r2', alias: 'al', platform: 'web' },
          ],
        }],
      });
      assert.deepEqual((await alias('al')).json, { registration_ids: ['r1'] });
      assert.deepEqual((await alias('al', '')).json, { registration_ids: ['r1', 'r2'] });
      await del('r1');
      assert.deepEqual((await alias('al')).json, { registration_ids: [] });
      assert.equal((await alias('al', '?platform=symbian')).status, 400);
      assert.deepEqual(f.requests()[0].ids, ['al']);
    });

    it('devices of every platform behind one alias: all without a filter, only those asked for with one', async () => {
      await start({
        apps: [{
          appKey: A.engagelab.appKey,
          masterSecret: A.engagelab.masterSecret,
          devices: ['android', 'ios', 'hmos', 'web'].map((platform) => ({ registrationId: `r-${platform}`, alias: 'al', platform })),
        }],
      });
      assert.deepEqual((await alias('al', '')).json, { registration_ids: ['r-android', 'r-ios', 'r-hmos', 'r-web'] });
      assert.deepEqual((await alias('al')).json, { registration_ids: ['r-android', 'r-ios'] });
    });

    it("unknown alias: empty list (default), null or 404; alias over 40 bytes → 400", async () => {
      await start();
      assert.deepEqual((await alias('nobody')).json, { registration_ids: [] });
      f.configure({ unknownAlias: 'null' });
      assert.deepEqual((await alias('nobody')).json, { registration_ids: null });
      f.configure({ unknownAlias: '404' });
      assert.equal((await alias('nobody')).status, 404);
      assert.equal((await alias('é'.repeat(21))).status, 400);
      assert.equal((await alias('a'.repeat(40))).status, 404);
    });
  });

  describe('rate limit per AppKey (sliding 1-second window)', () => {
    it('default 500/s: the 501st request in the same second gets 429 and overLimit', async function () {
      this.timeout(30_000); // 501 real HTTP calls; the frozen clock keeps them in one window however long they take
      await start();
      const statuses: number[] = [];
      for (let batch = 0; batch < 501; batch += 50) {
        const n = Math.min(50, 501 - batch);
        const res = await Promise.all(Array.from({ length: n }, (_, i) => getDevice(`rid-user-${((batch + i) % 20) + 1}`)));
        statuses.push(...res.map((r) => r.status));
      }
      assert.equal(statuses.filter((s) => s === 200).length, 500);
      assert.equal(statuses.filter((s) => s === 429).length, 1);
      const over = f.requests().filter((r) => r.overLimit);
      assert.equal(over.length, 1);
      assert.equal(over[0].status, 429);
    });

    it('the window slides: old requests leave it exactly 1000 ms later', async () => {
      await start({ ratePerSecond: 3 });
      const t0 = clock.now();
      assert.equal((await getDevice('rid-user-1')).status, 200); // t0
      clock.set(t0 + 600);
      assert.equal((await getDevice('rid-user-1')).status, 200);
      assert.equal((await getDevice('rid-user-1')).status, 200);
      const limited = await del('rid-user-1');
      assert.equal(limited.status, 429);
      assert.deepEqual(limited.json, { error: { code: 27008, message: 'Too many requests' } });
      assert.equal(f.deviceState(A.engagelab.appKey, 'rid-user-1'), 'present');
      clock.set(t0 + 999);
      assert.equal((await getDevice('rid-user-1')).status, 429);
      clock.set(t0 + 1000); // the t0 request left the window: one slot
      assert.equal((await del('rid-user-1')).status, 200);
      assert.equal((await getDevice('rid-user-2')).status, 429);
      assert.deepEqual(f.requests().map((r) => r.overLimit), [false, false, false, true, true, false, true]);
    });

    it('counts every 1000 ms window, not calendar seconds', async () => {
      await start({ ratePerSecond: 3 });
      const second = Math.ceil(clock.now() / 1000) * 1000 + 1000;
      clock.set(second - 100);
      for (let i = 0; i < 3; i++) assert.equal((await getDevice('rid-user-1')).status, 200);
      clock.set(second + 100); // a new calendar second, but the same sliding window
      assert.equal((await getDevice('rid-user-1')).status, 429);
      clock.set(second + 900);
      assert.equal((await getDevice('rid-user-1')).status, 200);
      assert.deepEqual(f.requests().map((r) => r.overLimit), [false, false, false, true, false]);
    });

    it('a token bucket refilled at 100 % of the rate with a 2 % burst goes over it', async function () {
      this.timeout(30_000);
      await start({ ratePerSecond: 100 });
      // The bucket: 2 requests at once, then one every 10 ms — 101 within the first second.
      const t0 = clock.now();
      const statuses = [(await getDevice('rid-user-1')).status, (await getDevice('rid-user-1')).status];
      for (let at = 10; at < 1000; at += 10) {
        clock.set(t0 + at);
        statuses.push((await getDevice('rid-user-1')).status);
      }
      assert.deepEqual(statuses.filter((s) => s === 429).length, 1);
      assert.equal(f.requests().filter((r) => r.overLimit).length, 1);
    });

    it('rateLimitHeaders: X-Rate-Limit-Limit/Remaining/Reset on every answer; none by default', async () => {
      await start({ ratePerSecond: 3 });
      const plain = await getDevice('rid-user-1');
      assert.equal(plain.headers['x-rate-limit-limit'], undefined);
      f.configure({ rateLimitHeaders: true });
      const rate = (r: { status: number; headers: Record<string, unknown> }) =>
        [r.status, r.headers['x-rate-limit-limit'], r.headers['x-rate-limit-remaining'], r.headers['x-rate-limit-reset']];
      const t0 = clock.now();
      clock.set(t0 + 400);
      assert.deepEqual(rate(await getDevice('rid-user-1')), [200, '3', '1', '1']);
      assert.deepEqual(rate(await getDevice('nope')), [404, '3', '0', '1']);
      assert.deepEqual(rate(await del('rid-user-1')), [429, '3', '0', '1']);
      clock.set(t0 + 1000); // the first request left the window
      assert.deepEqual(rate(await del('rid-user-1')), [200, '3', '0', '1']);
      const wrong = await call(f.url, '/v4/devices/rid-user-1', { headers: engagelabHeaders(A.engagelab.appKey, 'wrong') });
      assert.deepEqual(rate(wrong), [401, undefined, undefined, undefined]); // not counted for an unknown caller
    });

    it('limits each AppKey separately', async () => {
      await start({
        ratePerSecond: 1,
        apps: [
          { appKey: 'k1', masterSecret: 's1', devices: [] },
          { appKey: 'k2', masterSecret: 's2', devices: [] },
        ],
      });
      const look = (k: string, s: string) => call(f.url, '/v4/aliases/x', { headers: engagelabHeaders(k, s) });
      assert.equal((await look('k1', 's1')).status, 200);
      assert.equal((await look('k2', 's2')).status, 200);
      assert.equal((await look('k1', 's1')).status, 429);
    });
  });
});
