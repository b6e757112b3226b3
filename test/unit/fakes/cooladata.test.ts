import assert from 'node:assert/strict';
import { COOLADATA_EXAMPLE_STATUS_PATH, createManualClock, FakeCooladata, type ManualClock } from '../../fakes';
import { A, COOLADATA_DELETE, call, cooladataHeaders } from './helpers';

const body = (userIds: string[], reason = 'GDPR erasure request') => ({ reason, userIds });
const STATUS = `/api/v2/projects/${A.cooladata.projectId}/users/delete/status`;

describe('fakes: Cooladata', () => {
  let f: FakeCooladata;
  let clock: ManualClock;
  const start = async (opts: ConstructorParameters<typeof FakeCooladata>[0] = {}) => {
    clock = createManualClock();
    f = await FakeCooladata.start({ now: clock.now, ...opts });
  };
  const del = (ids: string[], headers: Record<string, string> = cooladataHeaders()) =>
    call(f.url, COOLADATA_DELETE, { method: 'POST', headers, body: body(ids) });
  afterEach(async () => {
    await f.close();
  });

  it('accepts a delete with 200 and an EMPTY body, queues then completes the users', async () => {
    await start({ completionDelayMs: 1000 });
    const r = await del(['user-1', 'user-2', 'never-seen']);
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
    assert.equal(r.headers['content-length'], '0');
    assert.equal(r.headers['content-type'], undefined);
    const [rec] = f.requests();
    assert.deepEqual([rec.kind, rec.applied, rec.account, rec.ids], ['delete', true, A.cooladata.projectId, ['user-1', 'user-2', 'never-seen']]);
    assert.equal(f.userState(A.cooladata.projectId, 'user-1'), 'pending');
    assert.equal(f.userState(A.cooladata.projectId, 'user-3'), 'present');
    clock.advance(1000);
    assert.equal(f.userState(A.cooladata.projectId, 'user-1'), 'deleted');
  });

  describe('auth forms', () => {
    it("authForm 'token' (default) accepts only `Token <t>`", async () => {
      await start();
      assert.equal((await del(['user-1'])).status, 200);
      const bare = await del(['user-1'], cooladataHeaders(A.cooladata.token, 'bare'));
      assert.equal(bare.status, 401);
      assert.match(bare.text, /Unauthorized/);
      assert.equal(bare.headers['content-type'], 'text/plain; charset=utf-8');
    });

    it("authForm 'bare' accepts only the bare token", async () => {
      await start({ authForm: 'bare' });
      assert.equal((await del(['user-1'])).status, 401);
      assert.equal((await del(['user-1'], cooladataHeaders(A.cooladata.token, 'bare'))).status, 200);
    });

    it("authForm 'either' accepts both", async () => {
      await start({ authForm: 'either' });
      assert.equal((await del(['user-1'])).status, 200);
      assert.equal((await del(['user-2'], cooladataHeaders(A.cooladata.token, 'bare'))).status, 200);
    });

    it('missing, wrong or Bearer token → 401; non-admin token → 403', async () => {
      await start();
      const noAuth = await call(f.url, COOLADATA_DELETE, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(['u']) });
      assert.equal(noAuth.status, 401);
      assert.equal((await del(['u'], cooladataHeaders('wrong-token'))).status, 401);
      assert.equal((await del(['u'], { ...cooladataHeaders(), authorization: `Bearer ${A.cooladata.token}` })).status, 401);
      const viewer = await del(['u'], cooladataHeaders(A.cooladata.nonAdminToken));
      assert.equal(viewer.status, 403);
      assert.ok(f.requests().every((r) => !r.applied));
    });
  });

  it('unknown project → 404; wrong path → 404; GET → 405', async () => {
    await start();
    const other = await call(f.url, '/api/v2/projects/999/users/delete', { method: 'POST', headers: cooladataHeaders(), body: body(['u']) });
    assert.equal(other.status, 404);
    assert.match(other.text, /Project 999 not found/);
    assert.equal((await call(f.url, '/api/v1/projects/1/users/delete', { method: 'POST', headers: cooladataHeaders(), body: body(['u']) })).status, 404);
    assert.equal((await call(f.url, COOLADATA_DELETE, { headers: cooladataHeaders() })).status, 405);
  });

  it('bad payloads → 400: content-type, malformed JSON, missing reason, empty or non-string userIds', async () => {
    await start();
    const post = (b: unknown, headers = cooladataHeaders()) => call(f.url, COOLADATA_DELETE, { method: 'POST', headers, body: b });
    assert.equal((await post(body(['u']), { ...cooladataHeaders(), 'content-type': 'text/plain' })).status, 400);
    assert.equal((await post('{"reason": "x", "userIds": [')).status, 400);
    const noReason = await post({ userIds: ['u'] });
    assert.equal(noReason.status, 400);
    assert.match(noReason.text, /reason/);
    assert.equal((await post({ reason: '  ', userIds: ['u'] })).status, 400);
    assert.equal((await post(body([]))).status, 400);
    assert.equal((await post({ reason: 'x', userIds: [1, 2] })).status, 400);
    assert.ok(f.requests().every((r) => r.status === 400 && !r.applied));
  });

  it("errorBody 'json' answers failures as JSON", async () => {
    await start({ errorBody: 'json' });
    const r = await del(['u'], cooladataHeaders('nope'));
    assert.equal(r.status, 401);
    assert.deepEqual(r.json, { error: 'Unauthorized: missing or invalid API token', statusCode: 401 });
  });

  it('maxIdsPerCall (unknown limit) → 400 and overLimit beyond it', async () => {
    await start({ maxIdsPerCall: 2 });
    assert.equal((await del(['a', 'b'])).status, 200);
    const r = await del(['a', 'b', 'c']);
    assert.equal(r.status, 400);
    assert.deepEqual(f.requests().map((x) => x.overLimit), [false, true]);
  });

  describe('delete status endpoint', () => {
    const status = (ids: string[]) => call(f.url, STATUS, { method: 'POST', headers: cooladataHeaders(), body: { userIds: ids } });

    it('does not exist unless statusPath is set', async () => {
      await start();
      assert.equal((await status(['user-1'])).status, 404);
    });

    it("'map' gives a per-ID map that moves from pending to completed", async () => {
      await start({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH, completionDelayMs: 500 });
      await del(['user-1', 'user-2']);
      const before = await status(['user-1', 'user-2', 'zzz']);
      assert.deepEqual(before.json, { 'user-1': 'pending', 'user-2': 'pending', zzz: 'not_found' });
      clock.advance(500);
      const after = await status(['user-1']);
      assert.deepEqual(after.json, { 'user-1': 'completed' });
      const rec = f.requests().at(-1)!;
      assert.deepEqual([rec.kind, rec.ids, rec.applied], ['status', ['user-1'], false]);
    });

    it("'list' gives [{userId,status}] with in progress / deleted", async () => {
      await start({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH, statusShape: 'list', completionDelayMs: 10 });
      await del(['user-1']);
      assert.deepEqual((await status(['user-1'])).json, [{ userId: 'user-1', status: 'in progress' }]);
      clock.advance(10);
      assert.deepEqual((await status(['user-1'])).json, [{ userId: 'user-1', status: 'deleted' }]);
    });

    it("'overall' gives one status: queued, then completed", async () => {
      await start({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH, statusShape: 'overall', completionDelayMs: 10 });
      await del(['user-1', 'user-2']);
      assert.deepEqual((await status(['user-1', 'user-2'])).json, { status: 'queued' });
      clock.advance(10);
      assert.deepEqual((await status(['user-1', 'user-2'])).json, { status: 'completed' });
    });

    it("'garbage' answers unreadable text", async () => {
      await start({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH, statusShape: 'garbage' });
      const r = await status(['user-1']);
      assert.equal(r.status, 200);
      assert.equal(r.json, undefined);
      assert.match(String(r.headers['content-type']), /text\/plain/);
    });

    it('requires the same auth and a userIds array', async () => {
      await start({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH });
      assert.equal((await call(f.url, STATUS, { method: 'POST', headers: cooladataHeaders('x'), body: { userIds: ['u'] } })).status, 401);
      assert.equal((await call(f.url, STATUS, { method: 'POST', headers: cooladataHeaders(), body: { ids: ['u'] } })).status, 400);
    });
  });
  describe('hostile variants (issue 11)', () => {
    it("successBody 'error-json' / 'error-text': a 200 whose body carries an error, nothing queued", async () => {
      await start({ successBody: 'error-json' });
      const json = await del(['user-1']);
      assert.equal(json.status, 200);
      assert.deepEqual(json.json, { error: 'Deletion quota exceeded, request not queued', statusCode: 200 });
      f.configure({ successBody: 'error-text' });
      const text = await del(['user-1']);
      assert.equal(text.status, 200);
      assert.equal(text.text, 'ERROR: deletion quota exceeded, request not queued');
      assert.ok(f.requests().every((r) => !r.applied));
      assert.equal(f.userState(A.cooladata.projectId, 'user-1'), 'present');
    });

    it('invalidIds: a call holding a refused ID is a 400 for the whole call; without it, accepted', async () => {
      await start({ invalidIds: ['user-2'] });
      const refused = await del(['user-1', 'user-2', 'user-3']);
      assert.equal(refused.status, 400);
      assert.equal(refused.text, 'Invalid request: userIds contains an invalid user id');
      assert.equal(f.userState(A.cooladata.projectId, 'user-1'), 'present');
      assert.equal((await del(['user-1', 'user-3'])).status, 200);
    });

    it('maxReasonLength: a too long reason is a 400 for every call', async () => {
      await start({ maxReasonLength: 5 });
      const r = await del(['user-1']);
      assert.equal(r.status, 400);
      assert.equal(r.text, 'Invalid request: reason must be at most 5 characters');
    });

    it("statusShape 'html': the status path answers a 200 HTML page", async () => {
      await start({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH, statusShape: 'html' });
      const r = await call(f.url, STATUS, { method: 'POST', headers: cooladataHeaders(), body: { userIds: ['user-1'] } });
      assert.equal(r.status, 200);
      assert.match(String(r.headers['content-type']), /text\/html/);
      assert.match(r.text, /^<html>/);
    });

    it('failedDeletions: a due deletion that failed leaves the user there; the hostile status shapes tell it beside "completed"', async () => {
      await start({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH, statusShape: 'map-qualified', failedDeletions: ['user-2'], completionDelayMs: 10 });
      await call(f.url, COOLADATA_DELETE, { method: 'POST', headers: cooladataHeaders(), body: body(['user-1', 'user-2']) });
      const status = async (ids: string[]) => call(f.url, STATUS, { method: 'POST', headers: cooladataHeaders(), body: { userIds: ids } });
      assert.deepEqual((await status(['user-1', 'user-2'])).json, { 'user-1': 'pending', 'user-2': 'pending' });
      clock.advance(10);
      assert.equal(f.userState(A.cooladata.projectId, 'user-1'), 'deleted');
      assert.equal(f.userState(A.cooladata.projectId, 'user-2'), 'present');
      assert.deepEqual((await status(['user-1', 'user-2'])).json, { 'user-1': 'completed', 'user-2': 'completed_with_errors' });
      f.configure({ statusShape: 'overall-with-failures' });
      assert.deepEqual((await status(['user-1', 'user-2'])).json, { status: 'completed', failed: ['user-2'] });
      f.configure({ statusShape: 'list-twice' });
      assert.deepEqual((await status(['user-1', 'user-2'])).json, [
        { userId: 'user-1', status: 'completed' },
        { userId: 'user-2', status: 'failed' },
        { userId: 'user-2', status: 'deleted' },
      ]);
      f.configure({ statusShape: 'duplicate-keys' });
      assert.equal((await status(['user-1', 'user-2'])).text, '{"user-1":"completed","user-2":"failed","user-2":"completed"}');
    });

    it("a gateway HTML 404 (fault 'html', status 404) does not touch the state", async () => {
      await start();
      f.faults.enqueue({ fault: 'html', status: 404 });
      const r = await del(['user-1']);
      assert.equal(r.status, 404);
      assert.match(r.text, /<title>404 Not Found<\/title>/);
      assert.equal(f.userState(A.cooladata.projectId, 'user-1'), 'present');
    });
  });
});
