// --journal FILE: the extension's own journal (same format, same lock), opened by the CLI. The
// job's every state change is appended durably before and after each request, so `resume` knows
// exactly which IDs never left, and `status` / `export` read the same history.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Journal, resolveJournalFile } from '../core/journal';
import type { JobStore } from '../core/jobStore';
import type { Redactor } from '../core/redact';
import { ConfigurationError } from './environment';
import type { CliOutput } from './output';

export interface OpenJournalOptions {
  /** status / resume / export: the file must exist already (delete creates it). */
  mustExist: boolean;
  /** delete / resume: this process must be the journal's writer (no other process holds its lock). */
  mustWrite: boolean;
}

export async function openCliJournal(
  location: string,
  store: JobStore,
  redactor: Redactor,
  output: CliOutput,
  options: OpenJournalOptions,
): Promise<Journal> {
  const file = await journalFileOf(location);
  if (!(await exists(file))) {
    if (options.mustExist) throw new ConfigurationError(`no journal at ${file} (--journal names the file a delete --journal wrote)`);
    await createEmpty(file);
  }
  let journal: Journal;
  try {
    journal = await Journal.open(file, { store, redact: (text) => redactor.redactText(text), followMs: 0 });
  } catch (error) {
    throw new ConfigurationError(`cannot open the journal ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const load = journal.lastLoad;
  for (const problem of load.problems) output.err(`journal ${file}: ${problem}`);
  if (load.unknownAfterCrash > 0) {
    output.err(`journal ${file}: ${load.unknownAfterCrash} ID(s) were sent by a run that stopped before their answer came; they are now "unknown" (never sent again by resume)`);
  }
  if (options.mustWrite && journal.mode !== 'writer') {
    const holder = journal.writer;
    await journal.close();
    const who = holder?.pid ? `process ${holder.pid}${holder.host ? ` on ${holder.host}` : ''}` : 'another process';
    throw new ConfigurationError(`the journal ${file} is in use by ${who} (a running user-erasure or VS Code window); nothing was sent — try again when it has finished`);
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

async function createEmpty(file: string): Promise<void> {
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await (await fs.open(file, 'a', 0o600)).close();
  } catch (error) {
    throw new ConfigurationError(`cannot create the journal ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch {
    return false;
  }
}
