import assert from 'node:assert/strict';
import type { BatchAccount, BatchMode, BatchSecrets } from '../../../src/vendors/batch';
import type { HttpClient, HttpResponse } from '../../../src/core/http';
import type { IdResult, TargetSpec, TargetState } from '../../../src/core/job';
import type { EngineSettings } from '../../../src/core/settings';
import { BatchAppKeyMissingError, batchVendor } from '../../../src/vendors/batch';
import {
  isStatusChecker,
  type CallIdResult,
  type DeleteClient,
  type PendingEntry,
  type StatusChecker,
  type VendorClientEnv,
} from '../../../src/vendors/vendor';
import { DEFAULT_FAKE_ACCOUNTS, seedUsers, startFakeVendors, type FakeVendors, type RecordedRequest } from '../../fakes';
import { assertNoSecret as assertNoSecretIn, cannedHttp, clientEnv, resultsOf, RETRY, runOnTarget, settledList, type RunOptions } from './harness';

const FAKE = DEFAULT_FAKE_ACCOUNTS.batch;
const ANDROID_KEY = FAKE.apps[0].apiKey;
const IOS_KEY = FAKE.apps[1].apiKey;
/** A third app whose plan has no Custom Data API (the fake answers 403 API_MISUSE). */
const WEB_KEY = 'FAKEWEBAPIKEY';
const WRONG_REST_KEY = 'batch-wrong-rest-key';
const SECRET_VALUES = [FAKE.restKey, ANDROID_KEY, IOS_KEY, WEB_KEY, WRONG_REST_KEY];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const USERS = seedUsers(20);

const ACCOUNT: BatchAccount = { id: 'acc-1', label: 'Fake Batch', vendor: 'batch', appKeyLabels: ['android', 'ios'] };
const SECRETS: BatchSecrets = { restKey: FAKE.restKey, appKeys: { android: ANDROID_KEY, ios: IOS_KEY, web: WEB_KEY } };

function target(mode: BatchMode, appKeyLabel = 'android'): TargetSpec {
  return { key: `batch:acc-1:${appKeyLabel}:${mode}`, accountId: 'acc-1', accountLabel: 'Fake Batch', options: { vendor: 'batch', mode, appKeyLabel } };
}

describe('Batch vendor client', function () {
  let fakes: FakeVendors;

  before(async () => {
    fakes = await startFakeVendors({
      batch: {
        accounts: [
          {
            restKey: FAKE.restKey,
            apps: [
              { apiKey: ANDROID_KEY, label: 'android', users: [...USERS, ' Spaced User ', 'a/b?c#d%'] },
              { apiKey: IOS_KEY, label: 'ios', users: [...USERS] },
              { apiKey: WEB_KEY, label: 'web', users: [...USERS], customDataApi: false },
            ],
          },
        ],
      },
    });
  });
  after(async () => {
    await fakes?.close();
  });
  beforeEach(() => {
    fakes.reset();
    fakes.batch.configure({
      gdprIdField: 'request_id',
      errorFields: 'error_code',
      gdprExpiryMs: 20 * 86_400_000,
      maxBulkIds: 10_000,
      gdprNotFoundError: 'user not found',
      gdprDoneErrors: {},
      customDataAnswer: 'token',
      invalidIds: [],
      latencyMs: 0,
      completionDelayMs: 0,
    });
  });

  type EnvOptions = { settings?: Partial<EngineSettings>; timeoutMs?: number; http?: HttpClient };

  /** A redactor that knows no secret: the client must keep them out on its own. */
  function env(opts: EnvOptions = {}): VendorClientEnv {
    return clientEnv({ ...opts, baseUrl: fakes.urls.batch });
  }

  type ClientOptions = EnvOptions & { secrets?: BatchSecrets; label?: string };

  function client(mode: BatchMode, opts: ClientOptions = {}): DeleteClient {
    return batchVendor.createDeleteClient(target(mode, opts.label), ACCOUNT, opts.secrets ?? SECRETS, env(opts));
  }

  function checker(opts: ClientOptions = {}): StatusChecker {
    const made = batchVendor.createStatusChecker(target('gdpr', opts.label), ACCOUNT, opts.secrets ?? SECRETS, env(opts));
    assert.ok(isStatusChecker(made));
    return made;
  }

  const run = (c: DeleteClient, ids: string[], opts: Omit<RunOptions, 'pacing'> & { mode?: BatchMode } = {}): Promise<TargetState> =>
    runOnTarget(target(opts.mode ?? 'gdpr'), c, ids, SECRET_VALUES, opts);
  const results = (state: TargetState): IdResult[] => resultsOf(state);
  const deletes = (): RecordedRequest[] => fakes.batch.requests().filter((r) => r.kind === 'delete');
  const statusCalls = (): RecordedRequest[] => fakes.batch.requests().filter((r) => r.kind === 'status');
  const assertNoSecret = (value: unknown): void => assertNoSecretIn(value, SECRET_VALUES);

  async function check(c: StatusChecker, entries: PendingEntry[]): Promise<CallIdResult[]> {
    const all: CallIdResult[] = [];
    for (const entry of entries) all.push(...settledList(await c.check([entry]), SECRET_VALUES));
    return all;
  }

  /** Deletes through GDPR and returns the recorded results (with their request ids). */
  async function gdprDelete(ids: string[], opts: ClientOptions = {}): Promise<IdResult[]> {
    const state = await run(client('gdpr', opts), ids);
    return results(state);
  }

  describe('GDPR remove', () => {
    it('sends the exact documented request, one user per call, and keeps the request id', async () => {
      const [r] = await gdprDelete(['user-1']);
      const [req] = deletes();
      assert.equal(deletes().length, 1);
      assert.equal(req.method, 'POST');
      assert.equal(req.rawPath, `/1.0/${ANDROID_KEY}/gdpr/request`);
      assert.equal(req.headers['x-authorization'], FAKE.restKey);
      assert.equal(req.headers['content-type'], 'application/json');
      assert.deepEqual(req.json, { request_type: 'remove', id: { type: 'custom_id', value: 'user-1' } });
      assert.ok(req.applied);
      assert.equal(r.outcome, 'accepted');
      assert.equal(r.httpStatus, 200);
      assert.equal(r.message, 'GDPR remove request accepted by Batch');
      assert.match(r.reference!, UUID);
      assert.equal(r.request, `POST ${fakes.urls.batch}/1.0/***/gdpr/request (1 ID)`);
      assert.equal(fakes.batch.gdprState(ANDROID_KEY, 'user-1'), 'deleted');
    });

    it('sends IDs exactly as given: case, whitespace and reserved characters kept', async () => {
      const state = await run(client('gdpr'), [' Spaced User ', 'a/b?c#d%', 'USER-1']);
      assert.deepEqual(
        deletes().map((r) => (r.json as { id: { value: string } }).id.value),
        [' Spaced User ', 'a/b?c#d%', 'USER-1'],
      );
      assert.equal(state.countOf('accepted'), 3);
    });

    it('describes its requests (dry run) exactly, and its limits', () => {
      const c = client('gdpr', { settings: { batchGdprConcurrency: 3 } });
      assert.deepEqual(c.requestsFor(['user-1']), [
        {
          method: 'POST',
          url: `${fakes.urls.batch}/1.0/${ANDROID_KEY}/gdpr/request`,
          headers: { 'X-Authorization': FAKE.restKey, 'Content-Type': 'application/json' },
          body: '{"request_type":"remove","id":{"type":"custom_id","value":"user-1"}}',
        },
      ]);
      assert.deepEqual(c.limits, { idsPerCall: 1, maxInFlight: 3, pacingKey: 'batch:acc-1:android:gdpr', resendUnanswered: false });
    });

    it('goes to the real host when there is no override', () => {
      const c = batchVendor.createDeleteClient(target('gdpr'), ACCOUNT, SECRETS, { ...env(), baseUrlOverride: undefined });
      assert.equal(c.requestsFor(['x'])[0].url, `https://api.batch.com/1.0/${ANDROID_KEY}/gdpr/request`);
    });

    for (const gdprIdField of ['request_id', 'token', 'id'] as const) {
      it(`reads the request id from "${gdprIdField}"`, async () => {
        fakes.batch.configure({ gdprIdField });
        const [r] = await gdprDelete(['user-2']);
        assert.equal(r.outcome, 'accepted');
        assert.match(r.reference!, UUID);
      });
    }

    it('a 2xx without a request id is unknown (the request may have been created), with the body shown', async () => {
      const state = await run(client('gdpr', { http: cannedHttp(200, '{"status":"ok"}') }), ['user-1']);
      assert.equal(state.outcomeAt(0), 'unknown');
      assert.equal(state.resultAt(0)!.reference, undefined);
      assert.equal(
        state.resultAt(0)!.message,
        'Batch answered HTTP 200 without a GDPR request id, so the removal request may or may not have been created: {"status":"ok"}',
      );
    });

    it('sends to the app key of the target', async () => {
      await run(client('gdpr', { label: 'ios' }), ['user-3']);
      assert.equal(deletes()[0].rawPath, `/1.0/${IOS_KEY}/gdpr/request`);
    });

    it('refuses to build a client for an app key label with no stored key, naming the label', () => {
      assert.throws(() => client('gdpr', { label: 'huawei' }), (error: Error) => {
        assert.ok(error instanceof BatchAppKeyMissingError);
        assert.match(error.message, /no app API key labelled "huawei"/);
        return true;
      });
      assert.throws(() => batchVendor.createStatusChecker(target('gdpr', 'huawei'), ACCOUNT, SECRETS, env()), BatchAppKeyMissingError);
    });

    const authCases = [
      ['error_code', 'AUTHENTICATION_INVALID (10): Invalid REST API key or API key'],
      ['code', 'AUTHENTICATION_INVALID (10): Invalid REST API key or API key'],
      ['none', 'AUTHENTICATION_INVALID (10)'],
    ] as const;
    for (const [errorFields, head] of authCases) {
      it(`a 401 fails with the hint (error fields: ${errorFields})`, async () => {
        fakes.batch.configure({ errorFields });
        const [r] = await gdprDelete(['user-1'], { secrets: { ...SECRETS, restKey: WRONG_REST_KEY } });
        assert.equal(r.outcome, 'failed');
        assert.equal(r.httpStatus, 401);
        assert.equal(r.message, `${head}; check the REST API key and that the app API key "android" belongs to this company`);
        assert.equal(deletes().length, 1, 'a 401 is not retried');
      });
    }

    const badIdCases = [
      ['error_code', 'MALFORMED_PARAMETER (31): Malformed parameter: id.value'],
      ['code', 'MALFORMED_PARAMETER (31): Malformed parameter: id.value'],
      ['none', 'Batch answered HTTP 400'],
    ] as const;
    for (const [errorFields, message] of badIdCases) {
      it(`a 400 fails with the named error (error fields: ${errorFields})`, async () => {
        fakes.batch.configure({ errorFields });
        const [r] = await gdprDelete(['x'.repeat(1024)]);
        assert.equal(r.outcome, 'failed');
        assert.equal(r.httpStatus, 400);
        assert.equal(r.message, message);
      });
    }

    it('names an error from its code alone, and from a string code', async () => {
      const byCode = await run(client('gdpr', { http: cannedHttp(400, '{"code":32}') }), ['user-1']);
      assert.equal(byCode.resultAt(0)!.message, 'MALFORMED_JSON_BODY (32)');
      const byName = await run(client('gdpr', { http: cannedHttp(403, '{"error_code":"API_MISUSE","error_message":"nope"}') }), ['user-1']);
      assert.equal(byName.resultAt(0)!.message, 'API_MISUSE (12): nope');
      const unknown = await run(client('gdpr', { http: cannedHttp(418, '{"error_code":99,"error_message":"teapot"}') }), ['user-1']);
      assert.equal(unknown.resultAt(0)!.message, 'Batch error 99 (HTTP 418): teapot');
    });

    it('retries 429 (Retry-After), 500 and 503; the last transient answer counts when attempts run out', async () => {
      fakes.batch.faults.enqueue({ fault: '429', retryAfter: 1 }).enqueue({ fault: '500' }).enqueue({ fault: '503' }).enqueue({ fault: 'html', status: 503 });
      const [r] = await gdprDelete(['user-4']);
      assert.deepEqual(deletes().map((q) => q.status), [429, 500, 503, 503]);
      assert.equal(r.outcome, 'failed', 'four attempts, all transient');
      assert.equal(r.message, 'MAINTENANCE_ERROR (2): HTML page: 503 Service Temporarily Unavailable');
      fakes.reset();
      fakes.batch.faults.enqueue({ fault: '429', retryAfter: 1 }).enqueue({ fault: '503' });
      const [again] = await gdprDelete(['user-4']);
      assert.equal(again.outcome, 'accepted');
      assert.deepEqual(deletes().map((q) => q.status), [429, 503, 200]);
    });

    it('honours Retry-After on a 503 MAINTENANCE_ERROR', async () => {
      let calls = 0;
      const http: HttpClient = {
        send: async (): Promise<HttpResponse> => {
          calls++;
          return calls === 1
            ? { status: 503, headers: { 'retry-after': '0.01' }, bodyText: '{"error_code":2,"error_message":"Maintenance"}', bodyCapped: false, durationMs: 1 }
            : { status: 200, headers: {}, bodyText: '{"request_id":"r-1"}', bodyCapped: false, durationMs: 1 };
        },
      };
      const c = client('gdpr', { http });
      const outcome = await c.deleteIds(['user-1']);
      assert.deepEqual(outcome, {
        kind: 'retry',
        httpStatus: 503,
        message: 'MAINTENANCE_ERROR (2): Maintenance',
        retryAfterMs: 10,
        request: `POST ${fakes.urls.batch}/1.0/***/gdpr/request (1 ID)`,
      });
      const state = await run(c, ['user-1']);
      assert.equal(state.resultAt(0)!.reference, 'r-1');
    });

    it('a timeout ends as unknown (sent, no answer), and the create is not sent again', async () => {
      fakes.batch.faults.enqueue({ fault: 'timeout-after', holdMs: 3_000, count: Infinity });
      const [r] = results(await run(client('gdpr', { timeoutMs: 100 }), ['user-5'], { retry: { ...RETRY, maxAttempts: 2 } }));
      assert.equal(r.outcome, 'unknown');
      assert.match(r.message!, /no answer before the request timeout; the request may have reached the vendor/);
      assert.equal(deletes().length, 1);
    });

    it('a GDPR create reset after Batch took it is not sent again: one removal request per user, the ID unknown', async () => {
      fakes.batch.faults.enqueue({ fault: 'reset-after' });
      const [r] = results(await run(client('gdpr'), ['user-5', 'user-6']));
      assert.equal(r.outcome, 'unknown');
      assert.match(r.message!, /the request may have reached the vendor/);
      const creates = deletes().flatMap((q) => q.ids);
      assert.deepEqual(creates.sort(), ['user-5', 'user-6']);
      // Custom Data deletions are idempotent: a bulk call without an answer is still sent again.
      fakes.reset();
      fakes.batch.faults.enqueue({ fault: 'reset-after' });
      const again = await run(client('custom-data'), ['user-7'], { mode: 'custom-data' });
      assert.equal(again.outcomeAt(0), 'accepted');
      assert.equal(deletes().length, 2);
    });

    it('on cancel, sends nothing more and marks the rest cancelled', async () => {
      fakes.batch.pause();
      const cancel = new AbortController();
      const running = run(client('gdpr', { settings: { batchGdprConcurrency: 2 } }), USERS, { cancel: cancel.signal });
      await fakes.batch.waitForRequests(2);
      cancel.abort();
      fakes.batch.resume();
      const state = await running;
      assert.equal(deletes().length, 2, 'no request after cancel');
      assert.equal(state.countOf('accepted'), 2);
      assert.equal(state.countOf('cancelled'), USERS.length - 2);
    });
  });

  describe('Custom Data delete', () => {
    it('sends one bulk DELETE with the IDs as a JSON array body, and keeps the token', async () => {
      const ids = ['user-1', ' Spaced User ', 'a/b?c#d%'];
      const state = await run(client('custom-data'), ids, { mode: 'custom-data' });
      const [req] = deletes();
      assert.equal(deletes().length, 1);
      assert.equal(req.method, 'DELETE');
      assert.equal(req.rawPath, `/1.0/${ANDROID_KEY}/data/users`);
      assert.equal(req.headers['x-authorization'], FAKE.restKey);
      assert.equal(req.headers['content-type'], 'application/json');
      assert.deepEqual(req.json, ids);
      const r = state.resultAt(0)!;
      assert.equal(state.countOf('accepted'), 3);
      assert.equal(r.message, 'accepted by Batch Custom Data (not real time)');
      assert.match(r.reference!, UUID);
      assert.equal(r.request, `DELETE ${fakes.urls.batch}/1.0/***/data/users (3 IDs)`);
      assert.equal(fakes.batch.customDataState(ANDROID_KEY, 'a/b?c#d%'), 'deleted');
    });

    it('uses the bulk form even for one ID', () => {
      assert.deepEqual(client('custom-data').requestsFor(['a/b']), [
        {
          method: 'DELETE',
          url: `${fakes.urls.batch}/1.0/${ANDROID_KEY}/data/users`,
          headers: { 'X-Authorization': FAKE.restKey, 'Content-Type': 'application/json' },
          body: '["a/b"]',
        },
      ]);
    });

    it('never puts more than 10,000 IDs in one call: 25,000 IDs → 3 calls', async () => {
      const ids = seedUsers(25_000, 'bulk-');
      const c = client('custom-data');
      assert.deepEqual(c.limits, { idsPerCall: 10_000, maxInFlight: 2, pacingKey: 'batch:acc-1:android:custom-data' });
      const state = await run(c, ids, { mode: 'custom-data' });
      const sent = deletes();
      assert.deepEqual(sent.map((r) => r.ids.length).sort((a, b) => b - a), [10_000, 10_000, 5_000]);
      assert.equal(sent.filter((r) => r.overLimit).length, 0);
      assert.deepEqual(sent.flatMap((r) => r.ids).sort(), [...ids].sort());
      assert.equal(state.countOf('accepted'), 25_000);
      assert.equal(new Set(results(state).map((r) => r.reference)).size, 3, 'one token per call');
    });

    it('keeps its connections between bulk calls (a DELETE with a body does not close its connection)', async () => {
      await run(client('custom-data', { settings: { batchCustomDataChunkSize: 1 } }), USERS, { mode: 'custom-data' });
      const sent = deletes();
      assert.equal(sent.length, 20);
      // Two in flight: a new connection only when both are busy at the moment a call starts.
      const connections = new Set(sent.map((r) => r.clientPort)).size;
      assert.ok(connections <= sent.length / 2, `20 calls over ${connections} connections`);
    });

    it('on kept connections, a fault in one call never gives another call its answer, nor an extra send', async function () {
      this.timeout(20_000);
      // One ID per call, every fault the fake has, and IDs the fake refuses: an answer handed to the
      // wrong call would accept a refused ID, or fail (or accept) one without its own answer.
      const ids = seedUsers(40, 'kept-');
      const refused = new Set(ids.filter((_, i) => i % 7 === 3));
      fakes.batch.configure({ invalidIds: [...refused] });
      const kinds = ['reset-before', 'reset-after', 'truncated', 'timeout', 'timeout-after', 'empty', 'html', '500'] as const;
      fakes.batch.faults.random({ probability: 0.3, seed: 14, kinds: [...kinds], holdMs: 2_000 });
      const maxAttempts = 3;
      const state = await run(client('custom-data', { timeoutMs: 1_000, settings: { batchCustomDataChunkSize: 1 } }), ids, {
        mode: 'custom-data',
        retry: { ...RETRY, maxAttempts },
      });
      const sent = deletes();
      assert.ok(new Set(sent.map((r) => r.clientPort)).size < sent.length / 2, 'calls shared connections');
      assert.ok(sent.some((r) => r.fault), 'faults were injected');
      ids.forEach((id, i) => {
        const outcome = state.outcomeAt(i);
        const calls = sent.filter((r) => r.ids.includes(id));
        const seen = JSON.stringify(calls.map((r) => [r.status, r.fault]));
        assert.ok(calls.length >= 1 && calls.length <= maxAttempts, `${id} sent ${calls.length} times`);
        if (refused.has(id)) assert.notEqual(outcome, 'accepted', `${id} is refused by the fake: ${seen}`);
        if (outcome === 'accepted') assert.ok(calls.some((r) => r.status === 200 && !r.fault), `${id} accepted without its own 200: ${seen}`);
        if (outcome === 'failed') assert.ok(calls.some((r) => r.status === 400) || calls.every((r) => r.fault), `${id} failed: ${seen}`);
      });
    });

    it('chunks by the configured size', async () => {
      await run(client('custom-data', { settings: { batchCustomDataChunkSize: 7 } }), USERS, { mode: 'custom-data' });
      assert.deepEqual(deletes().map((r) => r.ids.length), [7, 7, 6]);
    });

    it('a bulk call larger than Batch takes (400) is halved until taken', async () => {
      fakes.batch.configure({ maxBulkIds: 5 });
      const state = await run(client('custom-data', { settings: { batchCustomDataChunkSize: 10 } }), USERS.slice(0, 10), { mode: 'custom-data' });
      assert.deepEqual(deletes().map((r) => [r.ids.length, r.status]), [[10, 400], [5, 200], [5, 200]]);
      assert.equal(state.countOf('accepted'), 10);
    });

    it('a plan without the Custom Data API fails with API_MISUSE', async () => {
      const state = await run(client('custom-data', { label: 'web' }), ['user-1'], { mode: 'custom-data' });
      assert.equal(state.outcomeAt(0), 'failed');
      assert.equal(state.resultAt(0)!.httpStatus, 403);
      assert.equal(state.resultAt(0)!.message, 'API_MISUSE (12): The Custom Data API is not available on this plan');
    });

    it('a 401 names the app key label, without any key', async () => {
      const state = await run(client('custom-data', { secrets: { ...SECRETS, restKey: WRONG_REST_KEY } }), ['user-1'], { mode: 'custom-data' });
      assert.match(state.resultAt(0)!.message!, /check the REST API key and that the app API key "android" belongs to this company$/);
    });

    it('an empty, HTML or truncated answer is retried, then the call goes through', async () => {
      fakes.batch.faults.enqueue({ fault: 'empty' }).enqueue({ fault: 'html' }).enqueue({ fault: 'truncated', applied: false });
      const state = await run(client('custom-data'), ['user-1'], { mode: 'custom-data', retry: { ...RETRY, maxAttempts: 4 } });
      assert.equal(state.outcomeAt(0), 'accepted');
      assert.equal(deletes().length, 4);
    });

    it('has no status check, and says why', () => {
      const made = batchVendor.createStatusChecker(target('custom-data'), ACCOUNT, SECRETS, env());
      assert.deepEqual(made, { pendingNote: 'accepted by Batch (Custom Data deletions are not real time; no status API)' });
    });
  });

  describe('GDPR status', () => {
    it('polls automatically, on its own pacing key', () => {
      const c = checker({ settings: { statusConcurrency: 6 } });
      assert.equal(c.automatic, true);
      assert.deepEqual(c.limits, { idsPerCall: 1, maxInFlight: 6, pacingKey: 'batch:acc-1:android:gdpr-status' });
    });

    it('pending → accepted, then done, through the documented status request', async () => {
      fakes.batch.configure({ completionDelayMs: 60_000 });
      const [created] = await gdprDelete(['user-6']);
      const [pending] = await check(checker(), [{ id: 'user-6', reference: created.reference }]);
      assert.deepEqual(pending, {
        outcome: 'accepted',
        httpStatus: 200,
        message: 'pending at Batch',
        reference: created.reference,
        request: `GET ${fakes.urls.batch}/1.0/***/gdpr/request/${created.reference} (1 ID)`,
      });
      const [req] = statusCalls();
      assert.equal(req.method, 'GET');
      assert.equal(req.rawPath, `/1.0/${ANDROID_KEY}/gdpr/request/${created.reference}`);
      assert.equal(req.headers['x-authorization'], FAKE.restKey);
      fakes.batch.configure({ completionDelayMs: 0 });
      const [done] = await check(checker(), [{ id: 'user-6', reference: created.reference }]);
      assert.equal(done.outcome, 'done');
      assert.equal(done.message, 'done at Batch');
      assert.equal(done.reference, created.reference);
    });

    it('done with "user not found" → not found at Batch', async () => {
      const [created] = await gdprDelete(['nobody-here']);
      const [r] = await check(checker(), [{ id: 'nobody-here', reference: created.reference }]);
      assert.equal(r.outcome, 'not-found');
      assert.equal(r.message, 'not found at Batch (GDPR request done: user not found)');
    });

    it('done with another error → failed, the error shown', async () => {
      const body = '{"request_id":"r-1","status":"done","error":{"message":"partial removal"}}';
      const [r] = await check(checker({ http: cannedHttp(200, body) }), [{ id: 'u', reference: 'r-1' }]);
      assert.equal(r.outcome, 'failed');
      assert.equal(r.message, 'Batch finished the GDPR request with an error: partial removal');
    });

    it('an expired request (404) leaves the pending count as unknown: its result can never be known', async () => {
      const [created] = await gdprDelete(['user-7']);
      fakes.batch.configure({ gdprExpiryMs: 0 });
      const [r] = await check(checker(), [{ id: 'user-7', reference: created.reference }]);
      assert.equal(r.outcome, 'unknown');
      assert.equal(r.httpStatus, 404);
      assert.match(r.message!, /^result unknown: Batch no longer has this GDPR request \(requests expire after 20–30 days\)/);
      assert.match(r.message!, /send it again to be sure \(ROUTE_NOT_FOUND \(20\): GDPR request not found\)$/);
      assert.equal(r.reference, created.reference);
    });

    it('no recorded request id (an older journal): unknown, so Retry can send it again; nothing sent', async () => {
      const [r] = await check(checker(), [{ id: 'user-8' }]);
      assert.equal(r.outcome, 'unknown');
      assert.match(r.message!, /no GDPR request id was recorded/);
      assert.equal(fakes.batch.requests().length, 0);
    });

    it('a failing status check never changes an accepted ID', async () => {
      const [created] = await gdprDelete(['user-9']);
      const entry = { id: 'user-9', reference: created.reference };
      fakes.batch.faults.enqueue({ fault: '503' });
      const [afterError] = await check(checker(), [entry]);
      assert.equal(afterError.outcome, 'accepted');
      assert.equal(afterError.message, 'pending at Batch (status check failed: MAINTENANCE_ERROR (2): Service unavailable)');
      const [afterAuth] = await check(checker({ secrets: { ...SECRETS, restKey: WRONG_REST_KEY } }), [entry]);
      assert.equal(afterAuth.outcome, 'accepted');
      assert.match(afterAuth.message!, /AUTHENTICATION_INVALID \(10\)/);
      fakes.batch.faults.enqueue({ fault: 'timeout', holdMs: 3_000 });
      const [afterTimeout] = await check(checker({ timeoutMs: 100 }), [entry]);
      assert.equal(afterTimeout.outcome, 'accepted');
      assert.equal(afterTimeout.reference, created.reference);
      const [unreadable] = await check(checker({ http: cannedHttp(200, '<html>oops') }), [entry]);
      assert.equal(unreadable.outcome, 'accepted');
      assert.match(unreadable.message!, /unreadable status answer/);
      const [strange] = await check(checker({ http: cannedHttp(200, '{"status":"archived"}') }), [entry]);
      assert.equal(strange.outcome, 'accepted');
      assert.equal(strange.message, 'pending at Batch (unrecognised status "archived")');
    });
  });

  describe('test connection', () => {
    it('lists every app key on success, after one list call per key', async () => {
      const result = await batchVendor.testConnection!(ACCOUNT, SECRETS, env());
      assert.deepEqual(result, { ok: true, message: 'Connected to Batch (android, ios)' });
      assert.deepEqual(
        fakes.batch.requests().map((r) => `${r.method} ${r.rawPath}`),
        [`GET /1.0/${ANDROID_KEY}/gdpr/requests`, `GET /1.0/${IOS_KEY}/gdpr/requests`],
      );
    });

    it('says which app key failed, and why, without secrets', async () => {
      const result = await batchVendor.testConnection!(
        { ...ACCOUNT, appKeyLabels: ['android', 'ios', 'tvos'] },
        { restKey: FAKE.restKey, appKeys: { android: ANDROID_KEY, ios: 'NOTAREALKEY' } },
        env(),
      );
      assert.equal(result.ok, false);
      assert.equal(
        result.message,
        'Batch app API key "ios": AUTHENTICATION_INVALID (10): Invalid REST API key or API key; check the REST API key and that the app API key "ios" belongs to this company; "tvos": no app API key stored',
      );
      assertNoSecret(result);
      assert.ok(!result.message.includes('NOTAREALKEY'));
    });
  });

  it('lists the caveats for the confirmation', () => {
    const text = batchVendor.caveats.join(' ');
    assert.match(text, /Irreversible/);
    assert.match(text, /ignores data for that ID for one month/);
    assert.match(text, /not real time/);
    assert.match(text, /Premier\/Enterprise/);
  });
  describe('truthful outcomes (issue 11)', () => {
    /** Creates a GDPR request at the fake, lets it finish, and checks its status once. */
    async function finished(id: string): Promise<CallIdResult> {
      const [created] = await gdprDelete([id]);
      assert.equal(created.outcome, 'accepted');
      const [r] = await check(checker(), [{ id, reference: created.reference }]);
      return r;
    }

    it('a GDPR request done with another error is failed, with that error; the user is still there', async () => {
      fakes.batch.configure({ gdprDoneErrors: { 'user-3': 'Removal failed: internal error' } });
      const r = await finished('user-3');
      assert.equal(r.outcome, 'failed');
      assert.equal(r.httpStatus, 200);
      assert.equal(r.message, 'Batch finished the GDPR request with an error: Removal failed: internal error');
      assert.equal(fakes.batch.gdprState(ANDROID_KEY, 'user-3'), 'present');
    });

    // "user not found" is compared as text after normalising case, separators and a final stop.
    const notFoundCases: Array<[unknown, 'not-found' | 'failed']> = [
      ['user not found', 'not-found'],
      ['User not found.', 'not-found'],
      ['USER_NOT_FOUND', 'not-found'],
      [{ message: 'user not found' }, 'not-found'],
      ['app not found', 'failed'],
      ['user not found in the previous request, retry', 'failed'],
      ['not found', 'failed'],
      ['unknown user', 'failed'],
      [{ code: 404 }, 'failed'],
      [{ reason: 'user not found' }, 'failed'],
      [true, 'failed'],
      [42, 'failed'],
      [['user not found'], 'failed'],
    ];
    for (const [error, outcome] of notFoundCases) {
      it(`done with error ${JSON.stringify(error)} → ${outcome}`, async () => {
        fakes.batch.configure({ gdprNotFoundError: error });
        const r = await finished('nobody-here');
        assert.equal(r.outcome, outcome);
        if (outcome === 'failed') assert.match(r.message!, /^Batch finished the GDPR request with an error: /);
      });
    }

    it('a done answer about another request or another ID never finishes this one', async () => {
      const other = JSON.stringify({ request_id: 'r-2', status: 'done', id: { type: 'custom_id', value: 'u' } });
      const [byRequest] = await check(checker({ http: cannedHttp(200, other) }), [{ id: 'u', reference: 'r-1' }]);
      assert.equal(byRequest.outcome, 'accepted');
      assert.equal(byRequest.message, 'pending at Batch (the status answer is about another request: request r-2 for ID u)');
      const otherId = JSON.stringify({ request_id: 'r-1', status: 'done', id: { type: 'custom_id', value: 'someone-else' } });
      const [byId] = await check(checker({ http: cannedHttp(200, otherId) }), [{ id: 'u', reference: 'r-1' }]);
      assert.equal(byId.outcome, 'accepted');
    });

    it('answers with a key given twice are not read: never done, accepted or not found on their word', async () => {
      const status = '{"request_id":"r-1","status":"pending","status":"done","id":{"type":"custom_id","value":"u"}}';
      const [r] = await check(checker({ http: cannedHttp(200, status) }), [{ id: 'u', reference: 'r-1' }]);
      assert.equal(r.outcome, 'accepted');
      assert.match(r.message!, /^pending at Batch \(unreadable status answer: /);
      const created = results(await run(client('gdpr', { http: cannedHttp(200, '{"request_id":"r-1","request_id":"r-2"}') }), ['u']));
      assert.equal(created[0].outcome, 'unknown');
      const token = await run(client('custom-data', { http: cannedHttp(200, '{"token":"t-1","token":""}') }), ['u'], { mode: 'custom-data' });
      assert.equal(token.outcomeAt(0), 'unknown');
    });

    it('a done answer that names neither its request nor its user never finishes this one', async () => {
      for (const body of ['{"status":"done"}', '{"status":"done","error":"user not found"}']) {
        const [r] = await check(checker({ http: cannedHttp(200, body) }), [{ id: 'u', reference: 'r-1' }]);
        assert.equal(r.outcome, 'accepted', body);
        assert.match(r.message!, /^pending at Batch \(the status answer does not say which request it is about: /);
      }
    });

    it('a request id or user ID sent as a number JSON cannot hold exactly never matches this request', async () => {
      // 12345678901234567890 parses as 12345678901234567000: another request, another user.
      const otherId = '{"request_id": "r-1", "status": "done", "id": {"type": "custom_id", "value": 12345678901234567890}}';
      const [byId] = await check(checker({ http: cannedHttp(200, otherId) }), [{ id: '12345678901234567000', reference: 'r-1' }]);
      assert.notEqual(byId.outcome, 'done');
      const otherRequest = '{"request_id": 12345678901234567890, "status": "done", "id": {"type": "custom_id", "value": "u"}}';
      const [byRequest] = await check(checker({ http: cannedHttp(200, otherRequest) }), [{ id: 'u', reference: '12345678901234567000' }]);
      assert.notEqual(byRequest.outcome, 'done');
    });

    it('done with an empty or null error is done', async () => {
      for (const error of ['', null, '  ']) {
        const body = JSON.stringify({ request_id: 'r-1', status: 'done', error });
        const [r] = await check(checker({ http: cannedHttp(200, body) }), [{ id: 'u', reference: 'r-1' }]);
        assert.equal(r.outcome, 'done', JSON.stringify(error));
      }
    });

    it('done with a message beside it (Batch\'s error fields may be code/message) is failed, that message shown, never done', async () => {
      const body = JSON.stringify({ request_id: 'r-1', status: 'done', message: 'user could not be removed' });
      const [r] = await check(checker({ http: cannedHttp(200, body) }), [{ id: 'u', reference: 'r-1' }]);
      assert.equal(r.outcome, 'failed');
      assert.equal(r.message, 'Batch finished the GDPR request with an error: {"message":"user could not be removed"}');
      const blank = JSON.stringify({ request_id: 'r-1', status: 'done', message: ' ' });
      assert.equal((await check(checker({ http: cannedHttp(200, blank) }), [{ id: 'u', reference: 'r-1' }]))[0].outcome, 'done');
    });

    it('a GDPR create answer without a request id is unknown, with the body shown; the fake did create it', async () => {
      fakes.batch.configure({ gdprIdField: 'none' });
      const [r] = await gdprDelete(['user-5']);
      assert.equal(r.outcome, 'unknown');
      assert.equal(r.reference, undefined);
      assert.equal(r.message, 'Batch answered HTTP 200 without a GDPR request id, so the removal request may or may not have been created: {}');
      assert.equal(deletes().length, 1, 'an answer: not retried on its own');
      assert.equal(fakes.batch.gdprState(ANDROID_KEY, 'user-5'), 'deleted');
    });

    it('a GDPR create answer that names another user ID is unknown, never accepted', async () => {
      const body = JSON.stringify({ request_id: 'r-9', id: { type: 'custom_id', value: 'someone-else' } });
      const [r] = results(await run(client('gdpr', { http: cannedHttp(200, body) }), ['user-1']));
      assert.equal(r.outcome, 'unknown');
      assert.match(r.message!, /^Batch answered HTTP 200 with a GDPR request about another user ID, so the removal request may or may not be under way: /);
      const same = JSON.stringify({ request_id: 'r-9', id: { type: 'custom_id', value: 'user-1' } });
      assert.equal(results(await run(client('gdpr', { http: cannedHttp(200, same) }), ['user-1']))[0].outcome, 'accepted');
    });

    it('a gateway HTML 404 on a status check leaves the ID pending; Batch\'s JSON 404 (any error fields) means expired', async () => {
      const [created] = await gdprDelete(['user-7']);
      const entry = { id: 'user-7', reference: created.reference };
      fakes.batch.faults.enqueue({ fault: 'html', status: 404, match: { kind: 'status' } });
      const [gateway] = await check(checker(), [entry]);
      assert.equal(gateway.outcome, 'accepted');
      assert.match(gateway.message!, /^pending at Batch \(status check failed: unexpected answer HTTP 404: HTML page: 404 Not Found\)$/);

      fakes.batch.configure({ gdprExpiryMs: 0 });
      for (const errorFields of ['error_code', 'code', 'none'] as const) {
        fakes.batch.configure({ errorFields });
        const [expired] = await check(checker(), [entry]);
        assert.equal(expired.outcome, 'unknown', errorFields);
      }
    });

    it('Custom Data: a 200 without a token is unknown (the fake did delete: we cannot tell)', async () => {
      fakes.batch.configure({ customDataAnswer: 'empty' });
      const state = await run(client('custom-data'), ['user-1', 'user-2'], { mode: 'custom-data' });
      for (const r of results(state)) {
        assert.equal(r.outcome, 'unknown');
        assert.equal(r.message, 'Batch answered HTTP 200 without a token, so the deletion may or may not be queued: HTTP 200 with an empty body');
      }
    });

    it('Custom Data: a 200 carrying an error body is unknown, the error shown, even next to a token', async () => {
      fakes.batch.configure({ customDataAnswer: 'error-body' });
      const state = await run(client('custom-data'), ['user-1'], { mode: 'custom-data' });
      assert.equal(state.outcomeAt(0), 'unknown');
      assert.match(state.resultAt(0)!.message!, /^Batch answered HTTP 200 with an error in it, so the deletion may or may not be queued: .*nothing was deleted/);
      const both = await run(client('custom-data', { http: cannedHttp(200, '{"token":"t-1","error_code":1}') }), ['user-1'], { mode: 'custom-data' });
      assert.equal(both.outcomeAt(0), 'unknown');
    });

    it('Custom Data: a 200 with a token that also lists refused IDs (invalid_ids) is unknown, never accepted', async () => {
      fakes.batch.configure({ customDataAnswer: 'token-invalid-ids', invalidIds: ['user-2'] });
      const state = await run(client('custom-data'), ['user-1', 'user-2'], { mode: 'custom-data' });
      assert.equal(fakes.batch.customDataState(ANDROID_KEY, 'user-2'), 'present');
      for (const r of results(state)) {
        assert.equal(r.outcome, 'unknown');
        assert.match(r.message!, /^Batch answered HTTP 200 with an error in it, so the deletion may or may not be queued: .*"invalid_ids":\["user-2"\]/);
      }
    });

    it('Custom Data: one refused ID among 10,000 fails alone, in about 2·log2(10,000) calls', async () => {
      const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
      fakes.batch.configure({ invalidIds: ['user-4321'] });
      const state = await run(client('custom-data'), ids, { mode: 'custom-data' });
      assert.equal(state.countOf('accepted'), 9_999);
      assert.deepEqual(state.indicesWhere((o) => o === 'failed').map((i) => state.ids[i]), ['user-4321']);
      assert.equal(state.resultAt(4321)!.message, 'MALFORMED_PARAMETER (31): Malformed parameter: user ID');
      const calls = deletes().length;
      console.log(`      [measure] batch custom data 10,000 IDs, 1 bad ID: ${calls} calls`);
      assert.ok(calls <= 1 + 2 * 14, `calls: ${calls}`);
    });

    it('Custom Data: three refused IDs among 10,000 fail alone, within 2·k·log2(n) calls', async () => {
      const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
      const bad = ['user-17', 'user-5000', 'user-9998'];
      fakes.batch.configure({ invalidIds: bad });
      const state = await run(client('custom-data'), ids, { mode: 'custom-data' });
      assert.equal(state.countOf('accepted'), 9_997);
      assert.deepEqual(state.indicesWhere((o) => o === 'failed').map((i) => state.ids[i]), bad);
      const calls = deletes().length;
      console.log(`      [measure] batch custom data 10,000 IDs, 3 bad IDs: ${calls} calls`);
      assert.ok(calls <= 2 * 3 * 14, `calls: ${calls}`);
    });

    it('Custom Data: a request refused as such (every ID refused) stops halving: all failed, bounded calls', async () => {
      const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
      fakes.batch.configure({ invalidIds: ids });
      const state = await run(client('custom-data'), ids, { mode: 'custom-data' });
      assert.equal(state.countOf('failed'), 10_000);
      assert.match(state.resultAt(9_999)!.message!, /^MALFORMED_PARAMETER \(31\): Malformed parameter: user ID \(not split further: /);
      const calls = deletes().length;
      console.log(`      [measure] batch custom data 10,000 IDs, every ID refused: ${calls} calls (halving to singletons: 19,999)`);
      assert.ok(calls <= 2 * (14 + 1) + 1, `calls: ${calls}`);
    });

    it('Custom Data: a gateway HTML 404 fails the call, unsplit, with the page title', async () => {
      fakes.batch.faults.enqueue({ fault: 'html', status: 404 });
      const state = await run(client('custom-data'), ['user-1', 'user-2'], { mode: 'custom-data' });
      assert.equal(deletes().length, 1);
      assert.equal(state.countOf('failed'), 2);
      assert.equal(state.resultAt(0)!.message, 'ROUTE_NOT_FOUND (20): HTML page: 404 Not Found');
    });
  });
});
