// Job histories for the journal figures, written through the Journal API with the answers the
// real vendor clients record (their HTTP replaced by an in-process stub that always succeeds), at
// the times a real run at the vendor's pace would record them. The same code runs against any
// version of src/, so before/after figures compare what each version actually writes.
import type { BatchAccount } from '../../src/vendors/batch';
import type { ClevertapAccount } from '../../src/vendors/clevertap';
import type { EngagelabAccount } from '../../src/vendors/engagelab';
import type { HttpClient, HttpRequestSpec, HttpResponse } from '../../src/core/http';
import type { IdResult, JobSpec, JobState, TargetSpec } from '../../src/core/job';
import type { Journal } from '../../src/core/journal';
import { Redactor } from '../../src/core/redact';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { statusResult } from '../../src/core/statusChecks';
import { batchVendor } from '../../src/vendors/batch';
import { clevertapVendor } from '../../src/vendors/clevertap';
import { engagelabVendor } from '../../src/vendors/engagelab';
import { isStatusChecker, type CallIdResult, type CallOutcome, type DeleteClient, type StatusChecker, type VendorClientEnv } from '../../src/vendors/vendor';

export type HistoryShape = 'chunked' | 'per-call' | 'gdpr';

export const HISTORY_LABELS: Record<HistoryShape, string> = {
  chunked: 'CleverTap, 100 IDs per call at 6 calls/s: "sending" + answer per chunk, then a status per chunk',
  'per-call': 'EngageLab, 1 ID per call at 500 calls/s: "sending" + answer per ID (no status API)',
  gdpr: 'Batch GDPR, 1 ID per call at 40 calls/s: "sending" + answer with its own request id per ID, then a status check per ID',
};

const T0 = Date.UTC(2026, 0, 10, 9, 0, 0);
const DAY = 86_400_000;
/** Records issued at once, so appends share group commits as they do with many calls in flight. */
const IN_FLIGHT = 500;

interface ShapeSetup {
  target: TargetSpec;
  idOf: (i: number) => string;
  idsPerCall: number;
  callsPerSecond: number;
  client: DeleteClient;
  /** How IDs reach their last state: a status per chunk, the vendor's status checker per ID, or none (no status API). */
  status: 'per-chunk' | StatusChecker | 'none';
}

function response(status: number, body: unknown): HttpResponse {
  return { status, headers: {}, bodyText: body === undefined ? '' : JSON.stringify(body), bodyCapped: false, durationMs: 1 };
}

/** Every vendor call succeeds: deletions are accepted, GDPR requests get an id and are done when asked. */
function stubHttp(): HttpClient {
  let gdprRequests = 0;
  return {
    async send(spec: HttpRequestSpec): Promise<HttpResponse> {
      if (spec.url.includes('/1/delete/profiles.json')) return response(200, { status: 'success', processed: 100 });
      if (spec.url.includes('/v4/devices/')) return response(200, undefined);
      if (spec.url.endsWith('/gdpr/request') && spec.method === 'POST') {
        const n = gdprRequests++;
        return response(201, { request_id: `9b2f${n.toString(16).padStart(8, '0')}-1c2d-4e5f-8a9b-0c1d2e3f4a5b` });
      }
      if (spec.url.includes('/gdpr/request/')) return response(200, { status: 'done' });
      throw new Error(`bench stub: unexpected ${spec.method} ${spec.url}`);
    },
  };
}

function setup(shape: HistoryShape): ShapeSetup {
  const env: VendorClientEnv = { http: stubHttp(), settings: DEFAULT_SETTINGS, redactor: new Redactor() };
  switch (shape) {
    case 'chunked': {
      const account = { vendor: 'clevertap', id: 'acc-ct', label: 'EU prod', region: 'eu1', accountId: 'W9R-ABC-123Z' } as ClevertapAccount;
      const target: TargetSpec = { key: 'clevertap:acc-ct', accountId: account.id, accountLabel: account.label, options: { vendor: 'clevertap', idType: 'identity' } };
      const client = clevertapVendor.createDeleteClient(target, account, { passcode: 'bench-passcode' }, env);
      return { target, idOf: (i) => `user-${i.toString(36)}-${(i * 7919) % 100_000}@example.com`, idsPerCall: 100, callsPerSecond: 6, client, status: 'per-chunk' };
    }
    case 'per-call': {
      const account = { vendor: 'engagelab', id: 'acc-el', label: 'App prod', dataCenter: 'sgp' } as EngagelabAccount;
      const target: TargetSpec = { key: 'engagelab:acc-el', accountId: account.id, accountLabel: account.label, options: { vendor: 'engagelab', idType: 'registration_id' } };
      const client = engagelabVendor.createDeleteClient(target, account, { appKey: 'bench-app-key', masterSecret: 'bench-master-secret' }, env);
      return { target, idOf: (i) => `1a0018970a${(i * 2_654_435_761 % 2 ** 32).toString(16).padStart(8, '0')}${i.toString(16)}`, idsPerCall: 1, callsPerSecond: 500, client, status: 'none' };
    }
    case 'gdpr': {
      const account = { vendor: 'batch', id: 'acc-b', label: 'Batch', appKeyLabels: ['iOS'] } as BatchAccount;
      const target: TargetSpec = { key: 'batch:acc-b:iOS:gdpr', accountId: account.id, accountLabel: account.label, options: { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' } };
      const secrets = { restKey: 'bench-rest-key', appKeys: { iOS: 'bench-app-key' } };
      const client = batchVendor.createDeleteClient(target, account, secrets, env);
      const checker = batchVendor.createStatusChecker(target, account, secrets, env);
      if (!isStatusChecker(checker)) throw new Error('Batch GDPR has a status checker');
      return { target, idOf: (i) => `cus-${String(i).padStart(7, '0')}-4f1c2a9be07d3c55aa10`, idsPerCall: 1, callsPerSecond: 40, client, status: checker };
    }
  }
}

/** What the shape's real delete client records for one call of these IDs. */
export async function deleteAnswer(shape: HistoryShape, ids: readonly string[]): Promise<CallIdResult> {
  setups[shape] ??= setup(shape);
  return settledOne(await setups[shape].client.deleteIds(ids));
}

const setups: Partial<Record<HistoryShape, ShapeSetup>> = {};

function settledOne(outcome: CallOutcome): CallIdResult {
  if (outcome.kind !== 'settled') throw new Error(`bench stub: call not settled (${outcome.kind})`);
  return Array.isArray(outcome.results) ? outcome.results[0] : outcome.results;
}

/** Writes a job of `count` IDs of this shape into the journal: deletion, then the status round. */
export async function writeHistory(journal: Journal, shape: HistoryShape, count: number): Promise<JobState> {
  const s = setup(shape);
  const spec: JobSpec = {
    id: `bench-${shape}-${count}`,
    createdAt: T0,
    source: 'cli',
    title: `${count.toLocaleString('en-US')} IDs (${shape})`,
    targets: [{ spec: s.target, ids: Array.from({ length: count }, (_, i) => ({ id: s.idOf(i) })) }],
  };
  const job = await journal.store.add(spec);
  const target = job.targets[0];
  const calls: number[][] = [];
  for (let start = 0; start < count; start += s.idsPerCall) {
    calls.push(Array.from({ length: Math.min(s.idsPerCall, count - start) }, (_, k) => start + k));
  }
  const sentAt = (n: number) => T0 + 60_000 + Math.floor((n * 1000) / s.callsPerSecond);
  const answeredAt = (n: number) => sentAt(n) + 180;

  for (let n = 0; n < calls.length; n += IN_FLIGHT) {
    const window = calls.slice(n, n + IN_FLIGHT);
    await Promise.all(window.map((at, k) => journal.store.record(job, target, at, { outcome: 'sending', at: sentAt(n + k) })));
    const answers = await Promise.all(window.map((at) => s.client.deleteIds(at.map((i) => target.ids[i]))));
    await Promise.all(window.map((at, k) => journal.store.record(job, target, at, { ...settledOne(answers[k]), at: answeredAt(n + k) })));
  }

  const status = s.status;
  if (status === 'none') return job;
  const checkedAt = (n: number) => DAY + answeredAt(n);
  for (let n = 0; n < calls.length; n += IN_FLIGHT) {
    const window = calls.slice(n, n + IN_FLIGHT);
    const answers: CallIdResult[] =
      status === 'per-chunk'
        ? window.map(() => ({ outcome: 'done', httpStatus: 200, message: 'profile no longer found' }))
        : await Promise.all(window.map(async (at) => settledOne(await status.check(at.map((i) => ({ id: target.ids[i], reference: target.resultAt(i)?.reference }))))));
    await Promise.all(
      window.map((at, k) => {
        const next: IdResult = statusResult(target.resultAt(at[0]), answers[k], checkedAt(n + k));
        return journal.store.record(job, target, at, next);
      }),
    );
  }
  return job;
}
