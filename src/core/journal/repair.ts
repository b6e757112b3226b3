// Repair of a damaged journal: every line that loads is copied byte for byte, in order, to a new
// file (with a fresh header if the old one is unreadable); the lines that do not load are left
// out. A left-out line may have held the only record of an ID ("sending" before a request): so the
// IDs of the jobs it may concern that now look never sent are recorded "unknown" (may have been
// sent), and resume never sends them a second time. A cut-off end may concern every job: the
// file may have lost more than that line. The original stays as it was, under
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
import { Journal, READ_CHUNK_BYTES, headerLine, readLines, resolveJournalFile } from './journal';

const NEWLINE = Buffer.from('\n');
import { JournalLock, isCode, type LockOptions } from './lock';

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

export async function repairJournal(location: string, options: RepairOptions = {}): Promise<RepairResult> {
  const resolved = await resolveJournalFile(location);
  if (!(await fileExists(resolved))) throw new Error(`no journal at ${resolved}`);
  const file = await realJournalFile(resolved);
  const lock = new JournalLock(`${file}.lock`, options.lock);
  if (!(await lock.tryAcquire())) {
    const holder = await lock.holder();
    throw new Error(`the journal ${file} is in use by ${holder?.pid ? `process ${holder.pid}` : 'another process'} (a running user-erasure or VS Code window): close it, then repair`);
  }
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
        const kept: Buffer[] = [];
        const read = await readLines(file, READ_CHUNK_BYTES, (buf, start, end, lineNo) => {
          if (end === start) return;
          if (!bad.has(lineNo)) kept.push(Buffer.from(buf.subarray(start, end + 1)));
          else if (lineNo > 1 || found.header) dropped.push(buf.toString('utf8', start, end));
        });
        // A cut-off last line: the file may have been cut short later, so lines of any job may be gone after it.
        const cutShort = read.tail !== '';
        // Each kept line with its newline (the last one's may be missing if the file was cut there).
        for (const line of kept) await handle.writeFile(line[line.length - 1] === 10 ? line : Buffer.concat([line, NEWLINE]));
        keptLines += kept.length;
        const marks = unknownMarks(cutShort ? found.jobs : concernedJobs(found.jobs, dropped), now());
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

/**
 * FILE.damaged-20261206T112233Z (a second one in the same second gets -2, -3, …): a hard link, so
 * the very same bytes and times; where links are not supported, an exclusive copy with its times.
 */
async function keepOriginal(file: string, at: number): Promise<string> {
  const stamp = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  for (let n = 1; ; n++) {
    const copy = `${file}.damaged-${stamp}${n === 1 ? '' : `-${n}`}`;
    try {
      await fs.link(file, copy).catch(async (error: unknown) => {
        if (isCode(error, 'EEXIST')) throw error;
        await fs.copyFile(file, copy, fs.constants.COPYFILE_EXCL);
        const stat = await fs.stat(file);
        await fs.utimes(copy, stat.atime, stat.mtime);
      });
      return copy;
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
    }
  }
}

export const UNKNOWN_AFTER_REPAIR = 'a record of this job was on a damaged journal line left out by repair: this ID may have been sent';

/**
 * The jobs a left-out line may concern: those it names ("j":"<job>"); every job when a line
 * names none that is known (its job id itself damaged, or a line that is not a record at all).
 * (A cut-off end concerns every job: what followed the cut is lost, whoever wrote it.)
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
