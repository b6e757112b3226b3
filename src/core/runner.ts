// Executes the deletions of a job: every target in parallel, each within its vendor's limits, and
// every ID brought to exactly one recorded state (accepted/done/failed/not-found/unknown/cancelled).
import { isRetryable, type IdResult, type JobState, type TargetState } from './job';
import { chunkIndices, schedule, type AttemptHistory, type CallProblem, type SchedulerDeps } from './scheduler';
import type { CallIdResult, DeleteClient } from './vendor';

export interface JobRecorder {
  /** Applies a state change; resolves once it is durable, so the intent is stored before a request leaves. */
  record(job: JobState, target: TargetState, indices: readonly number[], result: IdResult): Promise<void>;
}

export interface RunJobOptions {
  job: JobState;
  /** Delete client by target key. */
  clients: ReadonlyMap<string, DeleteClient>;
  /** Indices to send per target key; default: every ID still planned. Targets not listed are left alone. */
  only?: ReadonlyMap<string, readonly number[]>;
  recorder: JobRecorder;
  /** Stops new requests; requests in flight finish; IDs not sent end "cancelled". */
  cancel?: AbortSignal;
  /** Stops new requests like `cancel`, but IDs never sent stay "planned" (not sent) for Resume. */
  suspend?: AbortSignal;
  /** Aborts requests in flight too. */
  abort?: AbortSignal;
  now?: () => number;
}

export async function runJob(options: RunJobOptions, deps: SchedulerDeps): Promise<void> {
  const { job } = options;
  // One target failing (its journal write failed) stops the others like a suspend: IDs not sent stay
  // "not sent". The run ends once every target has stopped, so nothing sends on behind it.
  const failed = new AbortController();
  const suspend = options.suspend ? AbortSignal.any([options.suspend, failed.signal]) : failed.signal;
  const ended = await Promise.allSettled(
    job.targets.map(async (target) => {
      try {
        const indices = options.only ? options.only.get(target.spec.key) : target.indicesWhere((o) => o === 'planned');
        if (!indices || indices.length === 0) return;
        const client = options.clients.get(target.spec.key);
        if (!client) throw new Error(`no client for target ${target.spec.key}`);
        await runTarget({ ...options, suspend }, target, client, indices, deps);
      } catch (error) {
        failed.abort();
        throw error;
      }
    }),
  );
  const failure = ended.find((e) => e.status === 'rejected');
  if (failure) throw failure.reason;
}

/** Indices of a target that Retry may send again. */
export function retryableIndices(target: TargetState): number[] {
  return target.indicesWhere(isRetryable);
}

async function runTarget(
  options: RunJobOptions,
  target: TargetState,
  client: DeleteClient,
  indices: readonly number[],
  deps: SchedulerDeps,
): Promise<void> {
  const now = options.now ?? Date.now;
  const record = (at: readonly number[], result: Omit<IdResult, 'at'>) =>
    options.recorder.record(options.job, target, at, { ...result, at: now() });
  const idsAt = (at: readonly number[]) => at.map((i) => target.ids[i]);

  await schedule(
    {
      groups: chunkIndices(indices, client.limits.idsPerCall),
      limits: client.limits,
      cancel: options.suspend && options.cancel ? AbortSignal.any([options.cancel, options.suspend]) : (options.cancel ?? options.suspend),
      abort: options.abort,
      call: (at, signal) => client.deleteIds(idsAt(at), signal),
      prepare: client.prepareDelete ? (at) => client.prepareDelete!(idsAt(at)) : undefined,
      hooks: {
        beforeFirstSend: (at) => record(at, { outcome: 'sending' }),
        beforeResend: (at, history) => record(at, { outcome: 'sending', message: history.unansweredAttempt ? SENT_AGAIN : 'sent again' }),
        settled: async (at, results, history) => {
          const explained = history.unansweredAttempt ? explainAfterUnanswered : (r: CallIdResult) => r;
          if (!Array.isArray(results)) return record(at, explained(results));
          await recordEach(at, results.map(explained), record);
        },
        gaveUp: (at, problem, history) => record(at, resultAfterGivingUp(problem, history)),
        notSent: async (at, problem, history) => {
          if (!problem && options.suspend?.aborted && !options.cancel?.aborted) {
            // Announced (e.g. the second half of a split batch) but never sent: back to "not sent".
            const announced = at.filter((i) => target.outcomeAt(i) !== 'planned');
            return record(announced, { outcome: 'planned', message: 'not sent: the job was interrupted' });
          }
          return record(at, resultWhenNotSent(problem, history));
        },
      },
    },
    deps,
  );
}

/** Records per-ID results, grouping equal ones so a chunk costs one record per distinct answer. */
async function recordEach(
  indices: readonly number[],
  results: readonly CallIdResult[],
  record: (at: readonly number[], result: CallIdResult) => Promise<void>,
): Promise<void> {
  const groups = new Map<string, { result: CallIdResult; at: number[] }>();
  indices.forEach((index, n) => {
    const result = results[n] ?? { outcome: 'unknown', message: 'the vendor client returned no result for this ID' };
    const key = JSON.stringify(result);
    const group = groups.get(key);
    if (group) group.at.push(index);
    else groups.set(key, { result, at: [index] });
  });
  for (const { result, at } of groups.values()) await record(at, result);
}

const NO_HISTORY: AttemptHistory = { unansweredAttempt: false };
const EARLIER_UNANSWERED = 'an earlier attempt got no answer and may have deleted it at the vendor';

const SENT_AGAIN = 'sent again after an attempt that got no answer: the vendor may have received it twice';

/**
 * An answer that came after an unanswered attempt: that attempt may have reached the vendor. A
 * "not found" is most likely our own earlier deletion (the outcome stays: either way the ID is no
 * longer there); a refusal may come after the earlier attempt deleted it, so it is unknown, as when
 * the retries give up; any other answer says the ID was sent twice, which the user must be told.
 */
function explainAfterUnanswered(result: CallIdResult): CallIdResult {
  if (result.outcome === 'not-found') return { ...result, message: `${result.message ?? 'not found'} (${EARLIER_UNANSWERED})` };
  if (result.outcome === 'failed') return { ...result, outcome: 'unknown', message: `${result.message ?? 'failed'}; ${EARLIER_UNANSWERED}` };
  return { ...result, message: result.message ? `${result.message} (${SENT_AGAIN})` : SENT_AGAIN };
}

export function resultAfterGivingUp(problem: CallProblem, history: AttemptHistory = NO_HISTORY): CallIdResult {
  if (problem.kind === 'answer') {
    // The last answer was an error, but an earlier unanswered attempt may have done the deletion.
    if (history.unansweredAttempt) {
      return { outcome: 'unknown', httpStatus: problem.httpStatus, message: `${problem.message}; ${EARLIER_UNANSWERED}`, request: problem.request };
    }
    return { outcome: 'failed', httpStatus: problem.httpStatus, message: problem.message, request: problem.request };
  }
  if (problem.mayHaveReachedVendor) return { outcome: 'unknown', message: `${problem.message}; the request may have reached the vendor` };
  // No attempt left this machine or got past a proxy: the ID was never sent, and Resume/Retry may send it.
  if (!history.unansweredAttempt) return { outcome: 'cancelled', message: `not sent: ${problem.message}` };
  return { outcome: 'unknown', message: `${problem.message}; ${EARLIER_UNANSWERED}` };
}

export function resultWhenNotSent(problem: CallProblem | undefined, history: AttemptHistory = NO_HISTORY): CallIdResult {
  if (!problem || (problem.kind === 'transport' && !problem.mayHaveReachedVendor && !history.unansweredAttempt)) {
    return { outcome: 'cancelled', message: 'cancelled before it was sent' };
  }
  const given = resultAfterGivingUp(problem, history);
  return { ...given, message: `${given.message} (not retried: cancelled)` };
}
