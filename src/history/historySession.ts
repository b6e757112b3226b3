// The erasure history of this window: the journal in the extension's global storage, loaded into
// the job store. This window either writes it (it holds the lock: jobs can start, statuses are
// polled), only follows another window's writes (read-only), or — when the journal cannot be
// opened at all — keeps the jobs it runs in memory only, so deletions stay possible while the
// engineer is told plainly that nothing is being saved. Opening runs after the views appear
// (`loading`): until it ends the store refuses changes, so nothing started meanwhile can escape the
// journal (commands wait for `whenLoaded()` first). No vscode in here.
import { promises as fs } from 'node:fs';
import { Journal, repairJournal, type JournalDamage, type JournalLoadReport, type JournalOptions, type RepairResult } from '../core/journal';
import type { JobState } from '../core/job';
import type { JobPersistence, JobStore } from '../core/jobStore';
import type { Logger } from '../core/logger';
import { errorMessage } from '../core/errorMessage';
import { ListenerSet } from '../core/listeners';
import { HistoryReadOnlyError, NothingToRepairError } from '../core/engineErrors';

/**
 * `loading`: the journal is being opened and read; `memory`: it could not be opened, jobs of this
 * window live in memory only.
 */
export type HistoryMode = 'loading' | 'writer' | 'reader' | 'memory' | 'closed';

export const HISTORY_LOADING_REASON = 'The erasure history is still loading; try again in a moment.';

/** The store's persistence while the journal loads: a job added now would be dropped by the load. */
const refuseWhileLoading: JobPersistence = {
  jobAdded: () => Promise.reject(new Error(HISTORY_LOADING_REASON)),
  stateChanged: () => Promise.reject(new Error(HISTORY_LOADING_REASON)),
  jobRemoved: () => Promise.reject(new Error(HISTORY_LOADING_REASON)),
  readOnlyReason: () => HISTORY_LOADING_REASON,
};

export interface HistorySessionOptions {
  /** The folder that holds journal.jsonl (the extension's global storage); created if missing. */
  folder: string;
  store: JobStore;
  /** Applied to every free-text field before it is written (the redactor). */
  redact: (text: string) => string;
  /** Read at every open: `userErasure.history.retentionDays`. */
  retentionDays: () => number;
  logger: Logger;
  /** Stops this window's runs before the journal closes (engine.stopAll('suspend')). */
  stopRuns: () => Promise<void>;
  /** Opens the journal; tests replace it to make opening fail. */
  openJournal?: (folder: string, options: JournalOptions) => Promise<Journal>;
  /** How often a read-only window looks for the writer's changes, ms (journal default: 1 s). */
  followMs?: number;
}

export class HistorySession {
  private journalValue: Journal | undefined;
  private modeValue: HistoryMode = 'closed';
  private failureValue: string | undefined;
  private opening: Promise<JournalLoadReport | undefined> | undefined;
  private journalSubscription: { dispose(): void } | undefined;
  private readonly listeners = new ListenerSet<HistoryMode>();

  constructor(private readonly options: HistorySessionOptions) {}

  get mode(): HistoryMode {
    return this.modeValue;
  }

  /** The open journal (undefined in memory mode and while closed). */
  get journal(): Journal | undefined {
    return this.journalValue;
  }

  /** Jobs can start, be retried and be checked in this window. */
  get canWrite(): boolean {
    return this.modeValue === 'writer' || this.modeValue === 'memory';
  }

  /** Why the journal is read-only until repaired (damaged lines, or not a journal at all). */
  get damage(): JournalDamage | undefined {
    return this.journalValue?.damage;
  }

  /** Why the journal could not be opened (memory mode). */
  get failure(): string | undefined {
    return this.failureValue;
  }

  onDidChangeMode(listener: (mode: HistoryMode) => void): { dispose(): void } {
    return this.listeners.add(listener);
  }

  /** Why this window cannot start, retry or resume jobs; undefined when it can. */
  readOnlyReason(): string | undefined {
    if (this.canWrite) return undefined;
    if (this.modeValue === 'loading') return HISTORY_LOADING_REASON;
    return this.journalValue?.readOnlyReason() ?? 'The erasure history is closed.';
  }

  /** Resolves once the history is loaded (at once when no load is under way); never rejects. */
  async whenLoaded(): Promise<void> {
    await this.opening;
  }

  /**
   * Opens the journal and loads its jobs into the store. Never throws: a journal that cannot be
   * opened leaves the session in memory mode (see `failure`); the load report is undefined then.
   * The mode is `loading` from the call on (synchronously) until the load ends.
   */
  open(): Promise<JournalLoadReport | undefined> {
    if (this.journalValue) return Promise.resolve(this.journalValue.lastLoad);
    if (this.opening) return this.opening;
    this.options.store.setPersistence(refuseWhileLoading);
    const opening = this.load().finally(() => {
      if (this.opening === opening) this.opening = undefined;
    });
    this.opening = opening;
    // Only now: a listener may run a command, which must find the load to wait for.
    this.setMode('loading');
    return opening;
  }

  private async load(): Promise<JournalLoadReport | undefined> {
    const { folder, store, redact, logger } = this.options;
    const open = this.options.openJournal ?? ((location, options) => Journal.open(location, options));
    try {
      await fs.mkdir(folder, { recursive: true });
      const journal = await open(folder, {
        store,
        redact,
        retentionDays: this.options.retentionDays(),
        logger,
        ...(this.options.followMs !== undefined ? { followMs: this.options.followMs } : {}),
      });
      this.journalValue = journal;
      this.failureValue = undefined;
      this.journalSubscription = journal.onDidChangeMode((mode) => this.setMode(mode));
      this.setMode(journal.mode);
      return journal.lastLoad;
    } catch (error) {
      this.failureValue = errorMessage(error);
      logger.error(`The erasure history in ${folder} could not be opened: ${this.failureValue}. Jobs of this window are kept in memory only.`);
      // Whatever a half-finished open loaded is dropped: changes to it could not be saved, and a
      // later Resume must never trust an in-memory state the file does not have.
      store.setPersistence(undefined);
      store.clearMemory();
      this.setMode('memory');
      return undefined;
    }
  }

  /** Writes what is queued and releases the lock (or stops following); a load under way ends first. */
  async close(): Promise<void> {
    await this.opening;
    this.journalSubscription?.dispose();
    this.journalSubscription = undefined;
    const journal = this.journalValue;
    this.journalValue = undefined;
    await journal?.close();
    this.setMode('closed');
  }

  /**
   * What a window reload does to the history: stop this window's runs (unsent IDs stay "not
   * sent"), close the journal, open it again and rebuild the jobs from the file. Refused in memory
   * mode while jobs exist, since they are nowhere else.
   */
  async reopen(): Promise<JournalLoadReport | undefined> {
    if (this.modeValue === 'memory' && this.options.store.list().length > 0) {
      throw new Error(
        'Jobs of this window are kept in memory only and would be lost: export them (Export History…), then reload the window to open the history again.',
      );
    }
    await this.options.stopRuns();
    await this.close();
    return this.open();
  }

  /**
   * Repairs the damaged journal (the original is kept as journal.jsonl.damaged-<time>), then
   * loads the repaired one: this window becomes its writer unless another one got there first.
   */
  async repair(): Promise<RepairResult> {
    const journal = this.journalValue;
    if (!journal?.damage) throw new NothingToRepairError();
    // The file in global storage is the extension's own: even one that is not a journal at all
    // (e.g. left empty by a crash) is set aside and replaced.
    const result = await repairJournal(journal.file, { replaceForeign: true });
    await journal.refresh();
    return result;
  }

  /** Removes every job `keep` does not name; the journal is rewritten so their IDs leave the disk. */
  async clearHistory(keep: (job: JobState) => boolean): Promise<number> {
    if (this.modeValue === 'writer' && this.journalValue) return this.journalValue.clearHistory(keep);
    if (this.modeValue !== 'memory') throw new HistoryReadOnlyError(this.readOnlyReason());
    const gone = this.options.store.list().filter((job) => !keep(job));
    for (const job of gone) await this.options.store.remove(job.id);
    return gone.length;
  }

  /** Applies a new retention now; returns how many jobs were dropped (0 where this window only reads). */
  async setRetentionDays(days: number): Promise<number> {
    await this.opening; // a load under way read the old setting
    return (await this.journalValue?.setRetentionDays(days)) ?? 0;
  }

  private setMode(mode: HistoryMode): void {
    if (mode === this.modeValue) return;
    this.modeValue = mode;
    this.listeners.fire(mode);
  }
}
