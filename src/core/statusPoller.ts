// Checks pending statuses in the background: each target with accepted IDs is checked after
// `initialDelayMs`, then again after a delay that doubles up to `maxDelayMs` while nothing changes
// and falls back to the initial delay when something does. One timer (injected, so tests drive
// it), a pending count and events for the status bar. The extension starts it only in the window
// holding the journal lock (journal.onDidChangeMode) and stops it when that window closes.
import type { JobState, TargetState } from './job';
import type { Logger } from './logger';
import { checkStatuses, type StatusCheckHost, type StatusCheckMode, type StatusCheckReport } from './statusChecks';
import { errorMessage } from './errorMessage';
import { ListenerSet } from './listeners';

export interface PollerTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface StatusPollerOptions {
  /** Read on every round: 'automatic' unless scheduled verification (lookups) is enabled. */
  mode: () => StatusCheckMode;
  now?: () => number;
  timers?: PollerTimers;
  /** First check of newly pending IDs, and the delay after a change (default 30 s). */
  initialDelayMs?: number;
  /** Longest delay between checks of a target (default 1 h). */
  maxDelayMs?: number;
  logger?: Logger;
  /** Only these jobs are polled and counted (the CLI's --wait); default: every job of the store. */
  jobIds?: readonly string[];
}

export type PollerEvent =
  | { kind: 'pending'; count: number }
  /** A job whose last pending ID just resolved (nothing planned, sending or pending left). */
  | { kind: 'job-settled'; jobId: string }
  | { kind: 'round'; report: StatusCheckReport }
  /** A round that threw (e.g. the journal could not record an answer); the schedule goes on. */
  | { kind: 'round-failed'; error: unknown };

interface Slot {
  dueAt: number;
  delayMs: number;
}

const realTimers: PollerTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class StatusPoller {
  private readonly slots = new Map<string, Slot>();
  private readonly listeners = new ListenerSet<PollerEvent>();
  private readonly now: () => number;
  private readonly timers: PollerTimers;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private timer: unknown;
  private timerDueAt = Infinity;
  private round: Promise<StatusCheckReport | undefined> | undefined;
  private abort: AbortController | undefined;
  private subscription: { dispose(): void } | undefined;
  private lastPending = -1;
  private recountQueued = false;
  private started = false;

  constructor(
    private readonly host: StatusCheckHost,
    private readonly options: StatusPollerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? realTimers;
    this.initialDelayMs = options.initialDelayMs ?? 30_000;
    this.maxDelayMs = options.maxDelayMs ?? 60 * 60_000;
  }

  get isRunning(): boolean {
    return this.started;
  }

  onDidChange(listener: (event: PollerEvent) => void): { dispose(): void } {
    return this.listeners.add(listener);
  }

  /** IDs accepted and not yet known to be done, across all jobs (the status bar's number). */
  pendingCount(): number {
    let count = 0;
    for (const job of this.jobs()) for (const target of job.targets) count += target.countOf('accepted');
    return count;
  }

  /** When the next background check is due (undefined when nothing is pending). */
  nextDueAt(): number | undefined {
    this.syncSlots();
    let next = Infinity;
    for (const slot of this.slots.values()) next = Math.min(next, slot.dueAt);
    return next === Infinity ? undefined : next;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.subscription = this.host.store.onDidChange(() => this.queueRecount());
    this.emitPending();
    this.arm();
  }

  /** Stops the timer and aborts a round in flight (nothing is recorded for aborted checks). */
  async stop(): Promise<void> {
    this.started = false;
    this.subscription?.dispose();
    this.subscription = undefined;
    this.disarm();
    this.abort?.abort();
    await this.round?.catch(() => undefined);
  }

  /** Checks the targets whose time has come (the timer calls this). */
  runDue(): Promise<StatusCheckReport | undefined> {
    if (this.round) return this.round;
    this.syncSlots();
    const now = this.now();
    const due = new Set([...this.slots].filter(([, slot]) => slot.dueAt <= now).map(([key]) => key));
    if (due.size === 0) {
      this.arm();
      return Promise.resolve(undefined);
    }
    return this.runRound(
      (job, target) => due.has(slotKey(job, target)),
      this.options.jobIds ?? 'all',
      this.options.mode(),
    );
  }

  /**
   * "Verify now": checks the given jobs at once, lookups included, then resumes the schedule.
   * `signal` (the engineer's Cancel) aborts the checks in flight; nothing is recorded for them.
   */
  verifyNow(
    jobIds: readonly string[] | 'all',
    mode: StatusCheckMode = 'all',
    signal?: AbortSignal,
    onChecked?: (count: number) => void,
  ): Promise<StatusCheckReport | undefined> {
    const run = async () => {
      await this.round?.catch(() => undefined);
      return this.runRound(undefined, jobIds, mode, signal, onChecked);
    };
    return run();
  }

  private runRound(
    filter: ((job: JobState, target: TargetState) => boolean) | undefined,
    jobIds: readonly string[] | 'all',
    mode: StatusCheckMode,
    signal?: AbortSignal,
    onChecked?: (count: number) => void,
  ): Promise<StatusCheckReport | undefined> {
    const abort = new AbortController();
    if (signal?.aborted) abort.abort();
    else signal?.addEventListener('abort', () => abort.abort(), { once: true });
    this.abort = abort;
    const pendingJobs = new Set(this.jobs().filter((job) => job.targets.some((t) => t.countOf('accepted') > 0)).map((job) => job.id));
    const round = (async () => {
      try {
        const report = await checkStatuses(this.host, { jobIds, mode, filter, signal: abort.signal, now: this.now, onChecked });
        if (abort.signal.aborted) return report;
        this.reschedule(report);
        this.emit({ kind: 'round', report });
        for (const problem of report.targets.flatMap((t) => t.problems.map((p) => `${t.targetKey}: ${p}`))) {
          this.options.logger?.warn(`status check: ${problem}`);
        }
        for (const jobId of pendingJobs) {
          const job = this.host.store.get(jobId);
          if (job && isSettled(job)) this.emit({ kind: 'job-settled', jobId });
        }
        return report;
      } catch (error) {
        this.options.logger?.error(`status check round failed: ${errorMessage(error)}`);
        this.emit({ kind: 'round-failed', error });
        return undefined;
      } finally {
        this.round = undefined;
        this.abort = undefined;
        this.emitPending();
        if (this.started) this.arm();
      }
    })();
    this.round = round;
    return round;
  }

  private reschedule(report: StatusCheckReport): void {
    const now = this.now();
    for (const target of report.targets) {
      const key = `${target.jobId}\u0000${target.targetKey}`;
      const slot = this.slots.get(key) ?? { dueAt: now, delayMs: this.initialDelayMs };
      const nothingToAsk = target.kind === 'no-status-api' || target.kind === 'on-demand-only';
      slot.delayMs = nothingToAsk
        ? this.maxDelayMs
        : target.changed > 0
          ? this.initialDelayMs
          : Math.min(this.maxDelayMs, slot.delayMs * 2);
      slot.dueAt = now + slot.delayMs;
      this.slots.set(key, slot);
    }
  }

  /** One slot per target with pending IDs: new ones are due after the initial delay; resolved ones go. */
  private syncSlots(): void {
    const live = new Set<string>();
    const now = this.now();
    for (const job of this.jobs()) {
      for (const target of job.targets) {
        if (target.countOf('accepted') === 0) continue;
        const key = slotKey(job, target);
        live.add(key);
        if (!this.slots.has(key)) this.slots.set(key, { dueAt: now + this.initialDelayMs, delayMs: this.initialDelayMs });
      }
    }
    for (const key of this.slots.keys()) if (!live.has(key)) this.slots.delete(key);
  }

  private arm(): void {
    if (!this.started || this.round) return;
    const next = this.nextDueAt();
    if (next === undefined) return this.disarm();
    if (this.timer !== undefined && this.timerDueAt <= next) return;
    this.disarm();
    this.timerDueAt = next;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.timerDueAt = Infinity;
      void this.runDue();
    }, Math.max(0, next - this.now()));
  }

  private disarm(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueAt = Infinity;
  }

  private queueRecount(): void {
    if (this.recountQueued) return;
    this.recountQueued = true;
    queueMicrotask(() => {
      this.recountQueued = false;
      this.emitPending();
      this.arm();
    });
  }

  private emitPending(): void {
    const count = this.pendingCount();
    if (count === this.lastPending) return;
    this.lastPending = count;
    this.emit({ kind: 'pending', count });
  }

  private jobs(): JobState[] {
    const { jobIds } = this.options;
    const all = this.host.store.list();
    return jobIds ? all.filter((job) => jobIds.includes(job.id)) : all;
  }

  private emit(event: PollerEvent): void {
    this.listeners.fire(event);
  }
}

function slotKey(job: JobState, target: TargetState): string {
  return `${job.id}\u0000${target.spec.key}`;
}

function isSettled(job: JobState): boolean {
  const counts = job.counts();
  return counts.accepted === 0 && counts.sending === 0 && counts.planned === 0;
}

/**
 * Polls only while this window writes the journal (so two windows never poll the same IDs):
 * starts the poller when the journal is (or becomes) the writer, stops it otherwise.
 */
export function pollWhileWriter(
  journal: { readonly mode: string; onDidChangeMode(listener: (mode: string) => void): { dispose(): void } },
  poller: StatusPoller,
): { dispose(): void } {
  const apply = (mode: string) => (mode === 'writer' ? poller.start() : void poller.stop());
  apply(journal.mode);
  const subscription = journal.onDidChangeMode(apply);
  return {
    dispose: () => {
      subscription.dispose();
      void poller.stop();
    },
  };
}
