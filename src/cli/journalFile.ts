// --journal FILE: the extension's own journal (same format, same lock, the real path behind a
// symbolic link), opened by the CLI. The job's every state change is appended durably before and
// after each request, so `resume` knows exactly which IDs never left, and `status` / `export`
// read the same history. A file that is not a journal, or a damaged one, is never written.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Journal, damageSentence, resolveJournalFile } from '../core/journal';
import type { JobStore } from '../core/jobStore';
import type { Redactor } from '../core/redact';
import { ConfigurationError } from './environment';
import type { CliOutput } from './output';
import { errorMessage } from '../core/errorMessage';

export interface OpenJournalOptions {
  /** status / resume / export: the file must exist already (delete creates it). */
  mustExist: boolean;
  /** delete / resume: this process must be the journal's writer (no other process holds its lock). */
  mustWrite: boolean;
}

/**
 * Opens --journal FILE. A file that is not a journal (a CSV, notes, an empty file) is refused
 * before anything is written; a damaged journal is never written: delete and resume refuse it
 * (exit 2, nothing sent), status and export show what could be read, read-only.
 */
export async function openCliJournal(
  location: string,
  store: JobStore,
  redactor: Redactor,
  output: CliOutput,
  options: OpenJournalOptions,
): Promise<Journal> {
  const file = await journalFileOf(location);
  if (options.mustExist && !(await exists(file))) {
    throw new ConfigurationError(`no journal at ${file} (--journal names the file a delete --journal wrote)`);
  }
  let journal: Journal;
  try {
    journal = await Journal.open(file, { store, redact: (text) => redactor.redactText(text), followMs: 0, create: !options.mustExist });
  } catch (error) {
    throw new ConfigurationError(`cannot open the journal ${file}: ${errorMessage(error)}`);
  }
  const damage = journal.damage;
  if (damage?.kind === 'not-a-journal') {
    await journal.close();
    throw new ConfigurationError(`${damageSentence(damage)}. --journal names a journal written by user-erasure or VS Code, or a file that does not exist yet (it is created)`);
  }
  if (damage) {
    for (const problem of damage.problems) output.err(`journal ${journal.file}: ${problem}`);
    if (options.mustWrite) {
      await journal.close();
      throw new ConfigurationError(
        `${damageSentence(damage)}. Nothing was sent: an ID whose records are on a damaged line could be sent a second time, and nothing can be added to a journal that cannot be read back. ` +
          `Run user-erasure repair --journal ${journal.file} (the original is kept as a .damaged- copy), check it with status, then try again.`,
      );
    }
    output.err(`user-erasure: ${damageSentence(damage)}: showing what could be read. Run user-erasure repair --journal ${journal.file} to repair it.`);
    return journal;
  }
  const load = journal.lastLoad;
  for (const problem of load.problems) output.err(`journal ${journal.file}: ${problem}`);
  if (load.unknownAfterCrash > 0) {
    output.err(`journal ${journal.file}: ${load.unknownAfterCrash} ID(s) were sent by a run that stopped before their answer came; they are now "unknown" (never sent again by resume)`);
  }
  if (options.mustWrite && journal.mode !== 'writer') {
    const holder = journal.writer;
    await journal.close();
    const who = holder?.pid ? `process ${holder.pid}${holder.host ? ` on ${holder.host}` : ''}` : 'another process';
    throw new ConfigurationError(`the journal ${journal.file} is in use by ${who} (a running user-erasure or VS Code window); nothing was sent — try again when it has finished`);
  }
  return journal;
}

/**
 * FILE is the journal file itself, whatever its name; a directory (e.g. the extension's global
 * storage) means the journal.jsonl inside it, as the extension resolves it.
 */
export async function journalFileOf(location: string): Promise<string> {
  const absolute = path.resolve(location);
  try {
    if ((await fs.stat(absolute)).isDirectory()) return resolveJournalFile(absolute);
  } catch {
    // not there yet: a file
  }
  return absolute;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch {
    return false;
  }
}
