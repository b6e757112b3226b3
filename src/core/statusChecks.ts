// Asks the vendors what became of accepted (pending) deletions: groups pending IDs by target,
// runs the vendor's StatusChecker through the same scheduler as deletions (limits, retries,
// cancellation), and records only the answers that change something. Vendors without a status
// API keep their honest pending note; lookups that cost API calls run only in mode 'all'.
import { isPending, type IdResult, type JobState, type TargetSpec, type TargetState } from './job';
import type { JobStore } from './jobStore';
import type { JournalResult } from './journal/format';
import { chunkIndices, schedule, type CallProblem, type SchedulerDeps } from './scheduler';
import { isStatusChecker, type CallIdResult, type NoStatusCheck, type PendingEntry, type StatusChecker } from './vendor';
import { errorMessage } from './errorMessage';

/** 'automatic': only cheap status APIs meant for polling (Batch GDPR, Cooladata with a status path); 'all': lookups too. */
export type StatusCheckMode = 'automatic' | 'all';

/** What status checks need from the engine (ErasureEngine implements it). */
export interface StatusCheckHost {
  readonly store: JobStore;
  statusCheckerFor(spec: TargetSpec): Promise<StatusChecker | NoStatusCheck>;
  schedulerDeps(): SchedulerDeps;
}

export interface StatusCheckRequest {
  jobIds: readonly string[] | 'all';
  mode: StatusCheckMode;
  /** Stops further checks and aborts those in flight; nothing is recorded for them. */
  signal?: AbortSignal;
  /** Only the targets this accepts (the poller passes the due ones). */
  filter?: (job: JobState, target: TargetState) => boolean;
  now?: () => number;
  /** Told how many pending IDs a finished call covered (answered or given up), for "x / y" progress. */
  onChecked?: (count: number) => void;
}

/**
 * `checked`: the vendor was asked; `no-status-api`: the vendor has none (see `note`);
 * `on-demand-only`: a lookup that costs API calls, skipped in mode 'automatic';
 * `unavailable`: no checker could be built (account removed, credentials missing; see `note`).
 */
export type TargetCheckKind = 'checked' | 'no-status-api' | 'on-demand-only' | 'unavailable';

export interface TargetCheckReport {
  jobId: string;
  targetKey: string;
  kind: TargetCheckKind;
  /** Pending IDs when the check began. */
  pending: number;
  /** IDs the vendor answered for. */
  checked: number;
  /** IDs whose recorded result changed. */
  changed: number;
  /** Pending IDs after the check. */
  stillPending: number;
  note?: string;
  /** Checks that gave up after their attempts (those IDs stay as they were). */
  problems: string[];
}

export interface StatusCheckReport {
  targets: TargetCheckReport[];
  pending: number;
  checked: number;
  changed: number;
  stillPending: number;
}

export const ON_DEMAND_NOTE = 'verification costs API calls: run "Verify now", or enable scheduled verification';

export async function checkStatuses(host: StatusCheckHost, request: StatusCheckRequest): Promise<StatusCheckReport> {
  const jobs = request.jobIds === 'all' ? host.store.list() : request.jobIds.map((id) => host.store.require(id));
  const work: Promise<TargetCheckReport>[] = [];
  for (const job of jobs) {
    for (const target of job.targets) {
      if (target.countOf('accepted') === 0) continue;
      if (request.filter && !request.filter(job, target)) continue;
      work.push(checkTarget(host, job, target, request));
    }
  }
  const targets = await Promise.all(work);
  const sum = (key: 'pending' | 'checked' | 'changed' | 'stillPending') => targets.reduce((n, t) => n + t[key], 0);
  return { targets, pending: sum('pending'), checked: sum('checked'), changed: sum('changed'), stillPending: sum('stillPending') };
}

async function checkTarget(host: StatusCheckHost, job: JobState, target: TargetState, request: StatusCheckRequest): Promise<TargetCheckReport> {
  const indices = target.indicesWhere(isPending);
  const report: TargetCheckReport = {
    jobId: job.id,
    targetKey: target.spec.key,
    kind: 'checked',
    pending: indices.length,
    checked: 0,
    changed: 0,
    stillPending: indices.length,
    problems: [],
  };
  let checker: StatusChecker | NoStatusCheck;
  try {
    checker = await host.statusCheckerFor(target.spec);
  } catch (error) {
    return { ...report, kind: 'unavailable', note: errorMessage(error) };
  }
  if (!isStatusChecker(checker)) return { ...report, kind: 'no-status-api', note: checker.pendingNote };
  if (request.mode === 'automatic' && !checker.automatic) return { ...report, kind: 'on-demand-only', note: ON_DEMAND_NOTE };

  const now = request.now ?? Date.now;
  const entryAt = (i: number): PendingEntry => ({ id: target.ids[i], reference: target.resultAt(i)?.reference });
  await schedule(
    {
      groups: chunkIndices(indices, checker.limits.idsPerCall),
      limits: checker.limits,
      cancel: request.signal,
      abort: request.signal,
      call: (at, signal) => checker.check(at.map(entryAt), signal),
      hooks: {
        beforeFirstSend: async () => {},
        settled: async (at, results) => {
          report.checked += at.length;
          const changed = await recordChanges(host.store, job, target, at, results, now());
          report.changed += changed;
          request.onChecked?.(at.length);
        },
        gaveUp: async (at, problem) => {
          report.problems.push(`${at.length} ID${at.length === 1 ? '' : 's'}: ${describeProblem(problem)}`);
          request.onChecked?.(at.length);
        },
        notSent: async () => {},
      },
    },
    host.schedulerDeps(),
  );
  report.stillPending = indices.reduce((n, i) => n + (target.outcomeAt(i) === 'accepted' ? 1 : 0), 0);
  return report;
}

/** Records the answers that differ from what is stored; equal new results share one record. */
async function recordChanges(
  store: JobStore,
  job: JobState,
  target: TargetState,
  indices: readonly number[],
  results: CallIdResult | CallIdResult[],
  at: number,
): Promise<number> {
  const groups = new Map<string, { result: JournalResult; at: number[] }>();
  indices.forEach((index, n) => {
    const answer = Array.isArray(results) ? results[n] : results;
    if (!answer || target.outcomeAt(index) !== 'accepted') return; // changed meanwhile (e.g. a Retry)
    const previous = target.resultAt(index) as JournalResult | undefined;
    const next = statusResult(previous, answer, at);
    if (previous && sameStatus(previous, next)) return;
    const key = JSON.stringify([next.outcome, next.httpStatus, next.message, next.reference, next.request, next.requestedAt]);
    const group = groups.get(key);
    if (group) group.at.push(index);
    else groups.set(key, { result: next, at: [index] });
  });
  let changed = 0;
  for (const group of groups.values()) {
    await store.record(job, target, group.at, group.result);
    changed += group.at.length;
  }
  return changed;
}

/** The new result of a pending ID: the vendor's answer, keeping its reference and the time of the deletion answer. */
export function statusResult(previous: JournalResult | undefined, answer: CallIdResult, at: number): JournalResult {
  const next: JournalResult = { outcome: answer.outcome, at };
  if (answer.httpStatus !== undefined) next.httpStatus = answer.httpStatus;
  if (answer.message !== undefined) next.message = answer.message;
  const reference = answer.reference ?? previous?.reference;
  if (reference !== undefined) next.reference = reference;
  const request = answer.request ?? previous?.request;
  if (request !== undefined) next.request = request;
  const requestedAt = previous?.requestedAt ?? previous?.at;
  if (requestedAt !== undefined) next.requestedAt = requestedAt;
  return next;
}

function sameStatus(a: IdResult, b: IdResult): boolean {
  return a.outcome === b.outcome && a.message === b.message && a.httpStatus === b.httpStatus && a.reference === b.reference;
}

function describeProblem(problem: CallProblem): string {
  return problem.kind === 'answer' ? `HTTP ${problem.httpStatus}: ${problem.message}` : problem.message;
}
