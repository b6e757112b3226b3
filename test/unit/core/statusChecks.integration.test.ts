// Status checks through the real vendor clients against the loopback fakes, whose deletions
// complete after a delay on a clock the test moves: Batch GDPR pending → done (and done with
// "user not found", and expiry), CleverTap profile gone → done, with everything journaled.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Account } from '../../../src/core/accounts';
import type { SecretsByVendor } from '../../../src/vendors';
import type { ErasureEngine } from '../../../src/core/engine';
import type { JobState } from '../../../src/core/job';
import type { ProductVendorId as VendorId } from '../../../src/vendors';
import { Journal } from '../../../src/core/journal';
import { StatusPoller } from '../../../src/core/statusPoller';
import { DEFAULT_FAKE_ACCOUNTS, createManualClock, startFakeVendors, type FakeVendors, type ManualClock } from '../../fakes';
import { counts, tempDir } from './journalFixtures';
import { testEngine } from './journalEngine.helpers';

const DAY = 86_400_000;
const B = DEFAULT_FAKE_ACCOUNTS.batch;
const C = DEFAULT_FAKE_ACCOUNTS.clevertap;
const SECRETS = [B.restKey, B.apps[0].apiKey, B.apps[1].apiKey, C.passcode];

const batchAccount: Account = { id: 'batch-1', label: 'Batch (fake)', vendor: 'batch', appKeyLabels: ['android'] };
const clevertapAccount: Account = { id: 'ct-1', label: 'CleverTap (fake)', vendor: 'clevertap', region: 'eu', accountId: C.accountId };
const accounts: { account: Account; secrets: SecretsByVendor[VendorId] }[] = [
  { account: batchAccount, secrets: { restKey: B.restKey, appKeys: { android: B.apps[0].apiKey } } },
  { account: clevertapAccount, secrets: { passcode: C.passcode } },
];

describe('status checks against the fake vendors', function () {
  let fakes: FakeVendors;
  let clock: ManualClock;
  let dir: string;
  let cleanup: () => Promise<void>;
  let journal: Journal;
  let engine: ErasureEngine;

  before(async () => {
    clock = createManualClock();
    fakes = await startFakeVendors({ now: () => clock.now() });
  });
  after(async () => {
    await fakes?.close();
  });
  beforeEach(async () => {
    fakes.reset();
    fakes.batch.configure({ completionDelayMs: 10 * 60_000, gdprExpiryMs: 20 * DAY });
    fakes.clevertap.configure({ completionDelayMs: 10 * 60_000 });
    ({ dir, cleanup } = await tempDir('ue-status-'));
    journal = await Journal.open(dir, { followMs: 0 });
    engine = testEngine({ store: journal.store, accounts, baseUrls: fakes.urls });
  });
  afterEach(async () => {
    await journal.close();
    await cleanup();
  });

  async function deleteAll(ids: string[], batchAndClevertap = true): Promise<JobState> {
    const plan = await engine.plan({
      ids,
      source: 'cli',
      choices: [
        { account: batchAccount, options: { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'android' } },
        ...(batchAndClevertap ? [{ account: clevertapAccount, options: { vendor: 'clevertap' as const, idType: 'identity' as const } }] : []),
      ],
    });
    const run = await engine.start(plan);
    await run.done;
    return run.job;
  }

  it('Batch GDPR pending → done (and done with "user not found"); CleverTap profile gone → done; all journaled, no secret', async () => {
    const job = await deleteAll(['user-1', 'user-2', 'ghost-user']);
    const [batch, clevertap] = job.targets;
    assert.deepEqual(counts(job), { accepted: 6 });
    assert.ok(batch.resultAt(0)?.reference, 'the GDPR request id is kept');

    const early = await engine.checkStatuses('all', 'automatic');
    const byKey = new Map(early.targets.map((t) => [t.targetKey, t]));
    assert.equal(byKey.get(batch.spec.key)?.kind, 'checked');
    assert.equal(byKey.get(clevertap.spec.key)?.kind, 'on-demand-only', 'CleverTap lookups cost API calls');
    assert.equal(batch.resultAt(0)?.message, 'pending at Batch');
    assert.equal(fakes.requests().filter((r) => r.vendor === 'clevertap' && r.kind === 'lookup').length, 0);

    clock.advance(11 * 60_000);
    const later = await engine.checkStatuses('all', 'automatic');
    assert.equal(later.changed, 3);
    assert.deepEqual([0, 1, 2].map((i) => batch.outcomeAt(i)), ['done', 'done', 'not-found']);
    assert.equal(batch.resultAt(0)?.message, 'done at Batch');
    assert.match(batch.resultAt(2)?.message ?? '', /user not found/);

    const statusCalls = () => fakes.requests().filter((r) => r.vendor === 'batch' && r.kind === 'status').length;
    const before = statusCalls();
    await engine.checkStatuses('all', 'automatic');
    assert.equal(statusCalls(), before, 'done IDs are not polled again');

    const verify = await engine.checkStatuses([job.id], 'all');
    // CleverTap cannot tell "deleted" from "never existed": a lookup that finds nothing is done.
    assert.equal(verify.changed, 3);
    assert.deepEqual([0, 1, 2].map((i) => clevertap.outcomeAt(i)), ['done', 'done', 'done']);
    assert.equal(clevertap.resultAt(0)?.message, 'profile no longer found');

    await journal.flush();
    const raw = await readFile(journal.file, 'utf8');
    for (const secret of SECRETS) assert.ok(!raw.includes(secret), 'no secret in the journal');
    await journal.close();
    journal = await Journal.open(dir, { followMs: 0 });
    assert.deepEqual(counts(journal.store.require(job.id)), { done: 5, 'not-found': 1 });
  });

  it('a GDPR request that expires at Batch before it is done ends unknown (retryable) with an honest message', async () => {
    fakes.batch.configure({ completionDelayMs: 40 * DAY, gdprExpiryMs: 20 * DAY });
    const job = await deleteAll(["user-3"], false);
    await engine.checkStatuses('all', 'automatic');
    assert.equal(job.targets[0].outcomeAt(0), 'accepted');
    clock.advance(21 * DAY);
    await engine.checkStatuses('all', 'automatic');
    const result = job.targets[0].resultAt(0);
    assert.equal(result?.outcome, 'unknown', 'not done, not failed: the outcome can never be known; Retry may send it again');
    assert.equal(result?.httpStatus, 404);
    assert.equal(engine.store.require(job.id).counts().accepted, 0, 'no longer counted as pending');
    assert.match(result?.message ?? '', /no longer has this GDPR request.*cannot be confirmed/);
  });

  it('the background poller drives a Batch job to done and reports it settled', async () => {
    const job = await deleteAll(['user-4', 'user-5'], false);
    const settled: string[] = [];
    let fire: (() => void) | undefined;
    const poller = new StatusPoller(engine, {
      mode: () => 'automatic',
      now: () => clock.now(),
      timers: { setTimeout: (callback) => ((fire = callback), 1), clearTimeout: () => (fire = undefined) },
    });
    poller.onDidChange((e) => e.kind === 'job-settled' && settled.push(e.jobId));
    poller.start();
    assert.equal(poller.pendingCount(), 2);
    for (let round = 0; round < 10 && fire; round++) {
      clock.set(poller.nextDueAt() ?? clock.now());
      if (round === 3) clock.advance(10 * 60_000);
      fire();
      await poller.runDue();
    }
    assert.deepEqual(counts(job), { done: 2 });
    assert.equal(poller.pendingCount(), 0);
    assert.deepEqual(settled, [job.id]);
    await poller.stop();
  });
});
