import assert from 'node:assert/strict';
import type { Account } from '../../../src/core/accounts';
import type { CooladataAccount, CooladataSecrets } from '../../../src/vendors/cooladata';
import { createHttpClient, type HttpClient } from '../../../src/core/http';
import type { IdResult, TargetSpec, TargetState } from '../../../src/core/job';
import { Redactor } from '../../../src/core/redact';
import { DEFAULT_SETTINGS, type EngineSettings } from '../../../src/core/settings';
import { classifyStatusWord, cooladataVendor, readStatusAnswer } from '../../../src/vendors/cooladata';
import { isStatusChecker, type CallIdResult, type CallOutcome, type DeleteClient, type StatusChecker, type VendorClientEnv } from '../../../src/vendors/vendor';
import { COOLADATA_EXAMPLE_STATUS_PATH, DEFAULT_FAKE_ACCOUNTS, maxOverlap, startFakeVendors, type FakeVendors, type RecordedRequest } from '../../fakes';
import { assertNoSecret as assertNoSecretIn, cannedHttp, clientEnv, resultsOf, RETRY, runOnTarget, users, type RunOptions } from './harness';

const FAKE = DEFAULT_FAKE_ACCOUNTS.cooladata;
const SECRETS = [FAKE.token, FAKE.nonAdminToken];

const TARGET: TargetSpec = {
  key: 'cooladata:acc-1',
  accountId: 'acc-1',
  accountLabel: 'Fake project',
  options: { vendor: 'cooladata', reason: 'GDPR erasure request #17' },
};

function account(patch: Partial<CooladataAccount> = {}): CooladataAccount {
  return { id: 'acc-1', label: 'Fake project', vendor: 'cooladata', projectId: FAKE.projectId, ...patch };
}

describe('Cooladata vendor client', function () {
  let fakes: FakeVendors;
  let remembered: { accountId: string; patch: Partial<Account> }[];

  before(async () => {
    fakes = await startFakeVendors();
  });
  after(async () => {
    await fakes?.close();
  });
  beforeEach(() => {
    fakes.reset();
    fakes.cooladata.configure({
      authForm: 'token',
      errorBody: 'text',
      statusPath: undefined,
      statusShape: 'map',
      failedDeletions: [],
      maxIdsPerCall: undefined,
      successBody: 'empty',
      invalidIds: [],
      maxReasonLength: undefined,
      latencyMs: 0,
      completionDelayMs: 0,
    });
    remembered = [];
  });

  function env(settings: Partial<EngineSettings> = {}, timeoutMs = 5_000): VendorClientEnv {
    return clientEnv({
      baseUrl: fakes.urls.cooladata,
      settings,
      timeoutMs,
      redactorSecrets: SECRETS,
      rememberAccount: (accountId, patch) => remembered.push({ accountId, patch }),
    });
  }

  function client(
    opts: { settings?: Partial<EngineSettings>; account?: Partial<CooladataAccount>; token?: string; timeoutMs?: number; target?: TargetSpec } = {},
  ): DeleteClient {
    return cooladataVendor.createDeleteClient(
      opts.target ?? TARGET,
      account(opts.account),
      { apiToken: opts.token ?? FAKE.token },
      env(opts.settings, opts.timeoutMs),
    );
  }

  function checker(opts: { statusPath?: string; account?: Partial<CooladataAccount> } = {}): StatusChecker {
    const made = cooladataVendor.createStatusChecker(TARGET, account({ statusPath: opts.statusPath, ...opts.account }), { apiToken: FAKE.token }, env());
    assert.ok(isStatusChecker(made), 'a status checker when the status path is set');
    return made;
  }

  const run = (c: DeleteClient, ids: string[], opts: Omit<RunOptions, 'pacing'> = {}): Promise<TargetState> => runOnTarget(TARGET, c, ids, SECRETS, opts);
  const results = (target: TargetState): IdResult[] => resultsOf(target);

  function settledResults(outcome: CallOutcome, n: number): CallIdResult[] {
    assert.equal(outcome.kind, 'settled', JSON.stringify(outcome));
    if (outcome.kind !== 'settled') return [];
    const list = Array.isArray(outcome.results) ? outcome.results : Array.from({ length: n }, () => outcome.results as CallIdResult);
    assert.equal(list.length, n);
    list.forEach(assertNoSecret);
    return list;
  }

  const assertNoSecret = (result: Partial<IdResult> | undefined): void => assertNoSecretIn(result, SECRETS);

  const deletes = (): RecordedRequest[] => fakes.cooladata.requests().filter((r) => r.kind === 'delete');

  describe('delete', () => {
    it('sends the exact documented request and records the IDs as queued', async () => {
      const state = await run(client(), ['user-1', 'user-2', 'user-3']);
      const [req] = fakes.cooladata.requests();
      assert.equal(fakes.cooladata.requests().length, 1);
      assert.equal(req.method, 'POST');
      assert.equal(req.rawPath, `/api/v2/projects/${FAKE.projectId}/users/delete`);
      assert.equal(req.headers.authorization, `Token ${FAKE.token}`);
      assert.equal(req.headers['content-type'], 'application/json');
      assert.equal(req.bodyText, JSON.stringify({ reason: 'GDPR erasure request #17', userIds: ['user-1', 'user-2', 'user-3'] }));
      assert.equal(req.status, 200);
      assert.ok(req.applied);
      for (const r of results(state)) {
        assert.equal(r.outcome, 'accepted');
        assert.equal(r.httpStatus, 200);
        assert.equal(r.message, 'queued at Cooladata');
        assert.equal(r.request, `POST ${fakes.urls.cooladata}/api/v2/projects/${FAKE.projectId}/users/delete (3 IDs)`);
      }
      assert.equal(fakes.cooladata.userState(FAKE.projectId, 'user-2'), 'deleted');
    });

    it('chunks by cooladataChunkSize and paces by cooladataConcurrency on the account key', async () => {
      const c = client({ settings: { cooladataChunkSize: 40, cooladataConcurrency: 3 } });
      assert.deepEqual(c.limits, { idsPerCall: 40, maxInFlight: 3, pacingKey: 'cooladata:acc-1' });
      fakes.cooladata.configure({ latencyMs: 20 });
      const state = await run(c, users(250));
      const sizes = deletes().map((r) => r.ids.length).sort((a, b) => b - a);
      assert.deepEqual(sizes, [40, 40, 40, 40, 40, 40, 10]);
      assert.deepEqual([...deletes().flatMap((r) => r.ids)].sort(), [...users(250)].sort());
      assert.equal(state.countOf('accepted'), 250);
      const maxInFlight = maxOverlap(deletes());
      assert.ok(maxInFlight <= 3, `at most 3 calls in flight, saw ${maxInFlight}`);
    });

    it('requestsFor shows the exact request, with the auth form in use', () => {
      const [spec] = client({ account: { authForm: 'bare' } }).requestsFor(['a', 'b']);
      assert.deepEqual(spec, {
        method: 'POST',
        url: `${fakes.urls.cooladata}/api/v2/projects/${FAKE.projectId}/users/delete`,
        headers: { Authorization: FAKE.token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: 'GDPR erasure request #17', userIds: ['a', 'b'] }),
      });
    });

    it('uses the real host when no override is given', () => {
      const redactor = new Redactor();
      const c = cooladataVendor.createDeleteClient(TARGET, account({ projectId: 'p 1' }), { apiToken: FAKE.token }, {
        http: createHttpClient({ timeoutMs: 1000, redactor }),
        settings: DEFAULT_SETTINGS,
        redactor,
      });
      assert.equal(c.requestsFor(['x'])[0].url, 'https://app.cooladata.com/api/v2/projects/p%201/users/delete');
    });

    it('treats an empty 2xx body as accepted (no JSON parsing), and a truncated answer as no answer', async () => {
      fakes.cooladata.faults.enqueue({ fault: 'truncated' });
      const state = await run(client(), ['user-1']);
      assert.equal(results(state)[0].outcome, 'accepted');
      assert.deepEqual(
        deletes().map((r) => r.status),
        [200, 200],
      );
    });
  });

  describe('Authorization form [unknown]', () => {
    it('sends "Token <t>" only, when the vendor accepts it', async () => {
      await run(client({ settings: { cooladataChunkSize: 2, cooladataConcurrency: 1 } }), users(4));
      assert.deepEqual(
        deletes().map((r) => r.headers.authorization),
        [`Token ${FAKE.token}`, `Token ${FAKE.token}`],
      );
      assert.deepEqual(remembered, []);
    });

    it('falls back to the bare token on 401, remembers it and uses it for later calls', async () => {
      fakes.cooladata.configure({ authForm: 'bare' });
      const state = await run(client({ settings: { cooladataChunkSize: 2, cooladataConcurrency: 1 } }), users(6));
      assert.deepEqual(
        deletes().map((r) => [r.headers.authorization, r.status]),
        [
          [`Token ${FAKE.token}`, 401],
          [FAKE.token, 200],
          [FAKE.token, 200],
          [FAKE.token, 200],
        ],
      );
      assert.equal(state.countOf('accepted'), 6);
      assert.deepEqual(remembered, [{ accountId: 'acc-1', patch: { authForm: 'bare' } }]);
    });

    it('starts with the remembered bare form', async () => {
      fakes.cooladata.configure({ authForm: 'bare' });
      await run(client({ account: { authForm: 'bare' } }), users(3));
      assert.deepEqual(
        deletes().map((r) => [r.headers.authorization, r.status]),
        [[FAKE.token, 200]],
      );
      assert.deepEqual(remembered, []);
    });

    it('tries "Token <t>" once when the remembered bare form gets 401, and remembers it', async () => {
      const state = await run(client({ account: { authForm: 'bare' }, settings: { cooladataChunkSize: 2, cooladataConcurrency: 1 } }), users(4));
      assert.deepEqual(
        deletes().map((r) => [r.headers.authorization, r.status]),
        [
          [FAKE.token, 401],
          [`Token ${FAKE.token}`, 200],
          [`Token ${FAKE.token}`, 200],
        ],
      );
      assert.equal(state.countOf('accepted'), 4);
      assert.deepEqual(remembered, [{ accountId: 'acc-1', patch: { authForm: 'token' } }]);
    });

    it('once the bare token got past the 401 of "Token <t>" (here a 503), the retry starts with it: the same 401 is not collected again', async () => {
      const sent: string[] = [];
      const bareAnswers = [503, 200];
      const http: HttpClient = {
        send: async (spec) => {
          const auth = spec.headers?.Authorization ?? '';
          sent.push(auth === FAKE.token ? 'bare' : auth === `Token ${FAKE.token}` ? 'Token' : auth);
          const status = sent.at(-1) === 'Token' ? 401 : bareAnswers.shift()!;
          return { status, headers: {}, bodyText: status === 401 ? 'Unauthorized' : '', bodyCapped: false, durationMs: 1 };
        },
      };
      const state = await run(cooladataVendor.createDeleteClient(TARGET, account(), { apiToken: FAKE.token }, { ...env(), http }), ['user-1']);
      assert.equal(state.countOf('accepted'), 1);
      assert.deepEqual(sent, ['Token', 'bare', 'bare']);
      assert.deepEqual(remembered, [{ accountId: 'acc-1', patch: { authForm: 'bare' } }]);
    });

    it('never tries more than one fallback per call, and does not retry a 401', async () => {
      const c = client({ token: 'cd-not-a-real-token', settings: { cooladataChunkSize: 2, cooladataConcurrency: 1 } });
      const state = await run(c, users(4));
      assert.deepEqual(
        deletes().map((r) => [r.headers.authorization, r.status]),
        [
          ['Token cd-not-a-real-token', 401],
          ['cd-not-a-real-token', 401],
          ['Token cd-not-a-real-token', 401],
          ['cd-not-a-real-token', 401],
        ],
      );
      for (const r of results(state)) {
        assert.equal(r.outcome, 'failed');
        assert.equal(r.httpStatus, 401);
        assert.match(r.message!, /Unauthorized: missing or invalid API token/);
        assert.match(r.message!, /check that the token belongs to an ADMIN user/);
      }
      assert.deepEqual(remembered, []);
    });

    it('does not send the fallback when the call was aborted meanwhile', async () => {
      const controller = new AbortController();
      const sent: string[] = [];
      const redactor = new Redactor();
      const c = cooladataVendor.createDeleteClient(TARGET, account(), { apiToken: FAKE.token }, {
        http: {
          send: async (spec) => {
            sent.push(spec.headers.Authorization);
            controller.abort();
            return { status: 401, headers: {}, bodyText: 'Unauthorized', bodyCapped: false, durationMs: 1 };
          },
        },
        settings: DEFAULT_SETTINGS,
        redactor,
      });
      const outcome = await c.deleteIds(['user-1'], controller.signal);
      assert.deepEqual(sent, [`Token ${FAKE.token}`]);
      assert.equal(outcome.kind, 'settled');
      assert.equal(outcome.kind === 'settled' && !Array.isArray(outcome.results) && outcome.results.outcome, 'failed');
    });

    it('does not fall back on 403 (non-admin token) and says to use an ADMIN token', async () => {
      fakes.cooladata.configure({ authForm: 'either' });
      const state = await run(client({ token: FAKE.nonAdminToken }), users(2));
      assert.equal(deletes().length, 1);
      const [r] = results(state);
      assert.equal(r.outcome, 'failed');
      assert.equal(r.httpStatus, 403);
      assert.match(r.message!, /Forbidden: an ADMIN user token is required/);
      assert.match(r.message!, /check that the token belongs to an ADMIN user/);
    });
  });

  describe('errors', () => {
    it('names the project on 404', async () => {
      const state = await run(client({ account: { projectId: '999' } }), ['user-1']);
      const [r] = results(state);
      assert.equal(r.outcome, 'failed');
      assert.equal(r.httpStatus, 404);
      assert.match(r.message!, /Project 999 not found/);
      assert.match(r.message!, /unknown project 999\?/);
    });

    it('shows a plain-text failure body as the message', async () => {
      fakes.cooladata.configure({ invalidIds: ['user-1'] });
      const state = await run(client(), ['user-1']);
      assert.equal(deletes().length, 1, 'a 400 for one ID is final: not retried');
      const [r] = results(state);
      assert.equal(r.outcome, 'failed');
      assert.equal(r.httpStatus, 400);
      assert.equal(r.message, 'Invalid request: userIds contains an invalid user id');
    });

    it('shows a JSON failure body as its text', async () => {
      fakes.cooladata.configure({ errorBody: 'json', invalidIds: ['user-1'] });
      const state = await run(client(), ['user-1']);
      const [r] = results(state);
      assert.equal(r.outcome, 'failed');
      assert.equal(r.httpStatus, 400);
      assert.equal(r.message, JSON.stringify({ error: 'Invalid request: userIds contains an invalid user id', statusCode: 400 }));
    });

    it('always sends a reason: a blank one falls back to the configured default', async () => {
      const target: TargetSpec = { ...TARGET, options: { vendor: 'cooladata', reason: '   ' } };
      const state = await run(client({ target, settings: { cooladataReason: 'Erasure per ticket policy' } }), ['user-1']);
      assert.equal(results(state)[0].outcome, 'accepted');
      assert.deepEqual(deletes()[0].json, { reason: 'Erasure per ticket policy', userIds: ['user-1'] });
    });

    it('reduces an HTML error page to its title', async () => {
      fakes.cooladata.faults.enqueue({ fault: 'html', status: 418 });
      const state = await run(client(), ['user-1']);
      const [r] = results(state);
      assert.equal(r.outcome, 'failed');
      assert.equal(r.httpStatus, 418);
      assert.equal(r.message, 'HTML page: 418 Bad Gateway');
    });

    it('retries 429 and 503 and then succeeds', async () => {
      fakes.cooladata.faults.enqueue({ fault: '429', retryAfter: 0 }).enqueue({ fault: '503' });
      const state = await run(client(), users(3));
      assert.deepEqual(
        deletes().map((r) => r.status),
        [429, 503, 200],
      );
      assert.equal(state.countOf('accepted'), 3);
    });

    it('gives up after the last attempt and records the last answer as failed', async () => {
      fakes.cooladata.faults.enqueue({ fault: '503', count: Infinity });
      const state = await run(client(), users(2));
      assert.equal(deletes().length, RETRY.maxAttempts);
      for (const r of results(state)) {
        assert.equal(r.outcome, 'failed');
        assert.equal(r.httpStatus, 503);
        assert.equal(r.message, 'Service unavailable');
      }
    });

    it('records a call that never got an answer as unknown', async () => {
      fakes.cooladata.faults.enqueue({ fault: 'timeout', holdMs: 5_000, count: Infinity });
      const state = await run(client({ timeoutMs: 100 }), users(2), { retry: { ...RETRY, maxAttempts: 2 } });
      assert.equal(deletes().length, 2);
      for (const r of results(state)) {
        assert.equal(r.outcome, 'unknown');
        assert.match(r.message!, /no answer before the request timeout/);
      }
    });

    it('on cancel, sends nothing more and marks the rest cancelled', async () => {
      const c = client({ settings: { cooladataChunkSize: 10, cooladataConcurrency: 1 } });
      fakes.cooladata.pause();
      const cancel = new AbortController();
      const running = run(c, users(50), { cancel: cancel.signal });
      await fakes.cooladata.waitForRequests(1);
      cancel.abort();
      fakes.cooladata.resume();
      const state = await running;
      assert.equal(fakes.cooladata.requests().length, 1);
      assert.equal(state.countOf('accepted'), 10);
      assert.equal(state.countOf('cancelled'), 40);
      assert.deepEqual(
        results(state).slice(0, 10).map((r) => r.outcome),
        Array(10).fill('accepted'),
      );
    });
  });

  describe('status', () => {
    it('has no status check without a status path, and says so honestly', () => {
      const made = cooladataVendor.createStatusChecker(TARGET, account(), { apiToken: FAKE.token }, env());
      assert.ok(!isStatusChecker(made));
      assert.deepEqual(made, { pendingNote: 'queued at Cooladata (status API not configured)' });
    });

    it('has no connection test (there is no harmless call)', () => {
      assert.equal(cooladataVendor.testConnection, undefined);
    });

    it('lists the vendor caveats', () => {
      const text = cooladataVendor.caveats.join('\n');
      assert.match(text, /Irreversible/);
      assert.match(text, /linked/);
      assert.match(text, /aggregation tables/);
      assert.match(text, /opt-out/);
    });

    it('per-ID map: pending → still accepted, completed → done, unknown words shown raw', async () => {
      fakes.cooladata.configure({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH, statusShape: 'map', completionDelayMs: 3_600_000 });
      await run(client(), ['user-1', 'user-2']);
      const c = checker({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH });
      assert.equal(c.automatic, true);
      assert.deepEqual(c.limits, { idsPerCall: 100, maxInFlight: 2, pacingKey: 'cooladata:acc-1' });

      const entries = [{ id: 'user-1' }, { id: 'user-2' }, { id: 'user-3' }];
      const pending = settledResults(await c.check(entries), 3);
      const [req] = fakes.cooladata.requests().filter((r) => r.kind === 'status');
      assert.equal(req.method, 'POST');
      assert.equal(req.rawPath, `/api/v2/projects/${FAKE.projectId}/users/delete/status`);
      assert.equal(req.headers.authorization, `Token ${FAKE.token}`);
      assert.equal(req.headers['content-type'], 'application/json');
      assert.equal(req.bodyText, JSON.stringify({ userIds: ['user-1', 'user-2', 'user-3'] }));
      assert.deepEqual(
        pending.map((r) => r.outcome),
        ['accepted', 'accepted', 'accepted'],
      );
      assert.match(pending[0].message!, /still queued at Cooladata \(status "pending"\)/);
      assert.equal(pending[2].message, 'status answer not understood: not_found');
      assert.equal(pending[0].request, `POST ${fakes.urls.cooladata}/api/v2/projects/${FAKE.projectId}/users/delete/status (3 IDs)`);

      fakes.cooladata.configure({ completionDelayMs: 0 });
      const done = settledResults(await c.check(entries.slice(0, 2)), 2);
      assert.deepEqual(
        done.map((r) => [r.outcome, r.message]),
        [
          ['done', 'Cooladata status "completed"'],
          ['done', 'Cooladata status "completed"'],
        ],
      );
    });

    it('list of {userId, status}', async () => {
      fakes.cooladata.configure({ statusPath: '/custom/{projectId}/status', statusShape: 'list', completionDelayMs: 3_600_000 });
      await run(client(), ['user-1']);
      const c = checker({ statusPath: '/custom/{projectId}/status' });
      const [pending] = settledResults(await c.check([{ id: 'user-1' }]), 1);
      assert.equal(pending.outcome, 'accepted');
      assert.match(pending.message!, /"in progress"/);
      assert.equal(fakes.cooladata.requests().at(-1)!.rawPath, `/custom/${FAKE.projectId}/status`);
      fakes.cooladata.configure({ completionDelayMs: 0 });
      const [done] = settledResults(await c.check([{ id: 'user-1' }]), 1);
      assert.equal(done.outcome, 'done');
    });

    it('one overall status applies to every ID', async () => {
      fakes.cooladata.configure({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH, statusShape: 'overall', completionDelayMs: 3_600_000 });
      await run(client(), ['user-1', 'user-2']);
      const c = checker({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH });
      const entries = [{ id: 'user-1' }, { id: 'user-2' }];
      const queued = settledResults(await c.check(entries), 2);
      assert.deepEqual(
        queued.map((r) => r.outcome),
        ['accepted', 'accepted'],
      );
      assert.match(queued[0].message!, /"queued"/);
      fakes.cooladata.configure({ completionDelayMs: 0 });
      assert.deepEqual(
        settledResults(await c.check(entries), 2).map((r) => r.outcome),
        ['done', 'done'],
      );
      // "unknown" as the overall word is not guessed at.
      const [unread] = settledResults(await c.check([{ id: 'user-9' }]), 1);
      assert.equal(unread.outcome, 'accepted');
      assert.equal(unread.message, 'status answer not understood: {"status":"unknown"}');
    });

    it('an unreadable answer stays accepted, shown raw', async () => {
      fakes.cooladata.configure({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH, statusShape: 'garbage' });
      const c = checker({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH });
      const list = settledResults(await c.check([{ id: 'user-1' }, { id: 'user-2' }]), 2);
      for (const r of list) {
        assert.equal(r.outcome, 'accepted');
        assert.equal(r.message, `status answer not understood: #DSR v0 :: 2 :: ~~ok?~~ <!-- ${FAKE.projectId} -->`);
      }
    });

    it('a failing status call keeps the IDs accepted; transient answers are retried', async () => {
      const c = checker({ statusPath: '/no/such/status' });
      const [r] = settledResults(await c.check([{ id: 'user-1' }]), 1);
      assert.equal(r.outcome, 'accepted');
      assert.equal(r.httpStatus, 404);
      assert.match(r.message!, /status check failed \(HTTP 404\): Not Found — check the status endpoint path/);

      fakes.cooladata.configure({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH });
      fakes.cooladata.faults.enqueue({ fault: '503' });
      const retry = await checker({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH }).check([{ id: 'user-1' }]);
      assert.equal(retry.kind, 'retry');
    });

    it('a deletion that failed is never done, whichever hostile shape tells it beside "completed"', async () => {
      const expected: Record<string, [string, string][]> = {
        'map-qualified': [
          ['done', 'Cooladata status "completed"'],
          ['accepted', 'status answer not understood: completed_with_errors'],
        ],
        'overall-with-failures': [
          ['accepted', 'status answer not understood: "completed" next to an error: failed: ["user-2"]'],
          ['accepted', 'status answer not understood: "completed" next to an error: failed: ["user-2"]'],
        ],
        'list-twice': [
          ['done', 'Cooladata status "completed"'],
          ['accepted', 'status answer not understood: listed twice, "failed" and "deleted"'],
        ],
        'duplicate-keys': [
          ['accepted', 'status answer not understood: {"user-1":"completed","user-2":"failed","user-2":"completed"}'],
          ['accepted', 'status answer not understood: {"user-1":"completed","user-2":"failed","user-2":"completed"}'],
        ],
      };
      for (const [shape, outcomes] of Object.entries(expected)) {
        fakes.reset();
        fakes.cooladata.configure({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH, statusShape: shape as 'map-qualified', failedDeletions: ['user-2'] });
        await run(client(), ['user-1', 'user-2']);
        assert.equal(fakes.cooladata.userState(FAKE.projectId, 'user-2'), 'present');
        const read = settledResults(await checker({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH }).check([{ id: 'user-1' }, { id: 'user-2' }]), 2);
        assert.deepEqual(read.map((r) => [r.outcome, r.message]), outcomes, shape);
      }
    });

    it('status calls use the same auth fallback', async () => {
      fakes.cooladata.configure({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH, authForm: 'bare' });
      const c = checker({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH });
      settledResults(await c.check([{ id: 'user-1' }]), 1);
      settledResults(await c.check([{ id: 'user-1' }]), 1);
      assert.deepEqual(
        fakes.cooladata.requests().map((r) => [r.headers.authorization, r.status]),
        [
          [`Token ${FAKE.token}`, 401],
          [FAKE.token, 200],
          [FAKE.token, 200],
        ],
      );
      assert.deepEqual(remembered, [{ accountId: 'acc-1', patch: { authForm: 'bare' } }]);
    });
  });

  describe('reading status answers', () => {
    it('classifies status words only when unambiguous', () => {
      const cases: [string, string | undefined][] = [
        ['pending', 'pending'],
        ['QUEUED', 'pending'],
        ['in_progress', 'pending'],
        ['In Progress', 'pending'],
        ['processing', 'pending'],
        ['deletion pending', 'pending'],
        ['done', 'done'],
        ['Completed', 'done'],
        ['deleted', 'done'],
        ['success', 'done'],
        ['failed', 'failed'],
        ['error', 'failed'],
        ['not deleted', undefined],
        ['not_found', undefined],
        ['processing failed', undefined],
        ['archived', undefined],
        ['', undefined],
        ['undeleted', undefined],
      ];
      for (const [word, expected] of cases) assert.equal(classifyStatusWord(word), expected, word);
    });

    it('a done word qualified by other words is not done; plain done phrases still are', () => {
      for (const word of ['completed_with_errors', 'partially deleted', 'Deleted with errors', 'Done: 0 of 1 users deleted', 'deleted=false', 'Deleted (0 rows)', 'done pending review']) {
        assert.equal(classifyStatusWord(word), undefined, word);
      }
      for (const word of ['deletion completed', 'successfully deleted', 'User deleted', 'DONE', 'has been deleted']) assert.equal(classifyStatusWord(word), 'done', word);
    });

    it('a done status beside a list or count of failures is not believed; an empty one is no failure', () => {
      const contradicted = (value: unknown, ids: string[]) => {
        const read = readStatusAnswer(value, ids);
        return read && 'overall' in read ? read.overall.contradicted : read?.perId.get(ids[0])?.contradicted;
      };
      assert.equal(contradicted({ status: 'completed', failed: ['b'] }, ['a', 'b']), true);
      assert.equal(contradicted({ status: 'done', errors: [{ userId: 'b' }] }, ['a', 'b']), true);
      assert.equal(contradicted({ status: 'done', failedCount: 1 }, ['a']), true);
      assert.equal(contradicted({ a: { status: 'deleted', not_processed: ['a'] } }, ['a']), true);
      assert.equal(contradicted({ a: 'deleted', b: 'deleted', failed: ['b'] }, ['a', 'b']), true);
      assert.equal(contradicted({ status: 'ok', users: { a: 'deleted' }, errors: ['a: locked'] }, ['a']), true);
      assert.equal(contradicted({ status: 'completed', failed: [], errors: 0, error: '' }, ['a']), undefined);
      // Any other field in words of failure, whatever its name.
      assert.equal(contradicted({ a: { status: 'deleted', result: 'FAILED' } }, ['a']), true);
      assert.equal(contradicted({ status: 'completed', deletionResult: 'error' }, ['a']), true);
      assert.equal(contradicted({ status: 'completed', note: 'no errors', requestId: 'r-1' }, ['a']), undefined);
      // A failed status of the whole answer beside per-ID details: their "done" is not believed either.
      assert.equal(contradicted({ status: 'failed', users: { a: 'deleted' } }, ['a']), true);
      assert.equal(contradicted({ status: 'in progress', users: { a: 'deleted' } }, ['a']), undefined);
      // An ID named like a failure field is an ID, not a failure list.
      assert.equal(contradicted({ failed: 'deleted' }, ['failed']), undefined);
    });

    it('a user ID sent as a number JSON cannot hold exactly names no ID: its status is not given to another', () => {
      // JSON.parse reads 12345678901234567890 as 12345678901234567000, which is another ID asked about.
      const asked = ['12345678901234567000', '12345678901234567890'];
      const answer = readStatusAnswer(JSON.parse('[{"user_id": 12345678901234567890, "status": "completed"}]'), asked);
      assert.equal(answer && 'perId' in answer ? answer.perId.get('12345678901234567000') : undefined, undefined);
      const exact = readStatusAnswer(JSON.parse('[{"user_id": 1234567, "status": "completed"}]'), ['1234567']);
      assert.equal(exact && 'perId' in exact ? exact.perId.get('1234567')?.kind : undefined, 'done');
    });

    it('reads maps with nested objects, wrapped lists and other id field names', () => {
      const map = readStatusAnswer({ a: { status: 'failed', error: 'user locked' }, b: 'done' }, ['a', 'b']);
      assert.ok(map && 'perId' in map);
      assert.deepEqual(map.perId.get('a'), { raw: 'failed', kind: 'failed', detail: 'user locked' });
      assert.equal(map.perId.get('b')?.kind, 'done');

      const wrapped = readStatusAnswer({ status: 'ok', users: [{ customer_user_id: 'a', state: 'queued' }, { user_id: 'b', status: 'completed' }] }, ['a', 'b']);
      assert.ok(wrapped && 'perId' in wrapped);
      assert.equal(wrapped.perId.get('a')?.kind, 'pending');
      assert.equal(wrapped.perId.get('b')?.kind, 'done');

      assert.deepEqual(readStatusAnswer({ status: 'processing' }, ['a']), { overall: { raw: 'processing', kind: 'pending', detail: undefined } });
      assert.equal(readStatusAnswer({ status: 'ok' }, ['a']), undefined);
      // A status beside per-ID details it could not read, a bare "success" or an overall "error"
      // may describe the status call itself: not understood, never applied to every ID.
      assert.equal(readStatusAnswer({ status: 'completed', users: [{ uid: 'a', phase: 'queued' }] }, ['a']), undefined);
      assert.equal(readStatusAnswer({ status: 'success' }, ['a']), undefined);
      assert.equal(readStatusAnswer({ status: 'error', message: 'bad request' }, ['a']), undefined);
      // An ID spelled like a status key is not looked up by key.
      assert.equal(readStatusAnswer({ status: 'success' }, ['status']), undefined);
      assert.equal(readStatusAnswer({ state: 'completed' }, ['state'])?.hasOwnProperty('perId'), false);
      assert.equal(readStatusAnswer('pending', ['a']), undefined);
      assert.equal(readStatusAnswer([1, 2, 3], ['a']), undefined);
      assert.equal(readStatusAnswer(null, ['a']), undefined);
    });

    it('a failed per-ID status is recorded as failed with its detail; a missing ID stays accepted', async () => {
      // Driven through a stub HTTP client: the fake never answers "failed".
      const redactor = new Redactor();
      redactor.addSecret(FAKE.token);
      const stub: VendorClientEnv = {
        http: {
          send: async () => ({
            status: 200,
            headers: {},
            bodyText: JSON.stringify({ 'user-1': { status: 'error', message: `denied for ${FAKE.token}` } }),
            bodyCapped: false,
            durationMs: 1,
          }),
        },
        settings: DEFAULT_SETTINGS,
        redactor,
      };
      const made = cooladataVendor.createStatusChecker(TARGET, account({ statusPath: '/s' }), { apiToken: FAKE.token } satisfies CooladataSecrets, stub);
      assert.ok(isStatusChecker(made));
      const [failed, missing] = settledResults(await made.check([{ id: 'user-1' }, { id: 'user-2' }]), 2);
      assert.equal(failed.outcome, 'failed');
      assert.equal(failed.message, 'Cooladata reports the deletion failed (status "error"): denied for ***');
      assert.equal(missing.outcome, 'accepted');
      assert.equal(missing.message, 'the status answer did not mention this ID');
    });
  });
  describe('truthful outcomes (issue 11)', () => {
    for (const successBody of ['error-json', 'error-text'] as const) {
      it(`a 2xx with a body (${successBody}) is unknown, with the body shown — never accepted`, async () => {
        fakes.cooladata.configure({ successBody });
        const state = await run(client(), ['user-1', 'user-2']);
        assert.equal(deletes().length, 1, 'an answer, not retried on its own');
        for (const r of results(state)) {
          assert.equal(r.outcome, 'unknown');
          assert.equal(r.httpStatus, 200);
          assert.match(r.message!, /^Cooladata answered HTTP 200 with a body \(success is an empty 200\), so the deletion may or may not be queued: /);
          assert.match(r.message!, /quota exceeded, request not queued/);
        }
        assert.equal(fakes.cooladata.userState(FAKE.projectId, 'user-1'), 'present', 'the fake queued nothing');
      });
    }

    it('an empty 204 is not the documented success (an empty 200): unknown, never accepted', async () => {
      fakes.cooladata.configure({ successBody: 'no-content-204' });
      const state = await run(client(), ['user-1']);
      const [r] = results(state);
      assert.equal(r.outcome, 'unknown');
      assert.equal(r.httpStatus, 204);
      assert.match(r.message!, /^Cooladata answered HTTP 204 with no body \(success is an empty 200\)/);
    });

    it('a 2xx body is redacted and cut; an empty or blank body is the documented success', async () => {
      const long = `{"error":"token ${FAKE.token} refused","pad":"${'x'.repeat(2000)}"}`;
      const withBody = cooladataVendor.createDeleteClient(TARGET, account(), { apiToken: FAKE.token }, { ...env(), http: cannedHttp(200, long) });
      const [r] = settledResults(await withBody.deleteIds(['user-1']), 1);
      assert.equal(r.outcome, 'unknown');
      assert.ok(!r.message!.includes(FAKE.token) && r.message!.includes('***'));
      assert.ok(r.message!.length < 800, `cut: ${r.message!.length} characters`);

      for (const blank of ['', ' \r\n']) {
        const c = cooladataVendor.createDeleteClient(TARGET, account(), { apiToken: FAKE.token }, { ...env(), http: cannedHttp(200, blank) });
        assert.equal(settledResults(await c.deleteIds(['user-1']), 1)[0].outcome, 'accepted');
      }
    });

    it('splits a chunk refused with 400 so one bad ID does not fail the other 999 (bounded calls)', async () => {
      fakes.cooladata.configure({ invalidIds: ['user-537'] });
      const state = await run(client({ settings: { cooladataConcurrency: 1 } }), users(1000));
      const failed = state.indicesWhere((o) => o === 'failed').map((i) => state.ids[i]);
      assert.deepEqual(failed, ['user-537']);
      assert.equal(state.countOf('accepted'), 999);
      const r = results(state)[536];
      assert.equal(r.httpStatus, 400);
      assert.equal(r.message, 'Invalid request: userIds contains an invalid user id');
      assert.equal(r.request, `POST ${fakes.urls.cooladata}/api/v2/projects/${FAKE.projectId}/users/delete (1 ID)`);
      // 10 chunks; the bad one costs 1 + 2 per halving level (⌈log2 100⌉ = 7): at most 9 + 15.
      const calls = deletes().length;
      console.log(`      [measure] cooladata 1000 IDs, 1 bad ID: ${calls} calls`);
      assert.ok(calls <= 9 + 1 + 2 * 7, `calls: ${calls}`);
      assert.equal(new Set(fakes.cooladata.requests().filter((q) => q.applied).flatMap((q) => q.ids)).size, 999, 'no good ID sent twice in an applied call');
    });

    it('a chunk larger than Cooladata takes is halved until it is taken', async () => {
      fakes.cooladata.configure({ maxIdsPerCall: 50 });
      const state = await run(client({ settings: { cooladataConcurrency: 1 } }), users(200));
      assert.equal(state.countOf('accepted'), 200);
      assert.deepEqual(deletes().map((q) => q.ids.length), [100, 50, 50, 100, 50, 50]);
    });

    it('a 400 that refuses the request itself (every chunk) stops splitting: all failed, few calls', async () => {
      fakes.cooladata.configure({ maxReasonLength: 5 });
      const state = await run(client({ settings: { cooladataConcurrency: 1 } }), users(1000));
      assert.equal(state.countOf('failed'), 1000);
      assert.match(results(state)[999].message!, /^Invalid request: reason must be at most 5 characters \(not split further: /);
      const calls = deletes().length;
      console.log(`      [measure] cooladata 1000 IDs, request refused as such: ${calls} calls (halving to singletons: 1990)`);
      // The first chunk spends its budget of 2 · (7 + 1) refused calls; the 9 others get one call each.
      assert.equal(calls, 16 + 9);
    });

    it('status check: a gateway HTML 404 or a 200 HTML page never marks an ID done', async () => {
      fakes.cooladata.configure({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH });
      await run(client(), ['user-1']);
      fakes.cooladata.faults.enqueue({ fault: 'html', status: 404, match: { kind: 'status' } });
      const [gateway] = settledResults(await checker({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH }).check([{ id: 'user-1' }]), 1);
      assert.equal(gateway.outcome, 'accepted');
      assert.equal(gateway.httpStatus, 404);
      assert.match(gateway.message!, /^status check failed \(HTTP 404\): HTML page: 404 Not Found — check the status endpoint path/);

      fakes.cooladata.configure({ statusShape: 'html' });
      const [page] = settledResults(await checker({ statusPath: COOLADATA_EXAMPLE_STATUS_PATH }).check([{ id: 'user-1' }]), 1);
      assert.equal(page.outcome, 'accepted');
      assert.match(page.message!, /^status answer not understood: /);
      assert.equal(fakes.cooladata.userState(FAKE.projectId, 'user-1'), 'deleted', 'the deletion itself is done; only the answer was unreadable');
    });
  });
});
