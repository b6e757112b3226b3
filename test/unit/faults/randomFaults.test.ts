// Fault figures: one job of FAULT_IDS IDs (default 300 here, 10,000 in `npm run test:faults`) to
// each of the five targets, through the real engine and journal, while the fakes fail 20 % of the
// requests at random (429, 500, 503, resets before/after, timeouts before/after, truncated and HTML
// answers). Then, for every ID, the engine's report is held against what the fake did with each
// attempt and what the client itself got back (ledger.ts: under load a request can reach the fake
// after the client gave up on it, so the fake's quick 2xx is no proof that the client had an answer).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { auditExportText } from '../helpers/auditExport';
import type { JobState, Outcome } from '../../../src/core/job';
import { JobStore } from '../../../src/core/jobStore';
import { openJournal, type Journal } from '../../../src/core/journal';
import type { Logger } from '../../../src/core/logger';
import { Redactor } from '../../../src/core/redact';
import type { RetryPolicy } from '../../../src/core/retry';
import { registrationIdFor, seedUsers, startFakeVendors, type FaultKind, type FakeVendors, type RecordedRequest, type VendorName } from '../../fakes';
import { CANARY_CREDENTIALS, findCanaries } from './canaries';
import { engineOnFakes, SCENARIO_TARGETS, type ScenarioName } from './engineOnFakes';
import { appliedUnanswered, attemptsById, ClientAttemptLog, contradictions, type Attempt } from './ledger';

const IDS = positiveInt(process.env.FAULT_IDS, 300);
const PROBABILITY = 0.2;
const KINDS: FaultKind[] = ['429', '500', '503', 'reset-before', 'reset-after', 'timeout', 'timeout-after', 'truncated', 'html'];
const TIMEOUT_MS = 1_500;
const HOLD_MS = 2_000;
const RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 100 };
const FINAL: ReadonlySet<Outcome> = new Set(['accepted', 'done', 'failed', 'not-found', 'unknown']);

function positiveInt(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Which of the fake's requests were sent for a target. */
const REQUESTS_OF: Record<ScenarioName, (r: RecordedRequest) => boolean> = {
  engagelab: (r) => r.vendor === 'engagelab' && r.kind === 'delete',
  clevertap: (r) => r.vendor === 'clevertap' && r.kind === 'delete',
  cooladata: (r) => r.vendor === 'cooladata' && r.kind === 'delete',
  'batch-custom-data': (r) => r.vendor === 'batch' && r.kind === 'delete' && r.path.endsWith('/data/users'),
  'batch-gdpr': (r) => r.vendor === 'batch' && r.kind === 'delete' && r.path.endsWith('/gdpr/request'),
};
const SCENARIOS = Object.keys(SCENARIO_TARGETS) as ScenarioName[];
/** Batch's GDPR create makes a new removal request each time: one that got no answer is never sent again. */
const RESENDS_UNANSWERED: Record<ScenarioName, boolean> = {
  engagelab: true,
  clevertap: true,
  cooladata: true,
  'batch-custom-data': true,
  'batch-gdpr': false,
};

interface Figures {
  target: ScenarioName;
  ids: number;
  requests: number;
  faults: number;
  outcomes: Partial<Record<Outcome, number>>;
  appliedTwiceOrMore: number;
  failedButApplied: number;
  notFoundAfterUnanswered: number;
  unknownAllUnanswered: number;
  overLimit: number;
}

/** Every disagreement between the engine's final state of one ID and the fake's log of it. */
function disagreements(id: string, outcome: Outcome, attempts: readonly Attempt[], resendsUnanswered: boolean): string[] {
  const problems: string[] = [];
  const last = attempts[attempts.length - 1];
  const say = (text: string) => problems.push(`${id} (${outcome}; attempts ${attempts.map(describeAttempt).join(', ')}): ${text}`);
  if (attempts.length === 0) return [`${id} (${outcome}): never sent`];
  if (attempts.length > RETRY.maxAttempts) say(`sent ${attempts.length} times, more than the ${RETRY.maxAttempts} attempts allowed`);
  const okEarlier = attempts.slice(0, -1).some((a) => a.answer === 'ok');
  if (okEarlier) say('sent again after a complete 2xx answer');
  if (!resendsUnanswered && attempts.slice(0, -1).some((a) => a.answer === 'none' && a.seq !== undefined)) say('sent again after an attempt that reached the vendor got no answer');
  switch (outcome) {
    case 'accepted':
      if (last.answer !== 'ok' || !last.applied) say('accepted, but the last attempt was not a complete 2xx that applied the deletion');
      break;
    case 'not-found':
      if (last.status !== 404) say('not-found without a 404');
      else if (!attempts.some(appliedUnanswered)) say('not-found, but no earlier attempt deleted it');
      break;
    case 'failed':
      if (last.answer !== 'error') say('failed, but the last attempt had no complete error answer');
      if (attempts.length !== RETRY.maxAttempts) say(`failed after ${attempts.length} attempts (transient errors get ${RETRY.maxAttempts})`);
      if (attempts.some((a) => a.applied) && !attempts.some(appliedUnanswered)) say('failed, yet an answered attempt applied the deletion');
      break;
    case 'unknown': {
      // Unknown: the last attempt got no answer, or it got an error after an earlier attempt got none.
      const unansweredBefore = attempts.slice(0, -1).some((a) => a.answer === 'none');
      if (last.answer === 'ok') say('unknown, but the last attempt got a complete 2xx');
      if (last.answer === 'error' && !unansweredBefore) say('unknown, but every attempt was answered');
      if (resendsUnanswered && attempts.length !== RETRY.maxAttempts) say(`unknown after ${attempts.length} attempts (no-answer errors get ${RETRY.maxAttempts})`);
      if (!resendsUnanswered && last.answer !== 'none' && !unansweredBefore) say('unknown, but no attempt went unanswered');
      if (attempts.some((a) => a.answer === 'ok')) say('unknown, though an attempt got a complete 2xx');
      break;
    }
    default:
      say('not a final state');
  }
  return problems;
}

/** E.g. "#3 200+applied (client: none)": the fake's answer, and the client's view when it differs. */
function describeAttempt(a: Attempt): string {
  const fake = a.seq === undefined ? 'never reached the fake' : `${a.status}${a.fault ? `/${a.fault}` : ''}${a.applied ? '+applied' : ''}`;
  return `#${a.n} ${fake}${a.answer === a.fakeAnswer ? '' : ` (client: ${a.answer})`}`;
}

describe(`faults: ${IDS.toLocaleString('en-US')} IDs per target, ${PROBABILITY * 100} % of requests failing at random`, function () {
  this.timeout(Math.max(120_000, IDS * 60));
  let fakes: FakeVendors;
  let dir: string;
  let journal: Journal;
  let job: JobState;
  let requests: RecordedRequest[];
  const logLines: string[] = [];
  const outputs: { where: string; text: string }[] = [];
  const keyOf = new Map<ScenarioName, string>();
  const client = new ClientAttemptLog();
  const figures: Figures[] = [];

  before(async () => {
    const ids = seedUsers(IDS).map(registrationIdFor);
    const c = CANARY_CREDENTIALS;
    fakes = await startFakeVendors({
      cooladata: { projects: [{ projectId: c.cooladata.projectId, token: c.cooladata.token, users: [] }] },
      engagelab: { apps: [{ appKey: c.engagelab.appKey, masterSecret: c.engagelab.masterSecret, devices: ids.map((rid) => ({ registrationId: rid })) }], ratePerSecond: 2_000 },
      clevertap: { accounts: [{ accountId: c.clevertap.accountId, passcode: c.clevertap.passcode, profiles: [] }] },
      batch: { accounts: [{ restKey: c.batch.restKey, apps: c.batch.apps.map((a) => ({ apiKey: a.apiKey, label: a.label, users: [] })) }] },
    });
    (['cooladata', 'engagelab', 'clevertap', 'batch'] as VendorName[]).forEach((vendor, n) =>
      fakes[vendor].faults.random({ probability: PROBABILITY, kinds: KINDS, seed: 101 + n, holdMs: HOLD_MS }),
    );
    dir = await mkdtemp(path.join(os.tmpdir(), 'ue-faults-'));
    const redactor = new Redactor();
    const store = new JobStore();
    journal = (await openJournal(dir, { store, redact: (t) => redactor.redactText(t) })).journal;
    const capture = (level: string) => (message: string) => void logLines.push(`[${level}] ${message}`);
    const logger: Logger = { trace: capture('trace'), debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') };
    const { engine, choice } = engineOnFakes({
      urls: fakes.urls,
      credentials: c,
      settings: {
        engagelabRequestsPerSecond: 2_000,
        engagelabConcurrency: 64,
        batchGdprConcurrency: 32,
        batchCustomDataChunkSize: 100,
        maxAttempts: RETRY.maxAttempts,
      },
      timeoutMs: TIMEOUT_MS,
      dispatcher: client.dispatcher,
      retryPolicy: RETRY,
      logger,
      store,
      redactor,
    });
    const plan = await engine.plan({ ids, choices: SCENARIOS.map((name) => choice(SCENARIO_TARGETS[name])), source: 'cli' });
    SCENARIOS.forEach((name, i) => keyOf.set(name, plan.spec.targets[i].spec.key));
    const preview = await engine.preview(plan, 20);
    outputs.push({ where: 'dry-run preview', text: JSON.stringify(preview) });
    const handle = await engine.start(plan);
    await handle.done;
    await journal.flush();
    job = handle.job;
    requests = fakes.requests();
    outputs.push({ where: 'results', text: JSON.stringify(job.targets.map((t) => Array.from({ length: t.size }, (_, i) => t.resultAt(i)))) });
    for (const format of ['csv', 'json'] as const) {
      outputs.push({ where: `${format} export`, text: await auditExportText([job], format, { redact: (t) => redactor.redactText(t) }) });
    }
  });

  after(async () => {
    await journal?.close();
    await fakes?.close();
    await client.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (figures.length > 0) {
      console.log(`\n    fault figures (${IDS} IDs per target, ${PROBABILITY * 100} % faults, ${RETRY.maxAttempts} attempts):`);
      for (const f of figures) console.log(`      ${JSON.stringify(f)}`);
    }
  });

  it('every ID of every target ends in exactly one final state', () => {
    for (const target of job.targets) {
      assert.equal(target.size, IDS);
      assert.equal(new Set(target.ids).size, IDS, 'each ID once per target');
      const counts = target.countsSnapshot();
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      assert.equal(total, IDS, 'the counts cover every ID exactly once');
      for (let i = 0; i < target.size; i++) assert.ok(FINAL.has(target.outcomeAt(i)), `${target.ids[i]} is ${target.outcomeAt(i)}`);
    }
  });

  for (const name of SCENARIOS) {
    it(`${name}: the report agrees with the fake's log for every ID`, () => {
      const target = job.target(keyOf.get(name)!);
      const mine = requests.filter(REQUESTS_OF[name]);
      const byId = attemptsById(client, requests, REQUESTS_OF[name]);
      const problems: string[] = [];
      const outcomes: Partial<Record<Outcome, number>> = {};
      const f: Figures = { target: name, ids: target.size, requests: mine.length, faults: mine.filter((r) => r.fault).length, outcomes, appliedTwiceOrMore: 0, failedButApplied: 0, notFoundAfterUnanswered: 0, unknownAllUnanswered: 0, overLimit: mine.filter((r) => r.overLimit).length };
      for (let i = 0; i < target.size; i++) {
        const id = target.ids[i];
        const outcome = target.outcomeAt(i);
        const attempts = byId.get(id) ?? [];
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        problems.push(...disagreements(id, outcome, attempts, RESENDS_UNANSWERED[name]));
        if (attempts.filter((a) => a.applied).length > 1) f.appliedTwiceOrMore++;
        if (outcome === 'failed' && attempts.some((a) => a.applied)) f.failedButApplied++;
        if (outcome === 'not-found') f.notFoundAfterUnanswered++;
        if (outcome === 'unknown' && attempts.every((a) => a.answer === 'none')) f.unknownAllUnanswered++;
      }
      figures.push(f);
      assert.deepEqual(problems.slice(0, 10), [], `${problems.length} disagreement(s)`);
    });
  }

  it("the client's view and the fake's log agree (no request delivered twice, no answer the fake did not give)", () => {
    const problems = contradictions(client, requests);
    assert.deepEqual(problems.slice(0, 10), [], `${problems.length} contradiction(s)`);
  });

  it('nothing is lost and nothing reaches a vendor the job did not name', () => {
    const named = new Set(job.targets[0].ids);
    for (const name of SCENARIOS) {
      const sent = new Set(requests.filter(REQUESTS_OF[name]).flatMap((r) => r.ids));
      const target = job.target(keyOf.get(name)!);
      for (const id of target.ids) assert.ok(sent.has(id), `${name}: ${id} never reached the fake`);
      for (const id of sent) assert.ok(named.has(id), `${name}: the fake got ${id}, not in the job`);
    }
    assert.equal(requests.filter((r) => r.kind !== 'delete').length, 0, 'only deletions were sent');
  });

  it('the journal holds the same state for every ID after a reload', async () => {
    await journal.close();
    const reloaded = await openJournal(dir, { store: new JobStore() });
    try {
      const copy = reloaded.journal.store.require(job.id);
      for (const target of job.targets) {
        const again = copy.target(target.spec.key);
        for (let i = 0; i < target.size; i++) assert.equal(again.outcomeAt(i), target.outcomeAt(i), `${target.spec.key} ${target.ids[i]}`);
      }
    } finally {
      await reloaded.journal.close();
    }
    outputs.push({ where: 'journal', text: await readFile(path.join(dir, 'journal.jsonl'), 'utf8') });
  });

  it('no canary secret in the log, results, preview, journal or exports', () => {
    assert.ok(logLines.length > 0, 'the engine logged its requests');
    const hits = [{ where: 'log', text: logLines.join('\n') }, ...outputs].flatMap((o) => findCanaries(o.where, o.text));
    assert.ok(outputs.some((o) => o.where === 'journal'), 'the journal was scanned');
    assert.deepEqual(hits.slice(0, 5), []);
  });
});
