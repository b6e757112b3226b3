import assert from 'node:assert/strict';
import type { ClevertapAccount, ClevertapIdType } from '../../../src/vendors/clevertap';
import { createHttpClient, type HttpClient } from '../../../src/core/http';
import { requestForId, type IdResult, type TargetSpec, type TargetState } from '../../../src/core/job';
import { PacingRegistry } from '../../../src/core/limits';
import { Redactor } from '../../../src/core/redact';
import { DEFAULT_SETTINGS, type EngineSettings } from '../../../src/core/settings';
import { clevertapVendor } from '../../../src/vendors/clevertap';
import { isStatusChecker, type CallIdResult, type DeleteClient, type StatusChecker, type VendorClientEnv } from '../../../src/vendors/vendor';
import { DEFAULT_FAKE_ACCOUNTS, defaultCleverTapAccounts, guidFor, maxOverlap, routeEveryHostTo, startFakeVendors, type FakeVendors, type RecordedRequest } from '../../fakes';
import { assertNoSecret as assertNoSecretIn, cannedHttp, clientEnv, resultsOf, RETRY, runOnTarget, settledList, users, type RunOptions } from './harness';

const FAKE = DEFAULT_FAKE_ACCOUNTS.clevertap;
const WRONG_PASSCODE = 'WRONG-PASSCODE-9999';
const SECRETS = [FAKE.passcode, WRONG_PASSCODE];

function target(idType: ClevertapIdType = 'identity'): TargetSpec {
  return { key: 'clevertap:acc-1', accountId: 'acc-1', accountLabel: 'Fake CleverTap', options: { vendor: 'clevertap', idType } };
}

function account(patch: Partial<ClevertapAccount> = {}): ClevertapAccount {
  return { id: 'acc-1', label: 'Fake CleverTap', vendor: 'clevertap', region: 'in1', accountId: FAKE.accountId, ...patch };
}

describe('CleverTap vendor client', function () {
  let fakes: FakeVendors;

  before(async () => {
    fakes = await startFakeVendors();
  });
  after(async () => {
    await fakes?.close();
  });
  beforeEach(() => {
    fakes.reset();
    fakes.clevertap.configure({
      profileNotFound: '200-fail',
      maxConcurrentDeletes: 3,
      maxIdsPerCall: 100,
      invalidIds: [],
      requireCharset: true,
      successBody: 'status',
      unprocessedIds: [],
      partialShape: 'listed',
      failOn2xx: false,
      duplicateStatusKey: false,
      latencyMs: 0,
      completionDelayMs: 0,
    });
  });

  function env(opts: { settings?: Partial<EngineSettings>; timeoutMs?: number; http?: HttpClient; baseUrl?: string } = {}): VendorClientEnv {
    return clientEnv({ ...opts, baseUrl: opts.baseUrl ?? fakes.urls.clevertap, redactorSecrets: SECRETS });
  }

  type ClientOptions = { settings?: Partial<EngineSettings>; passcode?: string; timeoutMs?: number; idType?: ClevertapIdType; http?: HttpClient };

  function client(opts: ClientOptions = {}): DeleteClient {
    return clevertapVendor.createDeleteClient(target(opts.idType), account(), { passcode: opts.passcode ?? FAKE.passcode }, env(opts));
  }

  function checker(opts: ClientOptions = {}): StatusChecker {
    const made = clevertapVendor.createStatusChecker(target(opts.idType), account(), { passcode: opts.passcode ?? FAKE.passcode }, env(opts));
    assert.ok(isStatusChecker(made));
    return made;
  }

  const run = (c: DeleteClient, ids: string[], opts: RunOptions & { idType?: ClevertapIdType } = {}): Promise<TargetState> =>
    runOnTarget(target(opts.idType), c, ids, SECRETS, opts);
  const results = (state: TargetState): IdResult[] => resultsOf(state);
  const deletes = (): RecordedRequest[] => fakes.clevertap.requests().filter((r) => r.kind === 'delete');
  const lookups = (): RecordedRequest[] => fakes.clevertap.requests().filter((r) => r.kind === 'lookup');
  const assertNoSecret = (value: unknown): void => assertNoSecretIn(value, SECRETS);

  async function check(c: StatusChecker, ids: string[]): Promise<CallIdResult[]> {
    return settledList(await c.check(ids.map((id) => ({ id }))), SECRETS);
  }

  describe('delete', () => {
    it('sends the exact documented request (identity, always an array)', async () => {
      const state = await run(client(), ['user-1', 'user-2']);
      const [req] = fakes.clevertap.requests();
      assert.equal(fakes.clevertap.requests().length, 1);
      assert.equal(req.method, 'POST');
      assert.equal(req.rawPath, '/1/delete/profiles.json');
      assert.equal(req.headers['x-clevertap-account-id'], FAKE.accountId);
      assert.equal(req.headers['x-clevertap-passcode'], FAKE.passcode);
      assert.equal(req.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(req.bodyText, JSON.stringify({ identity: ['user-1', 'user-2'] }));
      assert.equal(req.status, 200);
      for (const r of results(state)) {
        assert.equal(r.outcome, 'accepted');
        assert.equal(r.httpStatus, 200);
        assert.equal(r.message, 'deletion queued (completes within 48 h)');
        assert.equal(r.request, `POST ${fakes.urls.clevertap}/1/delete/profiles.json (2 IDs)`);
      }
      assert.equal(fakes.clevertap.profileState(FAKE.accountId, 'identity', 'user-1'), 'deleted');
    });

    it('sends guid values as {"guid": [...]}, a single ID still as an array', async () => {
      const state = await run(client({ idType: 'guid' }), [guidFor('user-3')], { idType: 'guid' });
      assert.equal(deletes()[0].bodyText, JSON.stringify({ guid: [guidFor('user-3')] }));
      assert.equal(results(state)[0].outcome, 'accepted');
      assert.equal(fakes.clevertap.profileState(FAKE.accountId, 'guid', guidFor('user-3')), 'deleted');
    });

    it('uses the region host without an override', () => {
      const redactor = new Redactor();
      const c = clevertapVendor.createDeleteClient(target(), account({ region: 'sg1' }), { passcode: FAKE.passcode }, {
        http: createHttpClient({ timeoutMs: 1000, redactor }),
        settings: DEFAULT_SETTINGS,
        redactor,
      });
      const [spec] = c.requestsFor(['a']);
      assert.deepEqual(spec, {
        method: 'POST',
        url: 'https://sg1.api.clevertap.com/1/delete/profiles.json',
        headers: { 'X-CleverTap-Account-Id': FAKE.accountId, 'X-CleverTap-Passcode': FAKE.passcode, 'Content-Type': 'application/json; charset=utf-8' },
        body: '{"identity":["a"]}',
      });
    });

    it('never exceeds 100 values per array nor 3 calls in flight, even when settings ask for more', async () => {
      const c = client({ settings: { clevertapChunkSize: 500, clevertapConcurrency: 10 } });
      assert.deepEqual(c.limits, { idsPerCall: 100, maxInFlight: 3, pacingKey: 'clevertap:acc-1:delete' });
      assert.deepEqual(client({ settings: { clevertapChunkSize: 25, clevertapConcurrency: 2 } }).limits, {
        idsPerCall: 25,
        maxInFlight: 2,
        pacingKey: 'clevertap:acc-1:delete',
      });
    });

    it('1,000 IDs with latency: ≤ 100 per call, never a 4th call in flight, no 429', async () => {
      fakes.clevertap.configure({ latencyMs: 25 });
      const state = await run(client(), users(1000));
      const calls = deletes();
      assert.equal(calls.length, 10);
      assert.ok(calls.every((r) => r.ids.length <= 100));
      assert.equal(calls.filter((r) => r.overLimit).length, 0);
      assert.equal(calls.filter((r) => r.status !== 200).length, 0);
      assert.ok(maxOverlap(calls) <= 3);
      assert.equal(state.countOf('accepted'), 1000);
    });

    it('two jobs on the same account share the 3-in-flight limit', async () => {
      fakes.clevertap.configure({ latencyMs: 25 });
      const pacing = new PacingRegistry();
      const [a, b] = await Promise.all([run(client(), users(500), { pacing }), run(client(), users(500, 501), { pacing })]);
      assert.equal(deletes().filter((r) => r.overLimit || r.status === 429).length, 0);
      assert.ok(maxOverlap(deletes()) <= 3);
      assert.equal(a.countOf('accepted') + b.countOf('accepted'), 1000);
    });

    it('splits a batch rejected with 400 until exactly the bad IDs fail', async () => {
      fakes.clevertap.configure({ invalidIds: ['user-37', 'user-80'] });
      const state = await run(client(), users(100));
      const failed = results(state)
        .map((r, i) => ({ id: state.ids[i], ...r }))
        .filter((r) => r.outcome === 'failed');
      assert.deepEqual(
        failed.map((r) => r.id),
        ['user-37', 'user-80'],
      );
      for (const r of failed) {
        assert.equal(r.httpStatus, 400);
        assert.equal(r.message, 'Invalid request parameters (code 400)');
        assert.equal(r.request, `POST ${fakes.urls.clevertap}/1/delete/profiles.json (1 ID)`);
      }
      assert.equal(state.countOf('accepted'), 98);
      const applied = new Set(fakes.clevertap.appliedIds());
      assert.equal(applied.size, 98);
      assert.ok(!applied.has('user-37') && !applied.has('user-80'));
      assert.ok(deletes().every((r) => r.status === 200 || r.status === 400));
    });

    it('401: says to check the Account ID, passcode and region, and does not retry', async () => {
      const state = await run(client({ passcode: WRONG_PASSCODE }), users(3));
      assert.equal(deletes().length, 1);
      for (const r of results(state)) {
        assert.equal(r.outcome, 'failed');
        assert.equal(r.httpStatus, 401);
        assert.equal(r.message, 'CleverTap rejected the credentials: check the Account ID, passcode and the region (India) — Invalid Credentials (code 401)');
      }
    });

    it('403 and other final answers fail with the vendor text (HTML reduced)', async () => {
      fakes.clevertap.faults.enqueue({ fault: 'html', status: 403 });
      const [r] = results(await run(client(), ['user-1']));
      assert.equal(r.outcome, 'failed');
      assert.equal(r.httpStatus, 403);
      assert.equal(r.message, 'CleverTap refused the call (not allowed for this account or passcode) — HTML page: 403 Bad Gateway');
      assert.equal(deletes().length, 1);
    });

    it('retries 429 (no Retry-After) and 503, then succeeds', async () => {
      fakes.clevertap.faults.enqueue({ fault: '429' }).enqueue({ fault: '503' });
      const state = await run(client(), users(5));
      assert.deepEqual(
        deletes().map((r) => r.status),
        [429, 503, 200],
      );
      assert.equal(state.countOf('accepted'), 5);
    });

    it('an HTML 502 and an empty 502 are retried too', async () => {
      fakes.clevertap.faults.enqueue({ fault: 'html' }).enqueue({ fault: 'empty' });
      const state = await run(client(), users(2));
      assert.deepEqual(
        deletes().map((r) => r.status),
        [502, 502, 200],
      );
      assert.equal(state.countOf('accepted'), 2);
    });

    it('gives up after the last attempt: failed with the vendor error', async () => {
      fakes.clevertap.faults.enqueue({ fault: '503', count: Infinity });
      const state = await run(client(), users(2));
      assert.equal(deletes().length, RETRY.maxAttempts);
      for (const r of results(state)) {
        assert.equal(r.outcome, 'failed');
        assert.equal(r.httpStatus, 503);
        assert.equal(r.message, 'Service unavailable (code 503)');
      }
    });

    it('a timeout ends as unknown (sent, no answer)', async () => {
      fakes.clevertap.faults.enqueue({ fault: 'timeout-after', holdMs: 5_000, count: Infinity });
      const state = await run(client({ timeoutMs: 100 }), users(2), { retry: { ...RETRY, maxAttempts: 2 } });
      assert.equal(deletes().length, 2);
      for (const r of results(state)) {
        assert.equal(r.outcome, 'unknown');
        assert.match(r.message!, /no answer before the request timeout; the request may have reached the vendor/);
      }
    });

    it('a 2xx it cannot read is unknown, never accepted', async () => {
      fakes.clevertap.faults.enqueue({ fault: 'empty', status: 200, applied: true });
      const [r] = results(await run(client(), ['user-1']));
      assert.equal(r.outcome, 'unknown');
      assert.equal(r.httpStatus, 200);
      assert.equal(r.message, 'CleverTap answered HTTP 200 with an unexpected answer; the deletion may or may not be queued: HTTP 200 with an empty body');
    });

    it('{"status":"success"} with a 2xx other than 200 (a 207 Multi-Status, a 202) is not the documented success: unknown', async () => {
      for (const status of [207, 202]) {
        const c = clevertapVendor.createDeleteClient(target(), account(), { passcode: FAKE.passcode }, env({ http: cannedHttp(status, '{"status":"success"}') }));
        const [r] = settledList(await c.deleteIds(['a', 'b']), SECRETS);
        assert.deepEqual([r.outcome, r.httpStatus], ['unknown', status]);
        assert.equal(r.message, `CleverTap answered HTTP ${status} with an unexpected answer; the deletion may or may not be queued: {"status":"success"}`);
      }
    });

    it('a success with "processed" equal to the IDs sent is accepted', async () => {
      fakes.clevertap.configure({ successBody: 'processed' });
      const state = await run(client(), users(3));
      assert.equal(state.countOf('accepted'), 3);
    });

    it('a partial answer listing unprocessed identities: those fail with the vendor words, the others are accepted', async () => {
      fakes.clevertap.configure({ unprocessedIds: ['user-2', 'user-5'] });
      const state = await run(client(), users(6));
      assert.equal(deletes().length, 1, 'the list names the IDs: no second call');
      assert.deepEqual(results(state).map((r) => r.outcome), ['accepted', 'failed', 'accepted', 'accepted', 'failed', 'accepted']);
      assert.equal(results(state)[1].message, 'CleverTap did not process it: Profile could not be deleted');
      assert.equal(fakes.clevertap.profileState(FAKE.accountId, 'identity', 'user-2'), 'present');
    });

    it('a partial answer with only a smaller "processed" count: split until the unprocessed ID is isolated; it is not accepted', async () => {
      fakes.clevertap.configure({ unprocessedIds: ['user-3'], partialShape: 'count' });
      const state = await run(client(), users(4));
      assert.deepEqual(results(state).map((r) => r.outcome), ['accepted', 'accepted', 'failed', 'accepted']);
      assert.equal(results(state)[2].message, 'CleverTap processed 0 of 1; not accepted');
      assert.equal(results(state)[2].request, `POST ${fakes.urls.clevertap}/1/delete/profiles.json (1 ID)`);
      // 4 → 2 + 2 → (1 + 1): bounded by what isolating one ID needs.
      assert.deepEqual(deletes().map((r) => r.ids.length), [4, 2, 2, 1, 1]);
      assert.equal(fakes.clevertap.profileState(FAKE.accountId, 'identity', 'user-3'), 'present');
    });

    it('an unprocessed list that names none of the IDs sent: nothing of the chunk is accepted as is', async () => {
      const http = cannedHttp(200, JSON.stringify({ status: 'success', unprocessed: [{ error: 'Some profiles were not processed' }] }));
      const c = clevertapVendor.createDeleteClient(target(), account(), { passcode: FAKE.passcode }, env({ http }));
      const split = await c.deleteIds(['a', 'b']);
      assert.equal(split.kind, 'split');
      const [one] = settledList(await c.deleteIds(['a']), SECRETS);
      assert.deepEqual([one.outcome, one.message], ['failed', 'CleverTap 1 listed as not processed (Some profiles were not processed); not accepted']);
    });

    for (const body of [
      { status: 'success', processed: 1 },
      { status: 'success', processed: '2' },
      { status: 'success', processed: 2, unprocessed: [{ identity: 'a' }] },
      { status: 'success', unprocessed: { identity: ['a'] } },
      { status: 'success', failed: 1 },
      { status: 'success', unprocessed: ['a', 'a'] },
      { status: 'success', error: 'partially failed' },
      { status: 'success', not_found: ['a'] },
      { status: 'success', notFound: [{ identity: 'a' }] },
      { status: 'success', partial: true },
      { status: 'success', warnings: ['a was not deleted'] },
      { status: 'success', result: { error: 'profiles were not deleted' } },
      { status: 'success', data: { status: 'fail' } },
      { status: 'success', results: [{ identity: 'a', status: 'failed' }, { identity: 'b', status: 'success' }] },
      { status: 'success', results: [{ identity: 'b', error: 'locked' }] },
      { status: 'success', results: [{ identity: 'a', status: 'not_found' }] },
      { status: 'success', results: [{ identity: 'a', status: 'NOT_PROCESSED' }] },
      { status: 'success', results: [{ identity: 'a', status: 'unprocessed' }] },
    ]) {
      it(`never accepts both IDs of ${JSON.stringify(body)}`, async () => {
        const c = clevertapVendor.createDeleteClient(target(), account(), { passcode: FAKE.passcode }, env({ http: cannedHttp(200, JSON.stringify(body)) }));
        const outcome = await c.deleteIds(['a', 'b']);
        // One result for the whole call stands for both IDs.
        const perId = outcome.kind === 'settled' ? settledList(outcome, SECRETS) : [];
        const accepted = perId.length === 1 ? (perId[0].outcome === 'accepted' ? 2 : 0) : perId.filter((r) => r.outcome === 'accepted').length;
        assert.ok(outcome.kind === 'split' || accepted < 2, JSON.stringify(outcome));
      });
    }

    it('a partial answer that lists what was left out only as not found, or only flags it: nothing left out is accepted', async () => {
      fakes.clevertap.configure({ unprocessedIds: ['user-2'], partialShape: 'not-found-list' });
      const listed = await run(client(), users(3));
      assert.deepEqual(results(listed).map((r) => [r.outcome, r.message]), [
        ['accepted', 'deletion queued (completes within 48 h)'],
        ['failed', 'CleverTap listed it as not processed'],
        ['accepted', 'deletion queued (completes within 48 h)'],
      ]);
      fakes.reset();
      fakes.clevertap.configure({ partialShape: 'flag' });
      const flagged = await run(client(), users(3));
      assert.deepEqual(results(flagged).map((r) => r.outcome), ['accepted', 'failed', 'accepted']);
      assert.equal(results(flagged)[1].message, 'CleverTap 1 listed as not processed; not accepted');
      assert.equal(fakes.clevertap.profileState(FAKE.accountId, 'identity', 'user-2'), 'present');
    });

    it('a 200 that names "status" twice ("fail", then "success") is not read as either: unknown, never accepted', async () => {
      fakes.clevertap.configure({ failOn2xx: true, duplicateStatusKey: true });
      const [r] = results(await run(client(), ['user-1']));
      assert.equal(r.outcome, 'unknown');
      assert.match(r.message!, /^CleverTap answered HTTP 200 with an unexpected answer; the deletion may or may not be queued: \{"status":"fail"/);
      assert.equal(fakes.clevertap.profileState(FAKE.accountId, 'identity', 'user-1'), 'present');
    });

    it('a 200 {"status":"fail"} from the fake deletes nothing and fails', async () => {
      fakes.clevertap.configure({ failOn2xx: true });
      const [r] = results(await run(client(), ['user-1']));
      assert.deepEqual([r.outcome, r.message], ['failed', 'Request could not be processed (code 500)']);
      assert.equal(fakes.clevertap.profileState(FAKE.accountId, 'identity', 'user-1'), 'present');
    });

    it('the region decides the host: sk1 (South Korea) deletes there; another region answers 401 "check the region"', async () => {
      const accounts = defaultCleverTapAccounts().map((a) => ({ ...a, region: 'sk1' }));
      const own = await startFakeVendors({ clevertap: { accounts } });
      const dispatcher = routeEveryHostTo(own.urls.clevertap);
      try {
        const redactor = new Redactor();
        redactor.addSecret(...SECRETS);
        const real: VendorClientEnv = { http: createHttpClient({ dispatcher, timeoutMs: 5_000, redactor }), settings: DEFAULT_SETTINGS, redactor };
        const [wrong] = results(await run(clevertapVendor.createDeleteClient(target(), account({ region: 'sg1' }), { passcode: FAKE.passcode }, real), ['user-1']));
        assert.equal(wrong.outcome, 'failed');
        assert.equal(wrong.message, 'CleverTap rejected the credentials: check the Account ID, passcode and the region (Singapore) — Invalid Credentials (code 401)');
        const [right] = results(await run(clevertapVendor.createDeleteClient(target(), account({ region: 'sk1' }), { passcode: FAKE.passcode }, real), ['user-1']));
        assert.equal(right.outcome, 'accepted');
        assert.deepEqual(own.clevertap.requests().map((r) => [r.headers.host, r.status]), [['sg1.api.clevertap.com', 401], ['sk1.api.clevertap.com', 200]]);
        assert.equal(own.clevertap.profileState(FAKE.accountId, 'identity', 'user-1'), 'deleted');
      } finally {
        await dispatcher.close();
        await own.close();
      }
    });

    it('200 {"status":"fail"} fails with the vendor error', async () => {
      const http = cannedHttp(200, JSON.stringify({ status: 'fail', error: 'Account is suspended', code: 5 }));
      const c = clevertapVendor.createDeleteClient(target(), account(), { passcode: FAKE.passcode }, env({ http }));
      const outcome = await c.deleteIds(['a', 'b']);
      assert.deepEqual(outcome, {
        kind: 'settled',
        results: { outcome: 'failed', message: 'Account is suspended (code 5)', httpStatus: 200, request: `POST ${fakes.urls.clevertap}/1/delete/profiles.json (2 IDs)` },
      });
    });

    it('a huge or truncated error body does not throw and is cut', async () => {
      const http = cannedHttp(400, `{"status":"fail","error":"${'x'.repeat(5000)}`);
      const c = clevertapVendor.createDeleteClient(target(), account(), { passcode: FAKE.passcode }, env({ http }));
      const outcome = await c.deleteIds(['a']);
      assert.equal(outcome.kind, 'settled');
      const result = (outcome as { results: CallIdResult }).results;
      assert.equal(result.outcome, 'failed');
      assert.ok(result.message!.length <= 510, `message of ${result.message!.length} characters`);
    });

    it('on cancel, sends nothing more and marks the rest cancelled', async () => {
      fakes.clevertap.pause();
      const cancel = new AbortController();
      const running = run(client(), users(1000), { cancel: cancel.signal });
      await fakes.clevertap.waitForRequests(3);
      cancel.abort();
      fakes.clevertap.resume();
      const state = await running;
      assert.equal(fakes.clevertap.requests().length, 3);
      assert.equal(state.countOf('accepted'), 300);
      assert.equal(state.countOf('cancelled'), 700);
      assert.equal(state.countOf('sending') + state.countOf('planned'), 0);
    });
  });

  describe('verification lookup', () => {
    it('is on demand, one ID per call, within the lookup limits', () => {
      const c = checker();
      assert.equal(c.automatic, false);
      assert.deepEqual(c.limits, { idsPerCall: 1, maxInFlight: 3, pacingKey: 'clevertap:acc-1:lookup' });
      assert.equal(checker({ settings: { statusConcurrency: 2 } }).limits.maxInFlight, 2);
    });

    for (const variant of ['200-fail', '404', '200-null'] as const) {
      it(`profile present → still accepted; gone (${variant}) → done`, async () => {
        fakes.clevertap.configure({ profileNotFound: variant, completionDelayMs: 3_600_000 });
        await run(client(), ['user-1', 'user-2']);
        const c = checker();
        const present = await check(c, ['user-1']);
        assert.deepEqual(
          present.map((r) => [r.outcome, r.message]),
          [['accepted', 'profile still present (deletion completes within 48 h)']],
        );
        const [req] = lookups();
        assert.equal(req.method, 'GET');
        assert.equal(req.rawPath, '/1/profile.json');
        assert.deepEqual(req.query, { identity: 'user-1' });
        assert.equal(req.headers['x-clevertap-account-id'], FAKE.accountId);
        assert.equal(req.headers['x-clevertap-passcode'], FAKE.passcode);
        assert.equal(present[0].request, `GET ${fakes.urls.clevertap}/1/profile.json?identity={identity} (1 ID)`);
        assert.equal(requestForId(present[0].request!, 'user 1'), `GET ${fakes.urls.clevertap}/1/profile.json?identity=user%201 (1 ID)`);

        fakes.clevertap.configure({ completionDelayMs: 0 });
        const gone = await check(c, ['user-1', 'user-2']);
        assert.deepEqual(
          gone.map((r) => [r.outcome, r.message]),
          [
            ['done', 'profile no longer found'],
            ['done', 'profile no longer found'],
          ],
        );
      });
    }

    it('a guid cannot be verified: no checker, no lookup sent, and the note says so', async () => {
      const made = clevertapVendor.createStatusChecker(target('guid'), account(), { passcode: FAKE.passcode }, env());
      assert.ok(!isStatusChecker(made));
      assert.match(made.pendingNote, /a guid \(CleverTap ID\) cannot be verified: CleverTap documents profile lookups by identity, email or objectId only, so no lookup is sent/);
      assert.equal(lookups().length, 0);
    });

    it('encodes the identity in the lookup query', async () => {
      await check(checker(), ['a b&c=d']);
      const [req] = lookups();
      assert.deepEqual(req.query, { identity: 'a b&c=d' });
      assert.ok(!req.rawPath.includes(' '));
    });

    it('a gateway HTML 404 or a 404 not in the vendor shape leaves the ID pending, never done', async () => {
      fakes.clevertap.faults.enqueue({ fault: 'html', status: 404 });
      const [page] = await check(checker(), ['user-1']);
      assert.deepEqual([page.outcome, page.message], ['accepted', 'lookup failed: CleverTap answered HTTP 404 with an unexpected answer: HTML page: 404 Not Found']);
      const http = cannedHttp(404, JSON.stringify({ status: 'fail', error: 'Resource not found', code: 404 }));
      const made = clevertapVendor.createStatusChecker(target(), account(), { passcode: FAKE.passcode }, env({ http }));
      assert.ok(isStatusChecker(made));
      const [other] = settledList(await made.check([{ id: 'x' }]), SECRETS);
      assert.equal(other.outcome, 'accepted');
    });

    it('a 200 success without a record field is not understood (pending), only an explicit null record is done', async () => {
      const http = cannedHttp(200, JSON.stringify({ status: 'success' }));
      const made = clevertapVendor.createStatusChecker(target(), account(), { passcode: FAKE.passcode }, env({ http }));
      assert.ok(isStatusChecker(made));
      const [r] = settledList(await made.check([{ id: 'x' }]), SECRETS);
      assert.deepEqual([r.outcome, r.message], ['accepted', 'lookup answer not understood: {"status":"success"}']);
    });

    it('a failed lookup never flips an accepted ID: 401 stays accepted with the region hint', async () => {
      const [r] = await check(checker({ passcode: WRONG_PASSCODE }), ['user-1']);
      assert.equal(r.outcome, 'accepted');
      assert.equal(r.httpStatus, 401);
      assert.match(r.message!, /^lookup failed \(HTTP 401\): CleverTap rejected the credentials: check the Account ID, passcode and the region \(India\)/);
    });

    it('an unreadable 200 lookup stays accepted; 429/5xx ask for a retry', async () => {
      fakes.clevertap.faults.enqueue({ fault: 'html', status: 200 });
      const [r] = await check(checker(), ['user-1']);
      assert.equal(r.outcome, 'accepted');
      assert.match(r.message!, /^lookup answer not understood: HTML page/);

      fakes.clevertap.faults.enqueue({ fault: '429', retryAfter: 2 });
      const retry = await checker().check([{ id: 'user-1' }]);
      assert.equal(retry.kind, 'retry');
      assert.equal(retry.kind === 'retry' && retry.retryAfterMs, 2000);
    });

    it('a live profile whose answer ends with "status":"fail","error":"Profile not found" after its record is never done', async () => {
      fakes.clevertap.configure({ duplicateStatusKey: true });
      const [r] = await check(checker(), ['user-1']);
      assert.equal(fakes.clevertap.profileState(FAKE.accountId, 'identity', 'user-1'), 'present');
      assert.equal(r.outcome, 'accepted');
      assert.match(r.message!, /^lookup answer not understood: \{"status":"success","record"/);
    });

    it('"Profile not found" beside the profile\'s own record is not done', async () => {
      const http = cannedHttp(200, JSON.stringify({ status: 'fail', error: 'Profile not found', record: { identity: 'x', name: 'X' } }));
      const made = clevertapVendor.createStatusChecker(target(), account(), { passcode: FAKE.passcode }, env({ http }));
      assert.ok(isStatusChecker(made));
      const [r] = settledList(await made.check([{ id: 'x' }]), SECRETS);
      assert.deepEqual([r.outcome, r.message], ['accepted', 'lookup failed: Profile not found']);
    });

    it('a 200 fail that is not "not found" stays accepted', async () => {
      const http = cannedHttp(200, JSON.stringify({ status: 'fail', error: 'Rate limit exceeded', code: 88 }));
      const made = clevertapVendor.createStatusChecker(target(), account(), { passcode: FAKE.passcode }, env({ http }));
      assert.ok(isStatusChecker(made));
      const outcome = await made.check([{ id: 'x' }]);
      assert.equal(outcome.kind, 'settled');
      const [r] = (outcome as { results: CallIdResult[] }).results;
      assert.equal(r.outcome, 'accepted');
      assert.equal(r.message, 'lookup failed: Rate limit exceeded (code 88)');
    });
  });

  describe('connection test', () => {
    it('reports the region on success', async () => {
      const check = await clevertapVendor.testConnection!(account(), { passcode: FAKE.passcode }, env());
      assert.deepEqual(check, { ok: true, message: 'Connected to CleverTap (India)' });
      const [req] = lookups();
      assert.equal(req.method, 'GET');
      assert.equal(req.headers['x-clevertap-passcode'], FAKE.passcode);
    });

    it('404 for the made-up profile also means connected', async () => {
      fakes.clevertap.configure({ profileNotFound: '404' });
      const check = await clevertapVendor.testConnection!(account({ region: 'eu' }), { passcode: FAKE.passcode }, env());
      assert.deepEqual(check, { ok: true, message: 'Connected to CleverTap (Europe (default))' });
    });

    it('401 is not ok and names the region', async () => {
      const check = await clevertapVendor.testConnection!(account({ region: 'us1' }), { passcode: WRONG_PASSCODE }, env());
      assert.equal(check.ok, false);
      assert.match(check.message, /check the Account ID, passcode and the region \(United States\)/);
      assertNoSecret(check);
    });

    it('a gateway HTML 404 does not prove the credentials', async () => {
      fakes.clevertap.faults.enqueue({ fault: 'html', status: 404 });
      const check = await clevertapVendor.testConnection!(account(), { passcode: FAKE.passcode }, env());
      assert.deepEqual(check, { ok: false, message: 'CleverTap answered HTTP 404 with an unexpected answer: HTML page: 404 Not Found' });
    });

    it('no answer is not ok, without throwing', async () => {
      fakes.clevertap.faults.enqueue({ fault: 'reset-before' });
      const check = await clevertapVendor.testConnection!(account(), { passcode: FAKE.passcode }, env());
      assert.equal(check.ok, false);
      assert.match(check.message, /^Could not reach CleverTap \(India\): connection failed/);
    });
  });

  it('lists the vendor caveats', () => {
    const text = clevertapVendor.caveats.join('\n');
    assert.match(text, /Irreversible/);
    assert.match(text, /48 hours/);
    assert.match(text, /new profile/);
  });
});
