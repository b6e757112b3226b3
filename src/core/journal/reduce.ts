// The one reducer of journal records: what a header, job, snapshot, state or removal record does to
// a set of jobs. Loading a file applies it to the jobs being rebuilt; a read-only window following
// the writer applies it to its store. They differ only in what a `JobSink` does with each step.
import { JobState, type IdResult, type TargetState } from '../job';
import { JOURNAL_FORMAT, JOURNAL_VERSION, decodeJob, decodeResult, decodeSnapshot, isObject } from './format';

/** Where records land; the reducer decides what each record means, the sink how it is held. */
export interface JobSink {
  get(jobId: string): JobState | undefined;
  /** A job record ('j'). */
  added(job: JobState): void;
  /** A snapshot record ('S'): the job as a whole, replacing any earlier state of it. */
  replaced(job: JobState): void;
  /** A removal record ('r'). */
  removed(jobId: string): void;
  /** A state record for a job not held (removed earlier, or dropped by retention here): throw if that is an error. */
  stateOfMissingJob(jobId: string): void;
  /** A state record: these ranges of the target now have this result. */
  state(job: JobState, target: TargetState, ranges: unknown, result: IdResult): void;
  /** A header that names a newer format version than this code writes. */
  newerVersion?(version: number): void;
}

/** Applies one parsed line (any JSON value) to the sink; throws with the reason when it cannot. */
export function applyRecord(value: unknown, sink: JobSink): void {
  if (!isObject(value)) throw new Error('not a record');
  switch (value.t) {
    case 'h':
      if (value.format !== JOURNAL_FORMAT) throw new Error('not a User Erasure journal header');
      if (typeof value.v === 'number' && value.v > JOURNAL_VERSION) sink.newerVersion?.(value.v);
      return;
    case 'j':
      return sink.added(new JobState(decodeJob(value.job)));
    case 'S':
      return sink.replaced(decodeSnapshot(value.job, value.st));
    case 's':
      return applyState(sink, value.j, value.x, value.i, value.r, false);
    case 'r':
      return sink.removed(removedJobOf(value));
    default:
      throw new Error(`unknown record type ${String(value.t)}`);
  }
}

/**
 * A state record ({j, x, i, r}); `result` is decoded already (the fast line reader), or still the
 * raw value (decoded only when the job is held).
 */
export function applyState(sink: JobSink, jobId: unknown, x: unknown, ranges: unknown, result: unknown, decoded: boolean): void {
  if (typeof jobId !== 'string') throw new Error('state record without a job');
  const job = sink.get(jobId);
  if (!job) return sink.stateOfMissingJob(jobId);
  const target = job.targets[x as number];
  if (!target) throw new Error(`job ${jobId} has no target ${String(x)}`);
  sink.state(job, target, ranges, decoded ? (result as IdResult) : decodeResult(result));
}

/**
 * A removal record exactly as written ({t, j, at}): a damaged state line whose "s" became "r"
 * must not silently remove a job (and get it compacted away).
 */
function removedJobOf(value: Record<string, unknown>): string {
  const keys = Object.keys(value).filter((key) => key !== 'c');
  if (typeof value.j !== 'string' || typeof value.at !== 'number' || keys.length !== 3) throw new Error('not a removal record');
  return value.j;
}
