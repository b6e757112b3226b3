// The journal's public face: open it at a directory (the extension's global storage) or a file
// (the CLI's --journal), get the jobs it holds loaded into a store, and whether this process
// writes it or only follows another window's writes.
import type { JobState } from '../job';
import { Journal, type JournalLoadReport, type JournalOptions } from './journal';

export { Journal, ReadOnlyJournalError, UNKNOWN_AFTER_RELOAD, resolveJournalFile } from './journal';
export type { JournalExamination, JournalLoadReport, JournalMode, JournalOptions } from './journal';
export { DamagedJournalError, damageSentence, lineList, type JournalDamage } from './damage';
export { repairJournal, type RepairOptions, type RepairResult } from './repair';
export type { JournalResult, TextRedactor } from './format';
export { JournalLock, type LockInfo, type LockOptions } from './lock';

export interface OpenedJournal {
  journal: Journal;
  /** The jobs loaded, newest first (also in `journal.store`). */
  jobs: JobState[];
  report: JournalLoadReport;
}

/**
 * Opens the journal and loads it into `options.store` (or a new store). In the window that gets
 * the lock the journal is the store's persistence (every change appended durably); elsewhere it
 * is read-only, follows the writer's changes and takes over when the writer is gone.
 */
export async function openJournal(location: string, options: JournalOptions = {}): Promise<OpenedJournal> {
  const journal = await Journal.open(location, options);
  return { journal, jobs: journal.store.list(), report: journal.lastLoad };
}
