// Runs calls over groups of IDs within a vendor's limits: a fixed pool of workers sharing the
// account's concurrency limiter and sliding-window rate limiter (following the vendor's rate-limit
// headers when it sends them), bounded retries with backoff (Retry-After
// honoured), halving of batches the vendor rejects as a whole, and cancellation that stops new
// calls while letting calls in flight finish. It knows nothing of what the calls mean; the hooks do.
import { setMaxListeners } from 'node:events';
import { HttpTransportError } from './http';
import { AbortedError, type PacingRegistry, type Sleep, sleep as realSleep } from './limits';
import { backoffDelay, type RetryPolicy } from './retry';
import type { CallIdResult, CallLimits, CallOutcome } from './vendor';
import { errorMessage } from './errorMessage';

export type CallProblem =
  | { kind: 'answer'; httpStatus: number; message: string; request?: string }
  | { kind: 'transport'; message: string; mayHaveReachedVendor: boolean };

/** What earlier attempts of a call tell about the IDs, beyond the last answer. */
export interface AttemptHistory {
  /** An earlier attempt got no answer although it may have reached the vendor (and acted there). */
  unansweredAttempt: boolean;
}

export interface SchedulerHooks {
  /** Awaited before the first request for these indices leaves (durable intent). */
  beforeFirstSend(indices: readonly number[]): Promise<void>;
  /**
   * Awaited before any later request for them leaves (a retry, a split half): the journal records
   * that they go out again, and a journal that can no longer record (lost, taken over) stops it.
   */
  beforeResend?(indices: readonly number[], history: AttemptHistory): Promise<void>;
  settled(indices: readonly number[], results: CallIdResult | CallIdResult[], history: AttemptHistory): Promise<void>;
  /** Attempts exhausted. */
  gaveUp(indices: readonly number[], problem: CallProblem, history: AttemptHistory): Promise<void>;
  /** Never (re)sent because of cancellation; `problem` is the last answer when an attempt was made. */
  notSent(indices: readonly number[], problem: CallProblem | undefined, history: AttemptHistory): Promise<void>;
}

/** A call built and ready: sends it. */
export type PreparedCall = (signal: AbortSignal | undefined) => Promise<CallOutcome>;

export interface SchedulerDeps {
  pacing: PacingRegistry;
  retry: RetryPolicy;
  sleep?: Sleep;
  random?: () => number;
}

export interface ScheduleOptions {
  groups: number[][];
  limits: CallLimits;
  call: (indices: readonly number[], signal: AbortSignal | undefined) => Promise<CallOutcome>;
  /**
   * Builds the call for these indices without sending or recording anything (optional; otherwise
   * `call` builds it as it sends). The next calls are then built while earlier ones are in flight.
   */
  prepare?: (indices: readonly number[]) => PreparedCall;
  hooks: SchedulerHooks;
  /** Stops new calls; calls in flight finish. */
  cancel?: AbortSignal;
  /** Aborts calls in flight too (their IDs end as "sent, no answer"). */
  abort?: AbortSignal;
}

interface WorkItem {
  indices: number[];
  attempt: number;
  announced: boolean;
  lastProblem?: CallProblem;
  history: AttemptHistory;
  /** Set once the item is a piece of a batch the vendor rejected as a whole. */
  family?: SplitFamily;
  /** Its call, built ahead for these very indices (see prepareAhead). */
  prepared?: { indices: readonly number[]; call: PreparedCall };
}

/** The pieces of one rejected batch: how many of their calls were rejected, and how many may be. */
interface SplitFamily {
  rejected: number;
  budget: number;
  /** The latest refusal, the answer for pieces left unsent once splitting stops. */
  last?: CallIdResult;
}

/**
 * Rejected calls a batch of n may cost while no call of the run has been accepted: enough to halve
 * down to two bad IDs (a bad ID costs about log2(n) + 1 rejected calls), not the 2n - 1 calls that
 * halving a request refused for its own sake (a bad reason, a bad key) down to single IDs would cost.
 */
function splitBudget(n: number): number {
  return 2 * (Math.ceil(Math.log2(Math.max(n, 1))) + 1);
}

const NOT_SPLIT_FURTHER =
  'not split further: every piece of this batch was refused and no call to the vendor in this run was accepted, ' +
  'so the vendor most likely refuses the request itself, not one ID';

/** An answer the vendor would not give to a request it refuses as such. */
function provesRequestForm(results: CallIdResult | CallIdResult[]): boolean {
  const list = Array.isArray(results) ? results : [results];
  return list.some((r) => r.outcome === 'accepted' || r.outcome === 'done' || r.outcome === 'not-found');
}

export function chunkIndices(indices: readonly number[], size: number): number[][] {
  const groups: number[][] = [];
  for (let start = 0; start < indices.length; start += size) groups.push(indices.slice(start, start + size));
  return groups;
}

export async function schedule(options: ScheduleOptions, deps: SchedulerDeps): Promise<void> {
  const { limits, hooks } = options;
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const cancel = options.abort && options.cancel ? AbortSignal.any([options.cancel, options.abort]) : (options.cancel ?? options.abort);
  // Every waiting call listens on these signals: dozens at once is expected, not a leak.
  for (const signal of [cancel, options.abort]) if (signal) setMaxListeners(0, signal);
  const queue: WorkItem[] = options.groups
    .filter((g) => g.length > 0)
    .map((indices) => ({ indices, attempt: 0, announced: false, history: { unansweredAttempt: false } }));
  queue.reverse(); // pop() from the end is O(1); reversed so groups go out in order
  const semaphore = deps.pacing.semaphore(limits.pacingKey, limits.maxInFlight);
  const rate = limits.requestsPerSecond ? deps.pacing.rate(limits.rateKey ?? limits.pacingKey, limits.requestsPerSecond) : undefined;
  // Halving isolates bad IDs only when the request form itself is fine: once a call is accepted it
  // is; until then a family that spends its budget stops splitting, and so does every later one.
  const splitting = { proven: false, exhausted: false };
  const splittingStopped = () => splitting.exhausted && !splitting.proven;
  const countRefusal = (family: SplitFamily) => {
    family.rejected++;
    if (!splitting.proven && family.rejected >= family.budget) splitting.exhausted = true;
  };

  // An item's outcome is recorded while its worker goes on to the next call: the record shares the
  // next intent's group commit instead of holding a slot idle for an fsync of its own. (The intent
  // of a call is still durable before it leaves: beforeFirstSend is awaited.) The run ends once
  // every record is durable; the first failed record fails the run.
  const recordings = new Set<Promise<void>>();
  // The first failure (a record that could not be stored, an intent that could not be written): no
  // call starts after it, and the run ends only once every call in flight has ended and been
  // recorded, so nothing sends on behind a run that already looks finished (and can be resumed).
  let failure: { error: unknown } | undefined;
  const recordLater = (recording: Promise<void>): void => {
    const tracked: Promise<void> = recording
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => recordings.delete(tracked));
    recordings.add(tracked);
  };

  const runItem = async (item: WorkItem): Promise<void> => {
    for (;;) {
      if (failure) return;
      if (cancel?.aborted) return recordLater(hooks.notSent(item.indices, item.lastProblem, item.history));
      if (item.family?.last && splittingStopped()) return recordLater(hooks.settled(item.indices, item.family.last, item.history));
      let release: (() => void) | undefined;
      let outcome: CallOutcome | CallProblem;
      try {
        release = await semaphore.acquire(cancel);
        // The slot is taken before the intent is written, so the intent's time is when the request
        // left; a slow write shows in the answer's time, which the limiter's window allows for.
        const startedAt = rate ? await rate.take(cancel) : 0;
        let answer: CallOutcome | CallProblem | undefined;
        try {
          if (failure) return;
          if (cancel?.aborted) throw new AbortedError();
          if (!item.announced) {
            await hooks.beforeFirstSend(item.indices);
            item.announced = true;
          } else {
            await hooks.beforeResend?.(item.indices, item.history);
          }
          const prepared = item.prepared?.indices === item.indices ? item.prepared.call : undefined;
          item.prepared = undefined;
          const answering = callSafely(prepared ?? ((signal) => options.call(item.indices, signal)), options.abort);
          // After this turn, by when the request is on its way (undici writes it while dispatching,
          // once a connection is free), build the next call.
          if (options.prepare) setImmediate(prepareAhead);
          answer = await answering;
        } finally {
          // Also when nothing was sent: the slot then frees a second after it was taken.
          const vendorAnswered = answer !== undefined && answer.kind !== 'transport';
          rate?.ended(startedAt, vendorAnswered, answer && 'rateLimit' in answer ? answer.rateLimit : undefined);
        }
        outcome = answer;
      } catch (error) {
        if (error instanceof AbortedError) return recordLater(hooks.notSent(item.indices, item.lastProblem, item.history));
        throw error;
      } finally {
        release?.();
      }

      switch (outcome.kind) {
        case 'settled':
          if (provesRequestForm(outcome.results)) splitting.proven = true;
          // A piece refused on its own (a vendor that answers "failed" for one ID) counts as a split.
          else if (item.family) countRefusal(item.family);
          return recordLater(hooks.settled(item.indices, outcome.results, item.history));
        case 'split': {
          const family = item.family ?? { rejected: 0, budget: splitBudget(item.indices.length) };
          countRefusal(family);
          const refused = (message: string): CallIdResult => ({ outcome: 'failed', httpStatus: outcome.httpStatus, message, request: outcome.request });
          family.last = refused(`${outcome.message} (${NOT_SPLIT_FURTHER})`);
          if (item.indices.length === 1) return recordLater(hooks.settled(item.indices, refused(outcome.message), item.history));
          if (splittingStopped()) return recordLater(hooks.settled(item.indices, family.last, item.history));
          item.family = family;
          const middle = Math.ceil(item.indices.length / 2);
          queue.push({ indices: item.indices.slice(middle), attempt: 0, announced: true, history: { ...item.history }, family });
          spawnWorkers();
          item.indices = item.indices.slice(0, middle);
          item.attempt = 0;
          item.lastProblem = undefined;
          continue;
        }
        case 'retry':
        case 'answer':
        case 'transport': {
          const problem: CallProblem =
            outcome.kind === 'retry'
              ? { kind: 'answer', httpStatus: outcome.httpStatus, message: outcome.message, request: outcome.request }
              : outcome;
          item.lastProblem = problem;
          if (problem.kind === 'transport' && problem.mayHaveReachedVendor) item.history.unansweredAttempt = true;
          item.attempt++;
          const mustNotResend = problem.kind === 'transport' && problem.mayHaveReachedVendor && limits.resendUnanswered === false;
          if (mustNotResend || item.attempt >= deps.retry.maxAttempts) return recordLater(hooks.gaveUp(item.indices, problem, item.history));
          const retryAfterMs = outcome.kind === 'retry' ? outcome.retryAfterMs : undefined;
          try {
            await sleep(backoffDelay(deps.retry, item.attempt, retryAfterMs, random), cancel);
          } catch (error) {
            if (error instanceof AbortedError) return recordLater(hooks.notSent(item.indices, item.lastProblem, item.history));
            throw error;
          }
        }
      }
    }
  };

  // While calls are in flight, the calls next in the queue (one per slot) are built, so a freed slot
  // sends as soon as its intent is durable instead of first building a 10,000-ID body. Building
  // sends and records nothing: a call built but never sent leaves no trace.
  const prepareAhead = (): void => {
    if (!options.prepare || failure || cancel?.aborted) return;
    for (let k = queue.length - 1; k >= Math.max(0, queue.length - limits.maxInFlight); k--) {
      const next = queue[k];
      if (next.prepared) continue;
      next.prepared = { indices: next.indices, call: prepareSafely(options.prepare, next.indices) };
      return;
    }
  };

  // Workers are added whenever queued work exceeds them (a split adds work mid-run), up to maxInFlight.
  const workers = new Set<Promise<void>>();
  const spawnWorkers = (): void => {
    // A new worker pops its first item synchronously, so this never spawns more workers than queued items.
    while (workers.size < limits.maxInFlight && queue.length > 0) {
      const worker: Promise<void> = (async () => {
        for (let item = queue.pop(); item; item = queue.pop()) await runItem(item);
      })()
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => workers.delete(worker));
      workers.add(worker);
    }
  };
  spawnWorkers();
  while (workers.size > 0) await Promise.all(workers);
  while (recordings.size > 0) await Promise.all(recordings);
  if (failure) throw failure.error;
}

/** A call that could not be built fails when it is sent, like an error of the call itself. */
function prepareSafely(prepare: (indices: readonly number[]) => PreparedCall, indices: readonly number[]): PreparedCall {
  try {
    return prepare(indices);
  } catch (error) {
    return () => Promise.reject(error);
  }
}

async function callSafely(call: PreparedCall, signal: AbortSignal | undefined): Promise<CallOutcome | CallProblem> {
  try {
    return await call(signal);
  } catch (error) {
    if (error instanceof HttpTransportError) {
      return { kind: 'transport', message: error.message, mayHaveReachedVendor: error.mayHaveReachedVendor };
    }
    const message = errorMessage(error);
    return { kind: 'transport', message: `unexpected error: ${message}`, mayHaveReachedVendor: true };
  }
}
