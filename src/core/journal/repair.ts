// Repair of a damaged journal: every line that loads is copied byte for byte, in order, to a new
// file (with a fresh header if the old one is unreadable); the lines that do not load are left
// out. A left-out line may have held the only record of an ID ("sending" before a request): so the
// IDs of the jobs it may concern that now look never sent are recorded "unknown" (may have been
// sent), and resume never sends them a second time. The original stays as it was, under
// FILE.damaged-<time> (a hard link: same bytes, same modification time), and only then does the
// new file take its name. Refused while another process holds the journal's lock, for a file
// that is not a journal, and for a newer format.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeExclusiveTemp } from '../exclusiveFile';
import { DamagedJournalError, type JournalDamage } from './damage';
import { fileExists, realJournalFile, restrictToOwner, syncDirectory } from './files';
import type { JobState } from '../job';
import { withChecksum } from './checksum';
import { encodeRanges, type JournalRecord } from './format';
import { Journal, headerLine, resolveJournalFile } from './journal';
import { JournalLock, isCode, type LockInfo, type LockOptions } from './lock';

export interface RepairOptions {
  lock?: LockOptions;
  now?: () => number;
  /**
   * A file that is not a journal at all is set aside too and replaced by an empty journal (the
   * extension's own history file, which nobody else writes); by default it is refused untouched.
   */
  replaceForeign?: boolean;
}

export type RepairResult =
  | { repaired: false; file: string }
  | {
      repaired: true;
      file: string;
      /** Where the original now is (unchanged). */
      damagedCopy: string;
      damage: JournalDamage;
      /** Lines copied to the repaired journal (the header included). */
      keptLines: number;
      /** Lines left out (they remain in the damaged copy). */
      droppedLines: readonly number[];
      jobs: number;
      /** IDs that looked never sent in a job a left-out line may concern: recorded "unknown". */
      markedUnknown: number;
    };

/** The journal is held by another process (a running user-erasure or a VS Code window). */
export class JournalInUseError extends Error {
  override name = 'JournalInUseError';
  constructor(
    readonly file: string,
    readonly holder: LockInfo | undefined,
  ) {
    const who = holder?.pid ? `process ${holder.pid}${holder.host ? ` on ${holder.host}` : ''}` : 'another process';
    super(`the journal ${file} is in use by ${who} (a running user-erasure or VS Code window): close it, then repair`);
  }
}

export async function repairJournal(location: string, options: RepairOptions = {}): Promise<RepairResult> {
  const resolved = await resolveJournalFile(location);
  if (!(await fileExists(resolved))) throw new Error(`no journal at ${resolved}`);
  const file = await realJournalFile(resolved);
  const lock = new JournalLock(`${file}.lock`, options.lock);
  if (!(await lock.tryAcquire())) throw new JournalInUseError(file, await lock.holder());
  try {
    const found = await Journal.examine(file);
    if (found.newerVersion !== undefined) {
      throw new Error(`the journal ${file} was written by a newer version of User Erasure (format ${found.newerVersion}): repair it with that version`);
    }
    if (!found.damage) return { repaired: false, file };
    const foreign = found.damage.kind === 'not-a-journal';
    if (foreign && !options.replaceForeign) throw new DamagedJournalError(found.damage);

    const now = options.now ?? Date.now;
    const bad = new Set(found.badLines);
    let keptLines = 0;
    let markedUnknown = 0;
    const temp = await writeExclusiveTemp(file, async (handle) => {
      if (!found.header || foreign) {
        await handle.writeFile(headerLine(now()));
        keptLines++;
      }
      if (!foreign) {
        const dropped: string[] = [];
        keptLines += await copyLines(file, handle, (lineNo) => !bad.has(lineNo), (lineNo, text) => (lineNo === 1 && !found.header ? undefined : dropped.push(text)));
        const marks = unknownMarks(concernedJobs(found.jobs, dropped), now());
        for (const mark of marks) await handle.writeFile(mark.line);
        markedUnknown = marks.reduce((n, m) => n + m.ids, 0);
      }
    });

    const check = await Journal.examine(temp);
    if (check.damage) {
      await fs.rm(temp, { force: true });
      throw new Error(`the repaired journal would not load cleanly (${check.damage.problems[0] ?? 'unknown problem'}); nothing was changed`);
    }
    const damagedCopy = await keepOriginal(file, now());
    await fs.rename(temp, file);
    await syncDirectory(path.dirname(file));
    await restrictToOwner(damagedCopy);
    return { repaired: true, file, damagedCopy, damage: found.damage, keptLines, droppedLines: foreign ? [] : found.badLines, jobs: check.jobs.length, markedUnknown };
  } finally {
    await lock.release();
  }
}

/** FILE.damaged-20261206T112233Z (a second one in the same second gets -2, -3, …). */
async function keepOriginal(file: string, at: number): Promise<string> {
  const stamp = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  for (let n = 1; ; n++) {
    const copy = `${file}.damaged-${stamp}${n === 1 ? '' : `-${n}`}`;
    try {
      await fs.link(file, copy);
      return copy;
    } catch (error) {
      if (isCode(error, 'EEXIST')) continue;
      // No hard links on this file system: an exclusive copy, with the original's times.
      try {
        await fs.copyFile(file, copy, fs.constants.COPYFILE_EXCL);
      } catch (copyError) {
        if (isCode(copyError, 'EEXIST')) continue;
        throw copyError;
      }
      const stat = await fs.stat(file);
      await fs.utimes(copy, stat.atime, stat.mtime);
      return copy;
    }
  }
}

export const UNKNOWN_AFTER_REPAIR = 'a record of this job was on a damaged journal line left out by repair: this ID may have been sent';

/**
 * The jobs a left-out line may concern: those it names ("j":"<job>"); every job when a line
 * names none that is known (its job id itself damaged, or a line that is not a record at all).
 */
function concernedJobs(jobs: readonly JobState[], dropped: readonly string[]): JobState[] {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const concerned = new Set<JobState>();
  for (const text of dropped) {
    const named = [...text.matchAll(/"j":"([^"\\]*)"/g)].map((m) => byId.get(m[1])).filter((job): job is JobState => job !== undefined);
    if (named.length === 0) return [...jobs];
    for (const job of named) concerned.add(job);
  }
  return [...concerned];
}

/** State records marking the IDs of these jobs that look never sent (planned) as "unknown". */
function unknownMarks(jobs: readonly JobState[], at: number): { line: string; ids: number }[] {
  const marks: { line: string; ids: number }[] = [];
  for (const job of jobs) {
    job.targets.forEach((target, x) => {
      const planned = target.indicesWhere((o) => o === 'planned');
      if (planned.length === 0) return;
      const record: JournalRecord = { t: 's', j: job.id, x, i: encodeRanges(planned), r: { o: 'unknown', m: UNKNOWN_AFTER_REPAIR, at } };
      marks.push({ line: withChecksum(JSON.stringify(record)) + '\n', ids: planned.length });
    });
  }
  return marks;
}

/**
 * Copies the complete lines (newline included) that `keep` accepts by number (1-based), as bytes;
 * the others (and a cut-off last line) go to `drop` as text. Returns how many were copied.
 */
async function copyLines(file: string, out: fs.FileHandle, keep: (lineNo: number) => boolean, drop: (lineNo: number, text: string) => void): Promise<number> {
  const input = await fs.open(file, 'r');
  let kept = 0;
  try {
    let lineNo = 0;
    let pending: Buffer[] = [];
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    const pieces: Buffer[] = [];
    const flush = async () => {
      if (pieces.length > 0) await out.writeFile(Buffer.concat(pieces.splice(0)));
    };
    for (;;) {
      const { bytesRead } = await input.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      const data = chunk.subarray(0, bytesRead);
      let start = 0;
      for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10, start)) {
        lineNo++;
        const line = pending.length > 0 ? Buffer.concat([...pending, data.subarray(start, nl + 1)]) : Buffer.from(data.subarray(start, nl + 1));
        pending = [];
        const text = line.toString('utf8');
        if (text.trim() === '') {
          // nothing to keep
        } else if (keep(lineNo)) {
          pieces.push(line);
          kept++;
        } else {
          drop(lineNo, text);
        }
        start = nl + 1;
      }
      if (start < data.length) pending.push(Buffer.from(data.subarray(start)));
      await flush();
    }
    // What follows the last newline is a cut-off line: never copied.
    if (pending.length > 0) drop(lineNo + 1, Buffer.concat(pending).toString('utf8'));
    await flush();
  } finally {
    await input.close();
  }
  return kept;
}
