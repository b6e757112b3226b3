import assert from 'node:assert/strict';
import {
  DEFAULT_FAKE_ACCOUNTS, FakeBatch, FakeCleverTap, FaultController, seedUsers, startFakeVendors, type FakeVendors,
} from '../../fakes';
import {
  A, ANDROID_KEY, COOLADATA_DELETE, batchHeaders, call, callFails, clevertapHeaders, cooladataHeaders, engagelabHeaders,
} from './helpers';

const ctDelete = (base: string, ids: string[]) =>
  call(base, '/1/delete/profiles.json', { method: 'POST', headers: clevertapHeaders(), body: { identity: ids } });

describe('fakes: shared machinery', () => {
  let f: FakeVendors;
  beforeEach(async () => {
    f = await startFakeVendors();
  });
  afterEach(async () => {
    await f.close();
  });

  it('starts one loopback server per vendor with default accounts', () => {
    const urls = Object.values(f.urls);
    assert.equal(new Set(urls).size, 4);
    for (const u of urls) assert.match(u, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(f.accounts.clevertap[0].accountId, DEFAULT_FAKE_ACCOUNTS.clevertap.accountId);
    assert.deepEqual(f.accounts.cooladata[0].users, seedUsers(20));
    assert.equal(f.env().USER_ERASURE_BATCH_BASE_URL, f.urls.batch);
  });

  it('records every request of every vendor in arrival order with its wire details', async () => {
    await call(f.urls.cooladata, COOLADATA_DELETE, { method: 'POST', headers: cooladataHeaders(), body: { reason: 'r', userIds: ['user-1'] } });
    await call(f.urls.engagelab, '/v4/devices/rid-user-2', { method: 'DELETE', headers: engagelabHeaders() });
    await call(f.urls.engagelab, '/v4/aliases/user-3?platform=android,ios', { headers: engagelabHeaders() });
    await call(f.urls.batch, `/1.0/${ANDROID_KEY}/data/users/a%2Fb%20c`, { method: 'DELETE', headers: { 'X-Authorization': A.batch.restKey } });

    const log = f.requests();
    assert.deepEqual(log.map((r) => [r.seq, r.vendor, r.kind, r.status]), [
      [1, 'cooladata', 'delete', 200],
      [2, 'engagelab', 'delete', 200],
      [3, 'engagelab', 'lookup', 200],
      [4, 'batch', 'delete', 200],
    ]);
    const [cd, , alias, batch] = log;
    assert.equal(cd.method, 'POST');
    assert.equal(cd.headers.authorization, `Token ${A.cooladata.token}`);
    assert.deepEqual(cd.json, { reason: 'r', userIds: ['user-1'] });
    assert.equal(cd.bodyText, '{"reason":"r","userIds":["user-1"]}');
    assert.equal(cd.account, A.cooladata.projectId);
    assert.deepEqual(alias.query, { platform: 'android,ios' });
    assert.deepEqual(alias.ids, ['user-3']);
    assert.equal(batch.rawPath, `/1.0/${ANDROID_KEY}/data/users/a%2Fb%20c`);
    assert.equal(batch.path, `/1.0/${ANDROID_KEY}/data/users/a/b c`);
    assert.deepEqual(batch.ids, ['a/b c']);
    assert.equal(batch.headers['x-authorization'], A.batch.restKey);
    assert.deepEqual(f.appliedIds(), ['user-1', 'rid-user-2', 'a/b c']);
    assert.deepEqual(f.engagelab.requests().map((r) => r.seq), [2, 3]);
  });

  it('reset() clears the log, the faults and the state, and restarts seq', async () => {
    await ctDelete(f.urls.clevertap, ['user-1']);
    assert.equal(f.clevertap.profileState(A.clevertap.accountId, 'identity', 'user-1'), 'deleted');
    f.clevertap.faults.enqueue({ fault: '500', count: 5 });
    f.reset();
    assert.equal(f.requests().length, 0);
    assert.equal(f.clevertap.faults.pending, 0);
    assert.equal(f.clevertap.profileState(A.clevertap.accountId, 'identity', 'user-1'), 'present');
    const r = await ctDelete(f.urls.clevertap, ['user-1']);
    assert.equal(r.status, 200);
    assert.equal(f.requests()[0].seq, 1);
  });

  describe('scripted faults', () => {
    it('answers the next matching requests with the vendor-shaped 500, then recovers', async () => {
      f.clevertap.faults.enqueue({ fault: '500', count: 2, match: { kind: 'delete' } });
      const lookup = await call(f.urls.clevertap, '/1/profile.json?identity=user-9', { headers: clevertapHeaders() });
      assert.equal(lookup.status, 200, 'a lookup does not match kind=delete');
      const a = await ctDelete(f.urls.clevertap, ['user-1']);
      const b = await ctDelete(f.urls.clevertap, ['user-2']);
      const c = await ctDelete(f.urls.clevertap, ['user-3']);
      assert.deepEqual([a.status, b.status, c.status], [500, 500, 200]);
      assert.deepEqual(a.json, { status: 'fail', error: 'Internal server error', code: 500 });
      const recs = f.clevertap.requests().filter((r) => r.kind === 'delete');
      assert.deepEqual(recs.map((r) => [r.fault, r.applied]), [['500', false], ['500', false], [undefined, true]]);
      assert.equal(f.clevertap.profileState(A.clevertap.accountId, 'identity', 'user-1'), 'present');
    });

    it('429 carries Retry-After only when asked; 503 uses the vendor error shape (Batch: MAINTENANCE_ERROR)', async () => {
      f.batch.faults.enqueue({ fault: '429', retryAfter: 7 }).enqueue({ fault: '429' }).enqueue({ fault: '503' });
      const path = `/1.0/${ANDROID_KEY}/data/users/user-1`;
      const r1 = await call(f.urls.batch, path, { method: 'DELETE', headers: batchHeaders() });
      const r2 = await call(f.urls.batch, path, { method: 'DELETE', headers: batchHeaders() });
      const r3 = await call(f.urls.batch, path, { method: 'DELETE', headers: batchHeaders() });
      assert.equal(r1.status, 429);
      assert.equal(r1.headers['retry-after'], '7');
      assert.equal(r2.headers['retry-after'], undefined);
      assert.equal(r3.status, 503);
      assert.deepEqual(r3.json, { error_code: 2, error_message: 'Service unavailable' });
      assert.equal(f.batch.customDataState(ANDROID_KEY, 'user-1'), 'present');
    });

    it('reset-before drops the connection without applying; reset-after applies then drops', async () => {
      f.engagelab.faults.enqueue({ fault: 'reset-before' }).enqueue({ fault: 'reset-after' });
      const e1 = await callFails(f.urls.engagelab, '/v4/devices/rid-user-1', { method: 'DELETE', headers: engagelabHeaders() });
      const e2 = await callFails(f.urls.engagelab, '/v4/devices/rid-user-2', { method: 'DELETE', headers: engagelabHeaders() });
      assert.match(String((e1 as { code?: string }).code ?? e1.message), /ECONNRESET|UND_ERR_SOCKET/);
      assert.ok(e2);
      const [a, b] = f.engagelab.requests();
      assert.deepEqual([a.status, a.applied, a.fault], [0, false, 'reset-before']);
      assert.deepEqual([b.status, b.applied, b.fault], [0, true, 'reset-after']);
      assert.equal(f.engagelab.deviceState(A.engagelab.appKey, 'rid-user-1'), 'present');
      assert.equal(f.engagelab.deviceState(A.engagelab.appKey, 'rid-user-2'), 'deleted');
    });

    it('timeout holds then drops without applying; timeout-after applies first', async () => {
      f.cooladata.faults.enqueue({ fault: 'timeout', holdMs: 20 }).enqueue({ fault: 'timeout-after', holdMs: 20 });
      const body = (id: string) => ({ reason: 'r', userIds: [id] });
      await callFails(f.urls.cooladata, COOLADATA_DELETE, { method: 'POST', headers: cooladataHeaders(), body: body('user-1') });
      await callFails(f.urls.cooladata, COOLADATA_DELETE, { method: 'POST', headers: cooladataHeaders(), body: body('user-2') });
      assert.deepEqual(f.cooladata.requests().map((r) => [r.fault, r.status, r.applied]), [
        ['timeout', 0, false],
        ['timeout-after', 0, true],
      ]);
      assert.equal(f.cooladata.userState(A.cooladata.projectId, 'user-1'), 'present');
      assert.equal(f.cooladata.userState(A.cooladata.projectId, 'user-2'), 'deleted');
    });

    it('empty answers 502 with no body; html answers an HTML page; neither applies', async () => {
      f.clevertap.faults.enqueue({ fault: 'empty' }).enqueue({ fault: 'html', status: 503 });
      const a = await ctDelete(f.urls.clevertap, ['user-1']);
      const b = await ctDelete(f.urls.clevertap, ['user-2']);
      assert.equal(a.status, 502);
      assert.equal(a.text, '');
      assert.equal(b.status, 503);
      assert.match(String(b.headers['content-type']), /text\/html/);
      assert.match(b.text, /<html>/);
      assert.deepEqual(f.clevertap.requests().map((r) => r.applied), [false, false]);
    });

    it('truncated announces more bytes than it sends, after applying', async () => {
      f.clevertap.faults.enqueue({ fault: 'truncated' });
      const e = await callFails(f.urls.clevertap, '/1/delete/profiles.json', { method: 'POST', headers: clevertapHeaders(), body: { identity: 'user-1' } });
      assert.ok(e instanceof Error);
      const [r] = f.clevertap.requests();
      assert.deepEqual([r.status, r.applied, r.fault], [200, true, 'truncated']);
    });

    it('slow delays and then answers normally; applied can be forced for answer faults', async () => {
      f.clevertap.faults.enqueue({ fault: 'slow', delayMs: 5 }).enqueue({ fault: '500', applied: true });
      const a = await ctDelete(f.urls.clevertap, ['user-1']);
      const b = await ctDelete(f.urls.clevertap, ['user-2']);
      assert.deepEqual([a.status, b.status], [200, 500]);
      assert.deepEqual(f.clevertap.requests().map((r) => [r.fault, r.applied]), [['slow', true], ['500', true]]);
    });

    it('matches on method, path and account', async () => {
      f.batch.faults.enqueue({ fault: '500', match: { method: 'POST', pathIncludes: '/gdpr/', account: ANDROID_KEY } });
      const gdpr = { request_type: 'remove', id: { type: 'custom_id', value: 'user-1' } };
      const ios = await call(f.urls.batch, `/1.0/${A.batch.apps[1].apiKey}/gdpr/request`, { method: 'POST', headers: batchHeaders(), body: gdpr });
      const del = await call(f.urls.batch, `/1.0/${ANDROID_KEY}/data/users/user-1`, { method: 'DELETE', headers: batchHeaders() });
      const hit = await call(f.urls.batch, `/1.0/${ANDROID_KEY}/gdpr/request`, { method: 'POST', headers: batchHeaders(), body: gdpr });
      assert.deepEqual([ios.status, del.status, hit.status], [200, 200, 500]);
    });
  });

  it('random faults are deterministic for a seed', () => {
    const pick = (seed: number) => {
      const c = new FaultController().random({ probability: 0.5, kinds: ['500', '503', 'timeout'], seed });
      return Array.from({ length: 40 }, () => c.take({ method: 'POST', path: '/x', kind: 'delete' })?.fault ?? '-');
    };
    const a = pick(42);
    assert.deepEqual(pick(42), a);
    assert.notDeepEqual(pick(43), a);
    assert.ok(a.includes('-') && a.some((x) => x !== '-'), 'some requests faulted, some not');
    assert.ok(a.every((x) => ['-', '500', '503', 'timeout'].includes(x)));
  });

  it('random faults hit real requests and are recorded', async () => {
    f.clevertap.faults.random({ probability: 1, kinds: ['503'], seed: 7, match: { kind: 'lookup' } });
    const look = await call(f.urls.clevertap, '/1/profile.json?identity=user-1', { headers: clevertapHeaders() });
    const del = await ctDelete(f.urls.clevertap, ['user-1']);
    assert.deepEqual([look.status, del.status], [503, 200]);
    assert.equal(f.clevertap.requests()[0].fault, '503');
  });

  it('pause() holds answers until resume(); waitForRequests() tells when they arrived', async () => {
    f.batch.pause();
    const pending = [1, 2, 3].map((i) =>
      call(f.urls.batch, `/1.0/${ANDROID_KEY}/data/users/user-${i}`, { method: 'DELETE', headers: batchHeaders() }));
    await f.batch.waitForRequests(3);
    assert.equal(f.batch.inFlight, 3);
    assert.deepEqual(f.batch.requests().map((r) => r.status), [0, 0, 0]);
    f.batch.resume();
    const res = await Promise.all(pending);
    assert.deepEqual(res.map((r) => r.status), [200, 200, 200]);
    assert.equal(f.batch.inFlight, 0);
  });

  it('never answers before its latency (counted from arrival, a 10,000-ID body included)', async () => {
    f.batch.configure({ latencyMs: 7 });
    const body = JSON.stringify(Array.from({ length: 10_000 }, (_, i) => `user-${i}`));
    for (let i = 0; i < 20; i++) {
      const r = await call(f.urls.batch, `/1.0/${ANDROID_KEY}/data/users`, { method: 'DELETE', headers: batchHeaders(), body: i % 2 ? body : '["user-1"]' });
      assert.equal(r.status, 200);
    }
    const served = f.batch.requests().map((r) => r.servedMs ?? 0);
    assert.equal(served.length, 20);
    assert.ok(Math.min(...served) >= 7, `answered after ${Math.min(...served).toFixed(2)} ms`);
  });

  it('keepBodies: false drops bodies from the log but still routes, records the IDs and judges the body', async () => {
    const lean = await startFakeVendors({ keepBodies: false });
    try {
      const ok = await call(lean.urls.batch, `/1.0/${ANDROID_KEY}/data/users`, { method: 'DELETE', headers: batchHeaders(), body: '["user-1","user-2"]' });
      assert.equal(ok.status, 200);
      const bad = await call(lean.urls.batch, `/1.0/${ANDROID_KEY}/data/users`, { method: 'DELETE', headers: batchHeaders(), body: '{"not":"a list"' });
      assert.equal(bad.status, 400);
      const [first, second] = lean.requests();
      assert.deepEqual([first.kind, first.ids, first.bodyText, first.json], ['delete', ['user-1', 'user-2'], '', undefined]);
      assert.deepEqual([second.status, second.bodyText], [400, '']);
    } finally {
      await lean.close();
    }
  });

  it('latency and jitter still answer correctly', async () => {
    f.engagelab.configure({ latencyMs: 3, jitterMs: 3 });
    const r = await call(f.urls.engagelab, '/v4/devices/rid-user-1', { headers: engagelabHeaders() });
    assert.equal(r.status, 200);
  });
});

describe('fakes: close()', () => {
  it('closes with requests held by a 60 s timeout and a closed gate, leaving no server, socket or timer', async () => {
    const ct = await FakeCleverTap.start();
    const batch = await FakeBatch.start();
    ct.faults.enqueue({ fault: 'timeout' }); // default hold: 60 s
    batch.pause();
    const held = callFails(ct.url, '/1/delete/profiles.json', { method: 'POST', headers: clevertapHeaders(), body: { guid: '__guser-1' } });
    const gated = callFails(batch.url, `/1.0/${ANDROID_KEY}/data/users/user-1`, { method: 'DELETE', headers: batchHeaders() });
    await Promise.all([ct.waitForRequests(1), batch.waitForRequests(1)]);
    assert.equal(ct.runningDeletes(A.clevertap.accountId), 1);

    await Promise.all([ct.close(), batch.close()]);
    await Promise.all([held, gated]); // both clients see the connection die
    await ct.close(); // idempotent
    assert.equal(ct.runningDeletes(A.clevertap.accountId), 0);
    assert.equal(ct.inFlight + batch.inFlight, 0);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const handles = process.getActiveResourcesInfo().filter((h) => h === 'TCPServerWrap');
    assert.deepEqual(handles, [], 'no listening server left');
  });

  it('standalone fakes expose url, requests() and close()', async () => {
    const ct = await FakeCleverTap.start({ profileNotFound: '404' });
    try {
      assert.match(ct.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      await ctDelete(ct.url, ['user-1']);
      assert.deepEqual(ct.requests().map((r) => [r.seq, r.vendor, r.ids]), [[1, 'clevertap', ['user-1']]]);
      assert.deepEqual(ct.appliedIds(), ['user-1']);
    } finally {
      await ct.close();
    }
  });

  it('waitForRequests() is rejected when a standalone fake closes', async () => {
    const ct = await FakeCleverTap.start();
    const waiting = ct.waitForRequests(1);
    await ct.close();
    await assert.rejects(waiting, /closed/);
  });
});
