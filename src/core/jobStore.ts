// All jobs of this window in memory, the single place their state changes. Views subscribe to
// changes; a persistence (the journal) sees every change and makes it durable.
import { JobState, toWholeSeconds, type IdResult, type JobSpec, type TargetState } from './job';
import type { JobRecorder } from './runner';
import { ListenerSet } from './listeners';

export type JobChange =
  | { kind: 'added'; jobId: string }
  | { kind: 'updated'; jobId: string; targetKey: string; count: number }
  | { kind: 'removed'; jobId: string };

/** Durable storage of jobs; every method resolves once the change is safely stored. */
export interface JobPersistence {
  jobAdded(spec: JobSpec): Promise<void>;
  stateChanged(jobId: string, targetKey: string, indices: readonly number[], result: IdResult): Promise<void>;
  jobRemoved(jobId: string): Promise<void>;
  /** Why changes cannot be stored here (e.g. another window writes the journal); undefined when they can. */
  readOnlyReason?(): string | undefined;
}

type Listener = (change: JobChange) => void;

export class JobStore implements JobRecorder {
  private readonly jobs = new Map<string, JobState>();
  private readonly listeners = new ListenerSet<JobChange>();

  constructor(private persistence?: JobPersistence) {}

  setPersistence(persistence: JobPersistence | undefined): void {
    this.persistence = persistence;
  }

  onDidChange(listener: Listener): { dispose(): void } {
    return this.listeners.add(listener);
  }

  list(): JobState[] {
    return [...this.jobs.values()].sort((a, b) => b.spec.createdAt - a.spec.createdAt);
  }

  get(jobId: string): JobState | undefined {
    return this.jobs.get(jobId);
  }

  require(jobId: string): JobState {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`no job ${jobId} in the history`);
    return job;
  }

  async add(spec: JobSpec): Promise<JobState> {
    if (this.jobs.has(spec.id)) throw new Error(`job ${spec.id} exists already`);
    await this.persistence?.jobAdded(spec);
    const job = new JobState(spec);
    this.jobs.set(spec.id, job);
    this.emit({ kind: 'added', jobId: spec.id });
    return job;
  }

  /** Puts a job rebuilt from storage into the store without writing it again. */
  restore(job: JobState): void {
    this.jobs.set(job.id, job);
    this.emit({ kind: 'added', jobId: job.id });
  }

  /**
   * Stores a result for some IDs, then applies it. Times are kept to the whole second, so equal
   * answers of the same second are one result, written and held once: a run of one-ID calls
   * (EngageLab) would otherwise cost one result per ID in memory and in the journal's snapshot.
   */
  async record(job: JobState, target: TargetState, indices: readonly number[], result: IdResult): Promise<void> {
    if (indices.length === 0) return;
    const shared = target.share(toWholeSeconds(result));
    await this.persistence?.stateChanged(job.id, target.spec.key, indices, shared);
    target.set(indices, shared);
    this.emit({ kind: 'updated', jobId: job.id, targetKey: target.spec.key, count: indices.length });
  }

  async remove(jobId: string): Promise<void> {
    if (!this.jobs.has(jobId)) return;
    await this.persistence?.jobRemoved(jobId);
    this.jobs.delete(jobId);
    this.emit({ kind: 'removed', jobId });
  }

  /** Why jobs cannot be started or changed in this window (the journal is read-only here); undefined when they can. */
  readOnlyReason(): string | undefined {
    return this.persistence?.readOnlyReason?.();
  }

  /** Applies a change already stored by another window (followed from the journal) without writing it again. */
  applyStored(job: JobState, target: TargetState, indices: readonly number[], result: IdResult): void {
    if (indices.length === 0) return;
    target.set(indices, result);
    this.emit({ kind: 'updated', jobId: job.id, targetKey: target.spec.key, count: indices.length });
  }

  /** Forgets one job already removed from storage (by another window or by retention). */
  forget(jobId: string): void {
    if (this.jobs.delete(jobId)) this.emit({ kind: 'removed', jobId });
  }

  /** Forgets in-memory jobs (e.g. before reloading from storage) without touching storage. */
  clearMemory(): void {
    for (const jobId of [...this.jobs.keys()]) {
      this.jobs.delete(jobId);
      this.emit({ kind: 'removed', jobId });
    }
  }

  private emit(change: JobChange): void {
    this.listeners.fire(change);
  }
}
