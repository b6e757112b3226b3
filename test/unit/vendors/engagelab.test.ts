import assert from 'node:assert/strict';
import type { EngagelabAccount, EngagelabSecrets } from '../../../src/vendors/engagelab';
import { JobState, requestForId, type IdResult, type TargetSpec, type TargetState } from '../../../src/core/job';
import { AbortedError, PacingRegistry } from '../../../src/core/limits';
import type { RetryPolicy } from '../../../src/core/retry';
import { runJob } from '../../../src/core/runner';
import type { EngineSettings } from '../../../src/core/settings';
import { EngagelabAliasLookupError, engagelabVendor, resolveEngagelabAliases } from '../../../src/vendors/engagelab';
import { isStatusChecker, type CallIdResult, type DeleteClient, type StatusChecker, type VendorClientEnv } from '../../../src/vendors/vendor';
import {
  DEFAULT_FAKE_ACCOUNTS,
  defaultEngageLabApps,
  maxInWindow,
  registrationIdFor,
  seedUsers,
  startFakeVendors,
  type FakeVendors,
  routeEveryHostTo,
  type RecordedRequest,
} from '../../fakes';
import { assertNoSecret as assertNoSecretIn, cannedHttp, clientEnv, recorder, resultsOf, RETRY, runOnTarget, settledList, type RunOptions } from './harness';
import { createHttpClient } from '../../../src/core/http';
import { Redactor } from '../../../src/core/redact';

const FAKE = DEFAULT_FAKE_ACCOUNTS.engagelab;
const WRONG_SECRET = 'el-wrong-master-secret';
const BASIC = Buffer.from(`${FAKE.appKey}:${FAKE.masterSecret}`).toString('base64');
const SECRET_VALUES = [FAKE.appKey, FAKE.masterSecret, WRONG_SECRET, BASIC];
const SEEDED = 1_000;
/** Registration ids and aliases with characters that must be percent-encoded in the path. */
const ODD_RID = 'odd/rid ?#%&+é';
const ODD_ALIAS = 'al/ias ?é';

const TARGET: TargetSpec = {
  key: 'engagelab:acc-1',
  accountId: 'acc-1',
  accountLabel: 'Fake EngageLab',
  options: { vendor: 'engagelab', idType: 'registration_id' },
};
const ACCOUNT: EngagelabAccount = { id: 'acc-1', label: 'Fake EngageLab', vendor: 'engagelab', dataCenter: 'sgp' };
const SECRETS: EngagelabSecrets = { appKey: FAKE.appKey, masterSecret: FAKE.masterSecret };
const BAD_SECRETS: EngagelabSecrets = { appKey: FAKE.appKey, masterSecret: WRONG_SECRET };

/** Most timestamps (ms) within any window shorter than one second. */
const maxPerSecond = (times: number[]): number => maxInWindow(times, 1000);

const rids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => registrationIdFor(`user-${from + i}`));

describe('EngageLab vendor client', function () {
  let fakes: FakeVendors;

  before(async () => {
    const apps = defaultEngageLabApps(seedUsers(SEEDED));
    apps[0].devices.push({ registrationId: ODD_RID, alias: ODD_ALIAS, platform: 'ios' });
    apps[0].devices.push({ registrationId: 'rid-shared-2', alias: 'shared', platform: 'android' });
    apps[0].devices.push({ registrationId: 'rid-shared-1', alias: 'shared', platform: 'ios' });
    apps[0].devices.push({ registrationId: 'rid-web', alias: 'web-only', platform: 'web' });
    for (const platform of ['android', 'ios', 'hmos', 'web']) apps[0].devices.push({ registrationId: `rid-all-${platform}`, alias: 'every-platform', platform });
    fakes = await startFakeVendors({ engagelab: { apps } });
  });
  after(async () => {
    await fakes?.close();
  });
  beforeEach(() => {
    fakes.reset();
    fakes.engagelab.configure({
      successBody: 'json',
      unknownDevice: '404',
      errorShape: 'nested',
      unknownAlias: 'empty',
      apiMissing: false,
      errorOn2xx: false,
      errorsBesideAnswer: false,
      ratePerSecond: 500,
      requireAcceptJson: true,
      rateLimitHeaders: false,
      latencyMs: 0,
      jitterMs: 0,
      completionDelayMs: 0,
    });
  });

  type EnvOptions = { settings?: Partial<EngineSettings>; timeoutMs?: number; baseUrl?: string };

  /** A redactor that knows no secret: the client must keep them out on its own. */
  function env(opts: EnvOptions = {}): VendorClientEnv {
    return clientEnv({ ...opts, baseUrl: opts.baseUrl ?? fakes.urls.engagelab });
  }

  type ClientOptions = EnvOptions & { secrets?: EngagelabSecrets };

  function client(opts: ClientOptions = {}): DeleteClient {
    return engagelabVendor.createDeleteClient(TARGET, ACCOUNT, opts.secrets ?? SECRETS, env(opts));
  }

  function checker(opts: ClientOptions = {}): StatusChecker {
    const made = engagelabVendor.createStatusChecker(TARGET, ACCOUNT, opts.secrets ?? SECRETS, env(opts));
    assert.ok(isStatusChecker(made));
    return made;
  }

  const run = (c: DeleteClient, ids: string[], opts: Omit<RunOptions, 'pacing'> = {}): Promise<TargetState> => runOnTarget(TARGET, c, ids, SECRET_VALUES, opts);
  const results = (state: TargetState): IdResult[] => resultsOf(state);
  const deletes = (): RecordedRequest[] => fakes.engagelab.requests().filter((r) => r.kind === 'delete');
  const lookups = (): RecordedRequest[] => fakes.engagelab.requests().filter((r) => r.kind === 'lookup');
  const assertNoSecret = (value: unknown): void => assertNoSecretIn(value, SECRET_VALUES);

  async function check(c: StatusChecker, ids: string[]): Promise<CallIdResult[]> {
    const all: CallIdResult[] = [];
    for (const id of ids) all.push(...settledList(await c.check([{ id }]), SECRET_VALUES));
    return all;
  }

  function resolve(aliases: string[], opts: ClientOptions & { signal?: AbortSignal; pacing?: PacingRegistry; retry?: RetryPolicy } = {}) {
    return resolveEngagelabAliases(ACCOUNT, opts.secrets ?? SECRETS, env(opts), aliases, {
      pacing: opts.pacing ?? new PacingRegistry(),
      retry: opts.retry ?? RETRY,
      signal: opts.signal,
    });
  }

  describe('delete', () => {
    it('sends the exact documented request, one registration_id per call', async () => {
      const state = await run(client(), rids(2));
      const sent = deletes();
      assert.equal(sent.length, 2);
      for (const [n, req] of sent.entries()) {
        assert.equal(req.method, 'DELETE');
        assert.equal(req.rawPath, `/v4/devices/${rids(2)[n]}`);
        assert.equal(req.headers.authorization, `Basic ${BASIC}`);
        assert.equal(req.headers.accept, 'application/json');
        assert.equal(req.bodyText, '');
        assert.ok(req.applied);
      }
      for (const r of results(state)) {
        assert.equal(r.outcome, 'accepted');
        assert.equal(r.httpStatus, 200);
        assert.equal(r.message, 'deletion accepted; EngageLab has no status API');
        // One summary for every device (the ID is in the row), so equal answers stay one result.
        assert.equal(r.request, `DELETE ${fakes.urls.engagelab}/v4/devices/{registration_id} (1 ID)`);
      }
      assert.equal(requestForId(results(state)[1].request!, 'rid-user-2'), `DELETE ${fakes.urls.engagelab}/v4/devices/rid-user-2 (1 ID)`);
      assert.equal(fakes.engagelab.deviceState(FAKE.appKey, 'rid-user-1'), 'deleted');
    });

    it('percent-encodes a registration_id with reserved characters', async () => {
      const state = await run(client(), [ODD_RID]);
      const [req] = deletes();
      assert.equal(req.rawPath, `/v4/devices/${encodeURIComponent(ODD_RID)}`);
      assert.deepEqual(req.ids, [ODD_RID]);
      assert.ok(req.applied);
      assert.equal(state.outcomeAt(0), 'accepted');
    });

    it('describes the requests it would send (dry run), unredacted and exact', () => {
      const specs = client().requestsFor(['rid-user-1', ODD_RID]);
      assert.deepEqual(specs, [
        { method: 'DELETE', url: `${fakes.urls.engagelab}/v4/devices/rid-user-1`, headers: { Authorization: `Basic ${BASIC}`, Accept: 'application/json' } },
        {
          method: 'DELETE',
          url: `${fakes.urls.engagelab}/v4/devices/${encodeURIComponent(ODD_RID)}`,
          headers: { Authorization: `Basic ${BASIC}`, Accept: 'application/json' },
        },
      ]);
      assert.deepEqual(client().limits, { idsPerCall: 1, maxInFlight: 128, requestsPerSecond: 500, pacingKey: 'engagelab:acc-1:delete', rateKey: 'engagelab:acc-1' });
    });

    it('uses the data centre host when there is no override', () => {
      const c = engagelabVendor.createDeleteClient(TARGET, { ...ACCOUNT, dataCenter: 'defra' }, SECRETS, { ...env(), baseUrlOverride: undefined });
      assert.equal(c.requestsFor(['x'])[0].url, 'https://pushapi-defra.engagelab.com/v4/devices/x');
    });

    for (const successBody of ['json', 'empty', 'text'] as const) {
      it(`treats a 2xx with a ${successBody} body as accepted`, async () => {
        fakes.engagelab.configure({ successBody });
        const state = await run(client(), rids(3));
        assert.equal(state.countOf('accepted'), 3);
        assert.equal(deletes().length, 3);
      });
    }

    it('reports an unknown registration_id answered 404 as not found, distinct from a failure', async () => {
      const state = await run(client(), ['rid-nobody', 'rid-user-1']);
      assert.equal(state.outcomeAt(0), 'not-found');
      assert.equal(state.resultAt(0)!.httpStatus, 404);
      assert.equal(state.resultAt(0)!.message, 'not found at EngageLab (unknown or already deleted registration_id)');
      assert.equal(state.outcomeAt(1), 'accepted');
      assert.equal(state.countOf('failed'), 0);
    });

    it('accepts an unknown registration_id answered 200 (the other variant)', async () => {
      fakes.engagelab.configure({ unknownDevice: '200' });
      const state = await run(client(), ['rid-nobody']);
      assert.equal(state.outcomeAt(0), 'accepted');
    });

    it('a second deletion of the same device is not found, not failed', async () => {
      await run(client(), ['rid-user-1']);
      const state = await run(client(), ['rid-user-1']);
      assert.equal(state.outcomeAt(0), 'not-found');
    });

    for (const errorShape of ['nested', 'flat'] as const) {
      it(`a 401 fails with the vendor message (${errorShape} error body) and the hint`, async () => {
        fakes.engagelab.configure({ errorShape });
        const state = await run(client({ secrets: BAD_SECRETS }), rids(2));
        assert.equal(state.countOf('failed'), 2);
        const r = state.resultAt(0)!;
        assert.equal(r.httpStatus, 401);
        assert.equal(
          r.message,
          'EngageLab authentication failed (HTTP 401): code 27001: Authentication failed; check the AppKey, Master Secret and data centre (Singapore (default))',
        );
        assert.equal(deletes().length, 2, 'a 401 is not retried');
      });

      it(`an empty registration_id is never sent: it would be DELETE /v4/devices/, another request (${errorShape} error body)`, async () => {
        fakes.engagelab.configure({ errorShape });
        const state = await run(client(), ['']);
        assert.equal(state.outcomeAt(0), 'failed');
        assert.match(state.resultAt(0)!.message ?? '', /^not sent: the registration_id cannot be sent in a URL path/);
        assert.equal(deletes().length, 0);
      });
    }

    it('shows an HTML error page as text, not as a parse failure', async () => {
      fakes.engagelab.faults.enqueue({ fault: 'html', status: 403 });
      const state = await run(client(), ['rid-user-1']);
      assert.equal(state.outcomeAt(0), 'failed');
      assert.equal(state.resultAt(0)!.message, 'EngageLab refused the request (HTTP 403): HTML page: 403 Bad Gateway');
    });

    it('a 2xx whose body is HTML or unreadable is unknown, never accepted', async () => {
      fakes.engagelab.faults.enqueue({ fault: 'html', status: 200, applied: true });
      const state = await run(client(), ['rid-user-1']);
      assert.equal(state.outcomeAt(0), 'unknown');
      assert.equal(state.resultAt(0)!.message, 'EngageLab answered HTTP 200 with an unexpected answer; the deletion may or may not have happened: HTML page: 200 Bad Gateway');
    });

    it('a 2xx with an error body fails with the vendor error (nothing deleted)', async () => {
      fakes.engagelab.configure({ errorOn2xx: true });
      const state = await run(client(), ['rid-user-1']);
      assert.equal(state.outcomeAt(0), 'failed');
      assert.equal(state.resultAt(0)!.message, 'EngageLab answered HTTP 200 with an error: code 27002: unknown error');
      assert.equal(fakes.engagelab.deviceState(FAKE.appKey, 'rid-user-1'), 'present');
    });

    it('a 2xx {"success": true} with an errors list beside it is not accepted (nothing deleted)', async () => {
      fakes.engagelab.configure({ errorsBesideAnswer: true });
      const state = await run(client(), ['rid-user-1']);
      assert.equal(state.outcomeAt(0), 'failed');
      assert.equal(state.resultAt(0)!.message, 'EngageLab answered HTTP 200 with an error: {"success":true,"errors":[{"code":27002,"message":"unknown error"}]}');
      assert.equal(fakes.engagelab.deviceState(FAKE.appKey, 'rid-user-1'), 'present');
      for (const body of ['{"success":true,"failed":["rid-user-1"]}', '{"success":true,"unprocessed":["rid-user-1"]}']) {
        const [r] = settledList(await engagelabVendor.createDeleteClient(TARGET, ACCOUNT, SECRETS, { ...env(), http: cannedHttp(200, body) }).deleteIds(['rid-user-1']), SECRET_VALUES);
        assert.equal(r.outcome, 'failed', body);
      }
    });

    it('an answer with a key given twice is not read: never accepted, never not found', async () => {
      const cases: Array<[number, string]> = [
        [200, '{"success":false,"success":true}'],
        [404, '{"error":{"code":27006,"message":"appkey not found","message":"registration_id not found"}}'],
      ];
      for (const [status, body] of cases) {
        const [r] = settledList(await engagelabVendor.createDeleteClient(TARGET, ACCOUNT, SECRETS, { ...env(), http: cannedHttp(status, body) }).deleteIds(['rid-user-1']), SECRET_VALUES);
        assert.ok(r.outcome === 'unknown' || r.outcome === 'failed', `${body} → ${r.outcome}`);
      }
      await assert.rejects(
        resolveEngagelabAliases(ACCOUNT, SECRETS, { ...env(), http: cannedHttp(200, '{"registration_ids":["rid-user-1"],"registration_ids":[]}') }, ['user-1'], { pacing: new PacingRegistry(), retry: RETRY }),
        /alias "user-1"/,
      );
    });

    it('a Basic credential echoed without its base64 padding never reaches a message', async () => {
      // 9 + 1 + 15 bytes: the base64 ends with "==", which a vendor's log or error may drop.
      const secrets: EngagelabSecrets = { appKey: 'elAppKey1', masterSecret: 'elMasterSecret9' };
      const basic = Buffer.from(`${secrets.appKey}:${secrets.masterSecret}`).toString('base64');
      assert.ok(basic.endsWith('=='));
      const unpadded = basic.replace(/=+$/, '');
      const http = cannedHttp(400, JSON.stringify({ error: { code: 27003, message: `bad authorization: Basic ${unpadded}` } }));
      const outcome = await engagelabVendor.createDeleteClient(TARGET, ACCOUNT, secrets, { ...env(), http }).deleteIds(['rid-user-1']);
      // Not even the part after the AppKey's own base64: it decodes to ":" + the Master Secret.
      const [r] = settledList(outcome, [basic, unpadded, unpadded.slice(12)]);
      assert.equal(r.message, 'EngageLab rejected the request (HTTP 400): code 27003: bad authorization: Basic ***');
    });

    it("the recorded 404 code 7010 (the API route, not the device, is missing) fails as an unexpected answer", async () => {
      fakes.engagelab.configure({ apiMissing: true });
      const state = await run(client(), ['rid-user-1']);
      assert.equal(state.outcomeAt(0), 'failed');
      assert.equal(state.resultAt(0)!.httpStatus, 404);
      assert.equal(
        state.resultAt(0)!.message,
        "EngageLab answered HTTP 404 with an unexpected answer (the API route, not the device, does not exist — wrong base URL or data centre?): code 7010: request api doesn't exist",
      );
    });

    it('a gateway HTML 404 fails as an unexpected answer with the page text, never not found', async () => {
      fakes.engagelab.faults.enqueue({ fault: 'html', status: 404 });
      const state = await run(client(), ['rid-user-1']);
      assert.equal(state.outcomeAt(0), 'failed');
      assert.equal(state.resultAt(0)!.message, 'EngageLab answered HTTP 404 with an unexpected answer: HTML page: 404 Not Found');
      assert.equal(fakes.engagelab.deviceState(FAKE.appKey, 'rid-user-1'), 'present');
    });

    it('a 404 in the vendor shape that does not name the device is not "not found" either', async () => {
      const http = cannedHttp(404, JSON.stringify({ error: { code: 27006, message: 'Not Found' } }));
      const outcome = await engagelabVendor.createDeleteClient(TARGET, ACCOUNT, SECRETS, { ...env(), http }).deleteIds(['rid-user-1']);
      const [r] = settledList(outcome, SECRET_VALUES);
      assert.equal(r.outcome, 'failed');
      assert.equal(r.message, 'EngageLab answered HTTP 404 with an unexpected answer: code 27006: Not Found');
    });

    it('400 code 7002 "does not belong to this appkey" fails and names the data centre (never accepted)', async () => {
      fakes.engagelab.configure({ unknownDevice: '400-foreign' });
      const state = await run(client(), ['rid-elsewhere']);
      assert.equal(state.outcomeAt(0), 'failed');
      assert.equal(state.resultAt(0)!.httpStatus, 400);
      assert.equal(
        state.resultAt(0)!.message,
        'EngageLab rejected the registration_id (HTTP 400): code 7002: registration_id does not belong to this appkey — it is not registered under this AppKey here: it may belong to another app or to another data centre (this account uses Singapore (default))',
      );
    });

    it('IDs that URL normalisation would change are never sent: no request for them, "not sent" if asked', async () => {
      const c = client();
      assert.deepEqual(c.requestsFor(['.', '..', '%2e', '%2E', 'rid-user-1']).map((r) => r.url), [`${fakes.urls.engagelab}/v4/devices/rid-user-1`]);
      const outcome = await c.deleteIds(['..']);
      const [r] = settledList(outcome, SECRET_VALUES);
      assert.equal(r.outcome, 'failed');
      assert.match(r.message!, /^not sent: the registration_id cannot be sent in a URL path/);
      assert.equal(fakes.engagelab.requests().length, 0);
    });

    it('the data centre decides the host: the right one deletes, another answers 401 with the hint', async () => {
      const dispatcher = routeEveryHostTo(fakes.urls.engagelab);
      try {
        const redactor = new Redactor();
        const real: VendorClientEnv = { ...env(), baseUrlOverride: undefined, http: createHttpClient({ dispatcher, timeoutMs: 5_000, redactor }) };
        const wrong = await runOnTarget(TARGET, engagelabVendor.createDeleteClient(TARGET, { ...ACCOUNT, dataCenter: 'usva' }, SECRETS, real), ['rid-user-1'], SECRET_VALUES);
        assert.equal(wrong.outcomeAt(0), 'failed');
        assert.match(wrong.resultAt(0)!.message!, /HTTP 401.*check the AppKey, Master Secret and data centre \(Virginia\)/);
        const right = await runOnTarget(TARGET, engagelabVendor.createDeleteClient(TARGET, ACCOUNT, SECRETS, real), ['rid-user-1'], SECRET_VALUES);
        assert.equal(right.outcomeAt(0), 'accepted');
        assert.deepEqual(deletes().map((r) => [r.headers.host, r.status]), [['pushapi-usva.engagelab.com', 401], ['pushapi-sgp.engagelab.com', 200]]);
      } finally {
        await dispatcher.close();
      }
    });

    it('retries 429 (Retry-After honoured), 500, 503 and empty 502 answers, then succeeds', async () => {
      fakes.engagelab.faults
        .enqueue({ fault: '429', retryAfter: 1 })
        .enqueue({ fault: '500' })
        .enqueue({ fault: '503' })
        .enqueue({ fault: 'empty' });
      const state = await run(client(), ['rid-user-1'], { retry: { ...RETRY, maxAttempts: 5 } });
      assert.equal(state.outcomeAt(0), 'accepted');
      assert.deepEqual(deletes().map((r) => r.status), [429, 500, 503, 502, 200]);
    });

    it('gives up on a 429 that persists, as failed with the vendor message', async () => {
      fakes.engagelab.faults.enqueue({ fault: '429', count: Infinity });
      const state = await run(client(), ['rid-user-1']);
      assert.equal(deletes().length, RETRY.maxAttempts);
      assert.equal(state.outcomeAt(0), 'failed');
      assert.equal(state.resultAt(0)!.message, 'rate limited by EngageLab (HTTP 429): code 27008: Too many requests');
    });

    it('a timeout ends as unknown (sent, no answer)', async () => {
      fakes.engagelab.faults.enqueue({ fault: 'timeout-after', holdMs: 3_000, count: Infinity });
      const state = await run(client({ timeoutMs: 100 }), ['rid-user-1'], { retry: { ...RETRY, maxAttempts: 2 } });
      assert.equal(state.outcomeAt(0), 'unknown');
      assert.match(state.resultAt(0)!.message!, /no answer before the request timeout; the request may have reached the vendor/);
      assert.equal(deletes().length, 2);
    });

    it('a connection reset before an answer is retried', async () => {
      fakes.engagelab.faults.enqueue({ fault: 'reset-before' });
      const state = await run(client(), ['rid-user-1']);
      assert.equal(state.outcomeAt(0), 'accepted');
      assert.equal(deletes().length, 2);
    });

    it('stays within the vendor rate: 1,000 IDs, no 429 and nothing over the limit', async () => {
      // Client and fake share the same rate: the fake counts every sliding second by arrival; the
      // client starts at most the full rate in any second, and spreads them so they do not bunch.
      fakes.engagelab.configure({ ratePerSecond: 400 });
      const sentAt: number[] = [];
      const base = env({ settings: { engagelabRequestsPerSecond: 400 } });
      const timed: VendorClientEnv = { ...base, http: { send: (spec, signal) => (sentAt.push(performance.now()), base.http.send(spec, signal)) } };
      const state = await run(engagelabVendor.createDeleteClient(TARGET, ACCOUNT, SECRETS, timed), rids(SEEDED));
      assert.equal(state.countOf('accepted'), SEEDED);
      const sent = deletes();
      assert.equal(sent.length, SEEDED);
      assert.equal(sent.filter((r) => r.overLimit).length, 0);
      assert.equal(sent.filter((r) => r.status === 429).length, 0);
      assert.ok(maxPerSecond(sentAt) <= 400, `client sent ${maxPerSecond(sentAt)} requests within one second`);
    });

    describe('pacing at the full rate (the fake counts every sliding second by arrival)', () => {
      const overOrLimited = () => deletes().filter((r) => r.overLimit || r.status === 429).length;
      const atRate = (perSecond: number) => ({ settings: { engagelabRequestsPerSecond: perSecond } });

      for (const [vendor, timing] of [
        ['an immediate vendor', { latencyMs: 0, jitterMs: 0 }],
        ['an uneven vendor (20–50 ms per answer)', { latencyMs: 20, jitterMs: 30 }],
      ] as const) {
        it(`3 × the limit at 20/s, ${vendor}: every ID accepted once, nothing over the limit, no 429`, async function () {
          this.timeout(20_000);
          fakes.engagelab.configure({ ratePerSecond: 20, ...timing });
          const state = await run(client(atRate(20)), rids(60));
          assert.equal(state.countOf('accepted'), 60);
          assert.equal(deletes().length, 60);
          assert.equal(overOrLimited(), 0);
        });
      }

      it('follows X-Rate-Limit-Limit when the vendor allows fewer than configured', async function () {
        this.timeout(20_000);
        fakes.engagelab.configure({ ratePerSecond: 10, rateLimitHeaders: true });
        const state = await run(client(atRate(20)), rids(25));
        assert.equal(state.countOf('accepted'), 25);
        assert.equal(overOrLimited(), 0);
      });

      it('waits for X-Rate-Limit-Reset when Remaining is 0 because someone else used the AppKey', async function () {
        this.timeout(20_000);
        fakes.engagelab.configure({ ratePerSecond: 10, rateLimitHeaders: true });
        // Another program spends the whole window of this AppKey just before the run.
        const other = createHttpClient({ timeoutMs: 5_000, redactor: new Redactor() });
        const spec = { method: 'GET' as const, url: `${fakes.urls.engagelab}/v4/devices/rid-user-900`, headers: { Authorization: `Basic ${BASIC}`, Accept: 'application/json' } };
        for (let i = 0; i < 10; i++) assert.equal((await other.send(spec)).status, 200);
        const state = await run(client(atRate(10)), rids(15));
        assert.equal(state.countOf('accepted'), 15);
        // The first delete learns that the window is full; no other delete runs into it.
        assert.equal(deletes().filter((r) => r.status === 429).length, 1);
      });
    });

    it('on cancel, sends nothing more and marks the rest cancelled', async () => {
      fakes.engagelab.pause();
      const cancel = new AbortController();
      const running = run(client({ settings: { engagelabConcurrency: 2 } }), rids(50), { cancel: cancel.signal });
      await fakes.engagelab.waitForRequests(2);
      cancel.abort();
      fakes.engagelab.resume();
      const state = await running;
      assert.equal(deletes().length, 2, 'no request after cancel');
      assert.equal(state.countOf('accepted'), 2);
      assert.equal(state.countOf('cancelled'), 48);
      assert.equal(state.resultAt(49)!.message, 'cancelled before it was sent');
    });
  });

  describe('alias resolution', () => {
    it('resolves aliases with the documented lookup, encoding odd aliases', async () => {
      const map = await resolve(['user-1', ODD_ALIAS, 'shared', 'nobody', 'user-1']);
      assert.deepEqual([...map.entries()], [
        ['user-1', ['rid-user-1']],
        [ODD_ALIAS, [ODD_RID]],
        ['shared', ['rid-shared-2', 'rid-shared-1']],
        ['nobody', []],
      ]);
      const sent = lookups();
      assert.equal(sent.length, 4, 'each distinct alias is looked up once');
      const odd = sent.find((r) => r.ids[0] === ODD_ALIAS)!;
      assert.equal(odd.method, 'GET');
      assert.equal(odd.rawPath, `/v4/aliases/${encodeURIComponent(ODD_ALIAS)}`);
      for (const req of sent) {
        assert.deepEqual(req.query, {}, 'no platform filter: the vendor default is every platform');
        assert.equal(req.headers.authorization, `Basic ${BASIC}`);
        assert.equal(req.headers.accept, 'application/json');
      }
    });

    it('finds the devices of every platform (android, ios, hmos, web)', async () => {
      const map = await resolve(['every-platform', 'web-only']);
      assert.deepEqual(map.get('every-platform'), ['rid-all-android', 'rid-all-ios', 'rid-all-hmos', 'rid-all-web']);
      assert.deepEqual(map.get('web-only'), ['rid-web']);
    });

    it('maps an alias answered 404 "alias not found" to no registration_id', async () => {
      fakes.engagelab.configure({ unknownAlias: '404' });
      const map = await resolve(['nobody', 'user-2']);
      assert.deepEqual(map.get('nobody'), []);
      assert.deepEqual(map.get('user-2'), ['rid-user-2']);
    });

    for (const unknownAlias of ['null', 'empty'] as const) {
      it(`an alias answered {"registration_ids": ${unknownAlias === 'null' ? 'null' : '[]'}} is not found; the other aliases go on`, async () => {
        fakes.engagelab.configure({ unknownAlias });
        const map = await resolve(['nobody', 'user-2', 'nobody-else']);
        assert.deepEqual([...map.entries()], [
          ['nobody', []],
          ['user-2', ['rid-user-2']],
          ['nobody-else', []],
        ]);
        assert.equal(lookups().length, 3, 'each alias looked up once, no retry');
      });
    }

    it('an alias answered {"registration_ids": [], "errors": [...]} is not "not found": the resolution fails, nothing is deleted', async () => {
      fakes.engagelab.configure({ errorsBesideAnswer: true });
      await assert.rejects(
        resolve(['user-1']),
        /alias "user-1": EngageLab answered HTTP 200 with an error: \{"registration_ids":\[\],"errors":\[\{"code":27002,"message":"unknown error"\}\]\}/,
      );
    });

    it('a 2xx alias answer that also carries an error is not trusted', async () => {
      const http = cannedHttp(200, JSON.stringify({ registration_ids: [], error: { code: 27002, message: 'unknown error' } }));
      await assert.rejects(
        resolveEngagelabAliases(ACCOUNT, SECRETS, { ...env(), http }, ['user-1'], { pacing: new PacingRegistry(), retry: RETRY }),
        /alias "user-1": EngageLab answered HTTP 200 with an error: code 27002: unknown error/,
      );
    });

    it('a registration_id sent as a number JSON cannot hold exactly is not guessed at: the resolution fails', async () => {
      // 12345678901234567890 parses as 12345678901234567000: deleting that would answer "not found"
      // for a device that was never asked about, while the real one stays.
      const http = cannedHttp(200, '{"registration_ids": [12345678901234567890]}');
      await assert.rejects(
        resolveEngagelabAliases(ACCOUNT, SECRETS, { ...env(), http }, ['user-1'], { pacing: new PacingRegistry(), retry: RETRY }),
        /alias "user-1"/,
      );
      const small = cannedHttp(200, '{"registration_ids": [1234567]}');
      const resolved = await resolveEngagelabAliases(ACCOUNT, SECRETS, { ...env(), http: small }, ['user-1'], { pacing: new PacingRegistry(), retry: RETRY });
      assert.deepEqual([...resolved], [['user-1', ['1234567']]]);
    });

    it('a 7010 or gateway HTML 404 on a lookup is not "alias not found": the resolution fails, nothing is guessed', async () => {
      fakes.engagelab.faults.enqueue({ fault: 'html', status: 404, match: { pathIncludes: 'user-2' } });
      await assert.rejects(resolve(['user-1', 'user-2']), (error: Error) => {
        assert.equal(
          error.message,
          'Could not resolve 1 of 2 aliases at EngageLab, so nothing was deleted: alias "user-2": EngageLab answered HTTP 404 with an unexpected answer: HTML page: 404 Not Found',
        );
        return true;
      });
      fakes.engagelab.configure({ apiMissing: true });
      await assert.rejects(resolve(['user-1']), /alias "user-1": EngageLab answered HTTP 404 with an unexpected answer \(the API route, not the device, does not exist/);
    });

    it('retries transient errors and unreadable answers', async () => {
      fakes.engagelab.faults.enqueue({ fault: '503' }).enqueue({ fault: 'truncated' }).enqueue({ fault: 'html', status: 200 });
      const map = await resolve(['user-3']);
      assert.deepEqual(map.get('user-3'), ['rid-user-3']);
      assert.equal(lookups().length, 4);
    });

    it('rejects with a clear error when a lookup keeps failing (no guess)', async () => {
      fakes.engagelab.faults.enqueue({ fault: '500', count: Infinity, match: { pathIncludes: 'user-2' } });
      await assert.rejects(resolve(['user-1', 'user-2']), (error: Error) => {
        assert.ok(error instanceof EngagelabAliasLookupError);
        assert.equal(
          error.message,
          'Could not resolve 1 of 2 aliases at EngageLab, so nothing was deleted: alias "user-2": EngageLab server error (HTTP 500): code 27002: Internal server error',
        );
        return true;
      });
      assert.equal(lookups().filter((r) => r.ids[0] === 'user-2').length, RETRY.maxAttempts);
    });

    it('rejects on a 401 at once, with the hint and no secret', async () => {
      await assert.rejects(resolve(['user-1'], { secrets: BAD_SECRETS }), (error: Error) => {
        assert.ok(error instanceof EngagelabAliasLookupError);
        assert.match(error.message, /check the AppKey, Master Secret and data centre \(Singapore \(default\)\)/);
        assertNoSecret(error.message);
        return true;
      });
      assert.equal(lookups().length, 1);
    });

    it('rejects with AbortedError when cancelled, and sends nothing more', async () => {
      fakes.engagelab.pause();
      const controller = new AbortController();
      const running = resolve(['user-1', 'user-2', 'user-3'], { signal: controller.signal, settings: { engagelabConcurrency: 1 } });
      await fakes.engagelab.waitForRequests(1);
      controller.abort();
      fakes.engagelab.resume();
      await assert.rejects(running, AbortedError);
      assert.equal(lookups().length, 1);
    });

    it('shares the account pacing with deletions (the rate limiter of engagelab:<account>)', async () => {
      fakes.engagelab.configure({ ratePerSecond: 100 });
      const pacing = new PacingRegistry();
      const settings = { engagelabRequestsPerSecond: 90 };
      // The deletions fill the shared window; the lookups that follow must wait for it.
      const job = new JobState({ id: 'job-2', createdAt: 0, source: 'cli', title: 't', targets: [{ spec: TARGET, ids: rids(60).map((id) => ({ id })) }] });
      const deleting = runJob({ job, clients: new Map([[TARGET.key, client({ settings })]]), recorder }, { pacing, retry: RETRY });
      const resolving = resolve(seedUsers(90, 'user-').map((u) => u.replace('user-', 'user-1')), { settings, pacing });
      await Promise.all([deleting, resolving]);
      const all = fakes.engagelab.requests();
      assert.equal(all.length, 150);
      assert.equal(all.filter((r) => r.overLimit || r.status === 429).length, 0);
    });
  });

  describe('status check (best-effort device lookup)', () => {
    it('is on demand, not automatic, and shares the deletions\' rate', () => {
      const c = checker();
      assert.equal(c.automatic, false);
      assert.equal(c.limits.rateKey, 'engagelab:acc-1');
      assert.equal(c.limits.requestsPerSecond, 500);
    });

    it('a deleted device is done; one still registered stays accepted', async () => {
      await run(client(), ['rid-user-1']);
      const [gone, still] = await check(checker(), ['rid-user-1', 'rid-user-2']);
      assert.deepEqual(gone, {
        outcome: 'done',
        httpStatus: 404,
        message: 'device no longer registered',
        reference: undefined,
        request: `GET ${fakes.urls.engagelab}/v4/devices/{registration_id} (1 ID)`,
      });
      assert.equal(still.outcome, 'accepted');
      assert.equal(still.message, 'deletion accepted; device still registered');
      const [req] = lookups();
      assert.equal(req.method, 'GET');
      assert.equal(req.headers.authorization, `Basic ${BASIC}`);
    });

    it('a deletion still in progress at the vendor stays accepted until it completes', async () => {
      fakes.engagelab.configure({ completionDelayMs: 60_000 });
      await run(client(), [ODD_RID]);
      const [pending] = await check(checker(), [ODD_RID]);
      assert.equal(pending.outcome, 'accepted');
      assert.equal(lookups()[0].rawPath, `/v4/devices/${encodeURIComponent(ODD_RID)}`);
      fakes.engagelab.configure({ completionDelayMs: 0 });
      const [done] = await check(checker(), [ODD_RID]);
      assert.equal(done.outcome, 'done');
    });

    it('a failed lookup never turns an accepted deletion into a failure', async () => {
      fakes.engagelab.faults.enqueue({ fault: '500' });
      const [afterError] = await check(checker(), ['rid-user-1']);
      assert.equal(afterError.outcome, 'accepted');
      assert.match(afterError.message!, /verification lookup failed \(EngageLab server error \(HTTP 500\)/);
      const [afterAuth] = await check(checker({ secrets: BAD_SECRETS }), ['rid-user-1']);
      assert.equal(afterAuth.outcome, 'accepted');
      assert.match(afterAuth.message!, /check the AppKey, Master Secret and data centre/);
      fakes.engagelab.faults.enqueue({ fault: 'timeout', holdMs: 3_000 });
      const [afterTimeout] = await check(checker({ timeoutMs: 100 }), ['rid-user-1']);
      assert.equal(afterTimeout.outcome, 'accepted');
      assert.match(afterTimeout.message!, /verification lookup failed \(no answer before the request timeout\)/);
    });

    it('a 7010 404, a gateway HTML 404 or an unreadable 200 leave the ID pending, never done', async () => {
      await run(client(), ['rid-user-1', 'rid-user-2', 'rid-user-3']);
      fakes.engagelab.configure({ apiMissing: true });
      const [route] = await check(checker(), ['rid-user-1']);
      assert.equal(route.outcome, 'accepted');
      assert.match(route.message!, /^deletion accepted; verification lookup failed \(EngageLab answered HTTP 404 with an unexpected answer \(the API route, not the device/);
      fakes.engagelab.configure({ apiMissing: false });
      fakes.engagelab.faults.enqueue({ fault: 'html', status: 404 }).enqueue({ fault: 'html', status: 200 });
      const [page, unreadable] = await check(checker(), ['rid-user-2', 'rid-user-3']);
      assert.equal(page.outcome, 'accepted');
      assert.equal(page.message, 'deletion accepted; verification lookup failed (EngageLab answered HTTP 404 with an unexpected answer: HTML page: 404 Not Found)');
      assert.equal(unreadable.outcome, 'accepted');
      assert.match(unreadable.message!, /^deletion accepted; verification lookup answer not understood \(HTTP 200\)/);
    });

    it("unknown-device variants: '200' leaves it pending (still looks registered), '400-foreign' too", async () => {
      for (const unknownDevice of ['200', '400-foreign'] as const) {
        fakes.engagelab.configure({ unknownDevice });
        const [r] = await check(checker(), ['rid-nobody']);
        assert.equal(r.outcome, 'accepted', unknownDevice);
      }
    });

    it('keeps the reference of the entry', async () => {
      const outcome = await checker().check([{ id: 'rid-user-9', reference: 'user-9' }]);
      assert.equal(outcome.kind, 'settled');
      assert.equal(outcome.kind === 'settled' && !Array.isArray(outcome.results) && outcome.results.reference, 'user-9');
    });
  });

  describe('test connection', () => {
    it('reports the data centre when the credentials work', async () => {
      const result = await engagelabVendor.testConnection!(ACCOUNT, SECRETS, env());
      assert.deepEqual(result, { ok: true, message: 'Connected to EngageLab (Singapore (default))' });
      const [req] = fakes.engagelab.requests();
      assert.equal(req.method, 'GET');
      assert.match(req.rawPath, /^\/v4\/devices\/[\w-]+$/);
    });

    it('says what to check on a 401, without the secret', async () => {
      const result = await engagelabVendor.testConnection!({ ...ACCOUNT, dataCenter: 'usva' }, BAD_SECRETS, env());
      assert.equal(result.ok, false);
      assert.match(result.message, /HTTP 401.*check the AppKey, Master Secret and data centre \(Virginia\)/);
      assertNoSecret(result);
    });

    it('a gateway HTML 404 does not prove the credentials', async () => {
      fakes.engagelab.faults.enqueue({ fault: 'html', status: 404 });
      const result = await engagelabVendor.testConnection!(ACCOUNT, SECRETS, env());
      assert.deepEqual(result, { ok: false, message: 'EngageLab answered HTTP 404 with an unexpected answer: HTML page: 404 Not Found' });
    });

    it('reports an unreachable host', async () => {
      const result = await engagelabVendor.testConnection!(ACCOUNT, SECRETS, env({ baseUrl: 'http://127.0.0.1:1' }));
      assert.equal(result.ok, false);
      assert.match(result.message, /^Could not reach EngageLab \(Singapore \(default\)\): connection failed/);
    });
  });

  it('lists the caveats for the confirmation', () => {
    const text = engagelabVendor.caveats.join(' ');
    assert.match(text, /Irreversible/);
    assert.match(text, /tags, alias and timezone/);
    assert.match(text, /SDK registers it again/);
    assert.match(text, /do not delete all users/);
  });
});
