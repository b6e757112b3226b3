// The durable history of every job: an append-only JSON-lines file that the window holding the
// lock writes (group commit: the appends of one event-loop turn, and all that arrive while an
// fsync runs, share one write + fsync; each caller waits for the commit that holds its line; an
// intent ("sending") starts its commit at once, its request waits on it) and that
// other windows follow read-only. Loading rebuilds the jobs (an ID left "sending" by a crash
// becomes "unknown") from the file read in pieces, state records of the usual layout straight
// from their bytes (stateLine.ts). A journal with any line that cannot be read (or a cut-off last
// line) is evidence in question: it is opened read-only and never written (damage.ts) until
// repaired (repair.ts). A compaction rewrites a clean file as one snapshot per job (temp file +
// rename) when it has grown well beyond its live content, or when a job was removed (so removed
// IDs leave the disk promptly). The file is always the real path (a symbolic link resolved), so
// every opener shares one lock.
import { promises as fs, constants as fsConstants, statSync } from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../errorMessage';
import { type IdResult, type JobSpec, JobState } from '../job';
import { JobStore, type JobPersistence } from '../jobStore';
import { writeExclusiveTemp } from '../exclusiveFile';
import { silentLogger, type Logger } from '../logger';
import { checkLine, withChecksum } from './checksum';
import { jobLineBytes } from './jobLine';
import { CompactionPolicy, type CompactionThresholds } from './compaction';
import { DamagedJournalError, damageSentence, type JournalDamage } from './damage';
import { createJournalFile, fileExists, realJournalFile, restrictToOwner, syncDirectory } from './files';
import {
  JOURNAL_FORMAT,
  JOURNAL_VERSION,
  applyRanges,
  decodeRanges,
  encodeJob,
  encodeRanges,
  encodeResult,
  encodeSnapshot,
  isObject,
  lastActivityOf,
  type JournalRecord,
  type JournalResult,
  type TextRedactor,
} from './format';
import { JournalLock, isCode, type LockInfo, type LockOptions } from './lock';
import { applyRecord, applyState, type JobSink } from './reduce';
import { StateLineReader } from './stateLine';
import { ListenerSet } from '../listeners';
import { HistoryReadOnlyError } from '../engineErrors';

export type JournalMode = 'writer' | 'reader' | 'closed';

export interface JournalOptions extends CompactionThresholds {
  /** The store the jobs are loaded into (and whose changes are journaled); default: a new one. */
  store?: JobStore;
  /** Applied to every free-text field (titles, messages, requests, references) before writing. */
  redact?: TextRedactor;
  /** Drop jobs whose last change is older than this many days (on open and compaction); 0 = keep all. */
  retentionDays?: number;
  lock?: LockOptions;
  /** fsync every group commit (default true; tests of pure logic may turn it off). */
  fsync?: boolean;
  /** How a group commit makes its lines durable (default: fdatasync); tests slow it down or watch it. */
  sync?: (file: fs.FileHandle) => Promise<void>;
  /** Time of records this journal writes itself (sending → unknown) and of retention (default Date.now). */
  now?: () => number;
  /** How often a read-only journal looks for new lines and a free lock, ms (default 1000; 0 = only on refresh()). */
  followMs?: number;
  /** Loading reads the file in pieces of this many bytes (default 8 MiB). */
  readChunkBytes?: number;
  /** Create the journal (with its header) where no file exists (default true). */
  create?: boolean;
  logger?: Logger;
}

export interface JournalLoadReport {
  file: string;
  mode: JournalMode;
  jobs: number;
  ids: number;
  lines: number;
  bytes: number;
  loadMs: number;
  /** Corrupt or unreadable lines (line number and reason); the rest was loaded. */
  problems: string[];
  /** IDs whose request was sent but whose answer was never recorded (now "unknown"). */
  unknownAfterCrash: number;
  droppedByRetention: number;
  /** Set when the journal is damaged or not a journal: open read-only, never written. */
  damage?: JournalDamage;
}

export class ReadOnlyJournalError extends HistoryReadOnlyError {
  override name = 'ReadOnlyJournalError';
}

/** The path no longer names the file this writer appends to: what it writes would reach no reader. */
export class JournalFileGoneError extends Error {
  override name = 'JournalFileGoneError';
  constructor(file: string) {
    super(
      `the journal ${file} was replaced or removed while this process was writing it, so nothing more is sent (a request leaves only once its intent is in the journal). ` +
        'The file now at that path lacks this run\'s latest records: IDs it shows as not sent may have been sent; check them at the vendor before resuming from it',
    );
  }
}

const MAX_PROBLEMS = 50;
export const READ_CHUNK_BYTES = 8 * 1024 * 1024;
const COMPACT_AFTER_REMOVAL_MS = 200;
const DAY_MS = 24 * 60 * 60 * 1000;
const JOURNAL_FILE_NAME = 'journal.jsonl';
export const UNKNOWN_AFTER_RELOAD = 'sent, but no answer was recorded before the window closed or crashed';

/**
 * Where the journal lives: an existing directory, or a path without an extension (created as a
 * directory), holds `journal.jsonl`; anything else is the journal file itself. The lock is the
 * file's path plus `.lock`.
 */
export async function resolveJournalFile(location: string): Promise<string> {
  const absolute = path.resolve(location);
  try {
    const stat = await fs.stat(absolute);
    return stat.isDirectory() ? path.join(absolute, JOURNAL_FILE_NAME) : absolute;
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
  const looksLikeDir = /[\\/]$/.test(location) || path.extname(absolute) === '';
  return looksLikeDir ? path.join(absolute, JOURNAL_FILE_NAME) : absolute;
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

interface ParsedFile {
  jobs: Map<string, JobState>;
  problems: string[];
  problemCount: number;
  lines: number;
  /** Bytes of complete lines (the tail after them is a line still being written, or torn). */
  goodEnd: number;
  tornTail: boolean;
  size: number;
  /** Bytes of the 'j'/'S' lines of jobs still present (live content estimate). */
  baseBytes: number;
  /** Bytes of lines of removed jobs. */
  deadBytes: number;
  /** Every line that could not be read or applied (the cut-off tail included), in order. */
  badLines: number[];
  /** Lines read and applied (the header excluded). */
  records: number;
  /** The first line is a journal header. */
  header: boolean;
  /** Format version of the header when it is newer than this code understands. */
  newerVersion?: number;
}

/** The journal was written by a newer version: this one may read it but must not rewrite it. */
class NewerJournalError extends Error {}

export class Journal implements JobPersistence {
  readonly store: JobStore;
  readonly lock: JournalLock;
  private modeValue: JournalMode = 'reader';
  private readonly redact: TextRedactor;
  private readonly now: () => number;
  private readonly logger: Logger;
  private retentionDays: number;

  private handle: fs.FileHandle | undefined;
  /** Device and inode of the file the handle appends to, to notice the path naming another file. */
  private handleIdentity = '';
  /** Set once the path stopped naming the file being appended to: every later commit fails. */
  private fileGone: JournalFileGoneError | undefined;
  /** The handle is opened with O_DSYNC (see openForAppend): a write returns once its bytes are on disk. */
  private readonly writesAreDurable: boolean;
  private size = 0;
  /** Lines waiting for the next group commit: strings, or a job's line already as bytes. */
  private queue: (string | Buffer)[] = [];
  private waiters: Waiter[] = [];
  private flushScheduled = false;
  /** The commit waiting for the end of this event-loop turn, until it is handed to the chain. */
  private pendingTurn: NodeJS.Immediate | undefined;
  private chain: Promise<void> = Promise.resolve();
  private nextGrowthCheck = 0;
  private readonly compaction: CompactionPolicy;
  private compactPending = false;
  private compactTimer: NodeJS.Timeout | undefined;
  private counters = { commits: 0, records: 0, compactions: 0 };

  /** Target index by key, per job (state records name targets by index). */
  private readonly targetIndex = new Map<string, Map<string, number>>();
  private readonly lastActivity = new Map<string, number>();

  // Reader state.
  private offset = 0;
  private inode: number | undefined;
  /** The loaded file has checksummed lines: an appended line without one is not this program's. */
  private checksummed = false;
  private followTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private holderInfo: LockInfo | undefined;
  private newerFormat: number | undefined;
  private damageValue: JournalDamage | undefined;
  /** The file as it was when the damage was found: nothing is tried again until it changes (a repair). */
  private damageStamp = '';

  private readonly modeListeners = new ListenerSet<JournalMode>();
  private report: JournalLoadReport;

  private constructor(
    readonly file: string,
    private readonly options: JournalOptions,
  ) {
    this.store = options.store ?? new JobStore();
    this.lock = new JournalLock(`${file}.lock`, options.lock);
    this.redact = options.redact ?? ((text) => text);
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.retentionDays = options.retentionDays ?? 0;
    this.compaction = new CompactionPolicy(options);
    this.report = emptyReport(file);
    this.writesAreDurable = options.fsync !== false && !options.sync && process.platform === 'linux' && fsConstants.O_DSYNC !== undefined;
  }

  /**
   * Opens (creating if needed) the journal at a directory or file, loads its jobs into the store.
   * A damaged journal, or a file that is not a journal, opens read-only (see `damage`).
   */
  static async open(location: string, options: JournalOptions = {}): Promise<Journal> {
    const resolved = await resolveJournalFile(location);
    await fs.mkdir(path.dirname(resolved), { recursive: true });
    const journal = new Journal(await realJournalFile(resolved), options);
    if (await journal.lock.tryAcquire()) {
      try {
        await journal.startWriting();
      } catch (error) {
        await journal.lock.release();
        if (error instanceof DamagedJournalError) {
          await journal.startReading(error.damage);
        } else {
          if (!(error instanceof NewerJournalError)) throw error;
          await journal.startReading();
        }
      }
    } else {
      await journal.startReading();
    }
    return journal;
  }

  /** Reads the file without locking or writing anything: what `repair` keeps and drops. */
  static async examine(file: string, options: Pick<JournalOptions, 'readChunkBytes'> = {}): Promise<JournalExamination> {
    const journal = new Journal(file, { ...options, store: new JobStore() });
    const parsed = await journal.parseFile();
    return {
      damage: damageOf(file, parsed),
      badLines: parsed.badLines,
      header: parsed.header,
      newerVersion: parsed.newerVersion,
      jobs: [...parsed.jobs.values()],
      records: parsed.records,
    };
  }

  /** Why this journal is read-only for good (until repaired): damaged lines, or not a journal at all. */
  get damage(): JournalDamage | undefined {
    return this.damageValue;
  }

  get mode(): JournalMode {
    return this.modeValue;
  }

  /** The report of the last (re)load: counts, time, corrupt lines. */
  get lastLoad(): JournalLoadReport {
    return this.report;
  }

  /** Who writes the journal when this window only reads it. */
  get writer(): LockInfo | undefined {
    return this.modeValue === 'reader' ? this.holderInfo : undefined;
  }

  get fileSize(): number {
    return this.size;
  }

  /** Group commits (write + fsync) and records written since open, and compactions run. */
  get stats(): { commits: number; records: number; compactions: number; fileBytes: number } {
    return { ...this.counters, fileBytes: this.size };
  }

  onDidChangeMode(listener: (mode: JournalMode) => void): { dispose(): void } {
    return this.modeListeners.add(listener);
  }

  /** Why this window cannot start, retry or resume jobs; undefined when it can. */
  readOnlyReason(): string | undefined {
    if (this.modeValue === 'writer') return undefined;
    if (this.modeValue === 'closed') return 'The erasure history is closed.';
    if (this.damageValue) {
      const sentence = damageSentence(this.damageValue);
      const fix = this.damageValue.kind === 'damaged' ? ' Repair it: Repair History… in VS Code, or user-erasure repair --journal FILE.' : '';
      return `${sentence[0].toUpperCase()}${sentence.slice(1)}.${fix}`;
    }
    if (this.newerFormat !== undefined) {
      return `The erasure history was written by a newer version of User Erasure (format ${this.newerFormat}); this version only reads it. Update the extension to start, retry or resume jobs.`;
    }
    const who = this.holderInfo?.pid ? ` (process ${this.holderInfo.pid}${this.holderInfo.host ? ` on ${this.holderInfo.host}` : ''})` : '';
    return (
      `The erasure history is open read-only here: another window${who} writes it and checks pending statuses. ` +
      'Start, retry or resume jobs there, or close it; this window takes over on its own once it is gone.'
    );
  }

  // -------------------------------------------------------------------------------------------
  // JobPersistence

  async jobAdded(spec: JobSpec): Promise<void> {
    this.assertWriter();
    const line = jobLineBytes({ t: 'j', job: encodeJob(spec, this.redact) });
    this.indexTargets(spec);
    this.lastActivity.set(spec.id, spec.createdAt);
    // A new job's line is live: it never makes the file worth compacting, so it does not bring the
    // growth check closer (which would encode a snapshot of a 1,000,000-ID job only to keep the file).
    this.nextGrowthCheck += line.length;
    await this.enqueue(line);
  }

  async stateChanged(jobId: string, targetKey: string, indices: readonly number[], result: IdResult): Promise<void> {
    this.assertWriter();
    const x = this.targetIndex.get(jobId)?.get(targetKey);
    if (x === undefined) throw new Error(`journal: job ${jobId} has no target ${targetKey}`);
    const record: JournalRecord = { t: 's', j: jobId, x, i: encodeRanges(indices), r: encodeResult(result, this.redact) };
    if (result.at > (this.lastActivity.get(jobId) ?? 0)) this.lastActivity.set(jobId, result.at);
    // An intent holds its request until it is durable: its commit starts now, not after the turn.
    await this.append(JSON.stringify(record), result.outcome === 'sending');
  }

  async jobRemoved(jobId: string): Promise<void> {
    this.assertWriter();
    await this.append(JSON.stringify({ t: 'r', j: jobId, at: this.now() } satisfies JournalRecord));
    this.targetIndex.delete(jobId);
    this.lastActivity.delete(jobId);
    // Removed IDs leave the disk at the next compaction; run it soon.
    this.scheduleCompaction();
  }

  // -------------------------------------------------------------------------------------------
  // History management

  /** Forgets every job (except those `keep` names, e.g. running ones) and rewrites the file. */
  async clearHistory(keep: (job: JobState) => boolean = () => false): Promise<number> {
    this.assertWriter();
    const gone = this.store.list().filter((job) => !keep(job));
    await Promise.all(gone.map((job) => this.store.remove(job.id)));
    await this.compact();
    return gone.length;
  }

  /** Changes the retention and applies it now; returns how many jobs were dropped. */
  async setRetentionDays(days: number): Promise<number> {
    this.retentionDays = Math.max(0, days);
    if (this.modeValue !== 'writer') {
      if (this.modeValue === 'reader') await this.reloadAsReader();
      return 0;
    }
    const expired = this.expiredJobs(this.store.list());
    await Promise.all(expired.map((job) => this.store.remove(job.id)));
    return expired.length;
  }

  /** Rewrites the journal as one snapshot per job (atomically: temp file, fsync, rename). */
  async compact(): Promise<void> {
    this.assertWriter();
    return this.exclusive(async () => {
      await settleMicrotasks();
      await this.writeSnapshot(this.snapshotLines());
    });
  }

  /** Resolves once every append issued so far is durable (and pending maintenance ran). */
  async flush(): Promise<void> {
    for (;;) {
      await this.chain;
      if (this.queue.length === 0 && !this.flushScheduled && !this.compactPending) return;
      await settleMicrotasks();
    }
  }

  /** Stops following, writes what is queued, releases the lock. */
  async close(): Promise<void> {
    if (this.modeValue === 'closed') return;
    this.stopFollowing();
    if (this.modeValue === 'writer') {
      await this.flush().catch(() => undefined);
      await this.handle?.close().catch(() => undefined);
      this.handle = undefined;
      await this.lock.release();
    }
    this.setMode('closed');
  }

  // -------------------------------------------------------------------------------------------
  // Reader: follow the writer's appends, take over when it is gone

  /** Reads what the writer appended (or everything, after a compaction) and tries to take over a stale lock. */
  refresh(): Promise<void> {
    if (this.modeValue !== 'reader') return Promise.resolve();
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    if (this.damageValue && (await fileStamp(this.file)) === this.damageStamp) return;
    if (this.newerFormat === undefined && (await this.lock.tryAcquire())) {
      this.stopFollowing();
      try {
        await this.startWriting();
      } catch (error) {
        await this.lock.release();
        if (error instanceof DamagedJournalError) {
          await this.startReading(error.damage);
          return;
        }
        this.logger.error(`journal: could not take over writing: ${errorMessage(error)}`);
        await this.startReading();
      }
      return;
    }
    this.holderInfo = await this.lock.holder();
    let stat;
    try {
      stat = await fs.stat(this.file);
    } catch (error) {
      if (!isCode(error, 'ENOENT')) throw error;
      if (this.offset > 0) await this.reloadAsReader();
      return;
    }
    if (stat.ino !== this.inode || stat.size < this.offset) {
      await this.reloadAsReader();
      return;
    }
    if (stat.size === this.offset) return;
    const handle = await fs.open(this.file, 'r');
    let chunk: Buffer;
    try {
      chunk = Buffer.alloc(stat.size - this.offset);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, this.offset);
      chunk = chunk.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
    const end = chunk.lastIndexOf(10);
    if (end < 0) return;
    const problems: string[] = [];
    forEachLine(chunk.subarray(0, end + 1), (text, lineNo) => {
      try {
        const sum = checkLine(Buffer.from(text), 0, Buffer.byteLength(text));
        if (sum === 'bad') throw new Error('checksum mismatch');
        if (sum === 'none' && this.checksummed && text.trim() !== '') throw new Error(MISSING_CHECKSUM);
        if (sum === 'ok') this.checksummed = true;
        applyRecord(JSON.parse(text) as unknown, this.followed);
      } catch (error) {
        problems.push(`appended line ${lineNo}: ${errorMessage(error)}`);
      }
    });
    this.offset += end + 1;
    for (const problem of problems) this.logger.warn(`journal ${this.file}: ${problem}`);
  }

  /** The store of a window that follows the writer: records land in it as changes already stored. */
  private readonly followed: JobSink = {
    get: (jobId) => this.store.get(jobId),
    added: (job) => {
      if (!this.isExpired(job.spec.createdAt)) this.store.restore(job);
    },
    replaced: (job) => {
      this.store.forget(job.id);
      this.store.restore(job);
    },
    removed: (jobId) => this.store.forget(jobId),
    stateOfMissingJob: () => undefined, // dropped by retention here, or removed
    state: (job, target, ranges, result) => this.store.applyStored(job, target, decodeRanges(ranges, target.size), result),
  };

  private async startReading(damage?: JournalDamage): Promise<void> {
    this.damageValue = damage;
    this.damageStamp = damage ? await fileStamp(this.file) : '';
    this.setMode('reader');
    this.holderInfo = await this.lock.holder();
    await this.reloadAsReader();
    if (damage) this.logger.warn(`journal: ${damageSentence(damage)}: ${damage.problems.join('; ')}`);
    this.store.setPersistence(this);
    const every = this.options.followMs ?? 1000;
    if (every > 0) {
      this.followTimer = setInterval(() => {
        this.refresh().catch((error) => this.logger.warn(`journal: refresh failed: ${errorMessage(error)}`));
      }, every);
      this.followTimer.unref();
    }
  }

  private stopFollowing(): void {
    if (this.followTimer) clearInterval(this.followTimer);
    this.followTimer = undefined;
  }

  private async reloadAsReader(): Promise<void> {
    const started = performance.now();
    const parsed = await this.parseFile();
    const jobs = [...parsed.jobs.values()];
    const kept = jobs.filter((job) => !this.isExpired(lastActivityOf(job)));
    this.store.clearMemory();
    for (const job of kept) this.store.restore(job);
    this.offset = parsed.goodEnd;
    this.size = parsed.size;
    // Damage is judged by an opener that holds the lock (a reader that follows a live writer sees
    // its last line half-written now and then); here it is only brought up to date.
    if (this.damageValue) this.damageValue = damageOf(this.file, parsed) ?? this.damageValue;
    this.report = this.makeReport(parsed, kept, started, 0, jobs.length - kept.length);
  }

  // -------------------------------------------------------------------------------------------
  // Writer: load, repair, and append

  private async startWriting(): Promise<void> {
    const started = performance.now();
    if (!(await fileExists(this.file))) {
      if (this.options.create === false) throw new Error(`no journal at ${this.file}`);
      if (await createJournalFile(this.file, headerLine(this.now()))) await syncDirectory(path.dirname(this.file));
    }
    const parsed = await this.parseFile();
    if (parsed.newerVersion !== undefined) {
      this.newerFormat = parsed.newerVersion;
      throw new NewerJournalError(`journal format ${parsed.newerVersion} is newer than ${JOURNAL_VERSION}`);
    }
    // Anything not loaded cleanly, a cut-off last line included (a crash while writing it looks
    // the same as a file cut short later): never truncated, appended to or compacted here.
    const damage = damageOf(this.file, parsed);
    if (damage) throw new DamagedJournalError(damage);
    this.damageValue = undefined;
    await restrictToOwner(this.file);
    this.handle = await this.openForAppend();
    this.size = parsed.size;

    const jobs = [...parsed.jobs.values()];
    const expired = this.expiredJobs(jobs);
    const kept = jobs.filter((job) => !expired.includes(job));
    this.targetIndex.clear();
    this.lastActivity.clear();
    for (const job of kept) {
      this.indexTargets(job.spec);
      this.lastActivity.set(job.id, lastActivityOf(job));
    }

    this.setMode('writer');
    this.store.setPersistence(undefined);
    this.store.clearMemory();
    for (const job of kept) this.store.restore(job);
    this.store.setPersistence(this);
    this.lock.startHeartbeat(() => void this.stepDown());

    const unknown = await this.markUnansweredAsUnknown(kept);

    const compactNow = expired.length > 0 || parsed.deadBytes > 0;
    this.nextGrowthCheck = this.compaction.nextCheck(parsed.baseBytes);
    if (compactNow) await this.compact();
    else this.checkGrowth();

    this.report = this.makeReport(parsed, kept, started, unknown, expired.length);
    for (const problem of this.report.problems) this.logger.warn(`journal ${this.file}: ${problem}`);
  }

  /** An ID whose last record is "sending" was sent by a window that is gone: its answer is unknown. */
  private async markUnansweredAsUnknown(jobs: readonly JobState[]): Promise<number> {
    let count = 0;
    const writes: Promise<void>[] = [];
    for (const job of jobs) {
      for (const target of job.targets) {
        const indices = target.indicesWhere((o) => o === 'sending');
        if (indices.length === 0) continue;
        count += indices.length;
        // Grouped by the "sending" record, so the time the request left is kept for audits.
        const bySend = new Map<number | undefined, number[]>();
        for (const i of indices) {
          const sentAt = target.resultAt(i)?.at;
          const group = bySend.get(sentAt);
          if (group) group.push(i);
          else bySend.set(sentAt, [i]);
        }
        for (const [sentAt, group] of bySend) {
          const result: JournalResult = { outcome: 'unknown', message: UNKNOWN_AFTER_RELOAD, at: this.now() };
          if (sentAt) result.requestedAt = sentAt;
          writes.push(this.store.record(job, target, group, result));
        }
      }
    }
    await Promise.all(writes);
    return count;
  }

  private async stepDown(): Promise<void> {
    if (this.modeValue !== 'writer') return;
    this.logger.warn(`journal ${this.file}: another window took over the lock; this window now only reads the history`);
    this.failQueued(new ReadOnlyJournalError('another window took over the erasure history'));
    await this.chain.catch(() => undefined);
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    await this.startReading();
  }

  private append(line: string, urgent = false): Promise<void> {
    return this.enqueue(withChecksum(line) + '\n', urgent);
  }

  /** Queues a finished line (checksum and newline included) for the next group commit. */
  private enqueue(line: string | Buffer, urgent = false): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push(line);
      this.waiters.push({ resolve, reject });
      this.scheduleFlush(urgent);
    });
  }

  /**
   * A commit after the appends of this event-loop turn, or (urgent) one that starts now and takes
   * what is queued so far. Either way it runs after the commit in progress, and takes everything
   * queued by the time it starts.
   */
  private scheduleFlush(urgent: boolean): void {
    if (this.flushScheduled) {
      if (!urgent || !this.pendingTurn) return;
      clearImmediate(this.pendingTurn);
    }
    this.flushScheduled = true;
    this.pendingTurn = undefined;
    const go = () => {
      this.pendingTurn = undefined;
      void this.exclusive(() => this.flushQueued());
    };
    if (urgent) go();
    else this.pendingTurn = setImmediate(go);
  }

  private async flushQueued(): Promise<void> {
    this.flushScheduled = false;
    const lines = this.queue;
    const waiters = this.waiters;
    this.queue = [];
    this.waiters = [];
    if (lines.length === 0) return;
    try {
      if (this.modeValue !== 'writer' || !this.handle) throw new ReadOnlyJournalError(this.readOnlyReason());
      if (!(await this.lock.ensureHeld())) {
        void this.stepDown();
        throw new ReadOnlyJournalError('another window took over the erasure history');
      }
      let written = 0;
      try {
        if (this.fileGone) throw this.fileGone;
        // One write per piece: a job's line (tens of MB as bytes) is not copied into one buffer.
        for (const data of toBuffers(lines)) {
          await this.handle.writeFile(data);
          written += data.length;
        }
        if (!this.writesAreDurable) await this.syncHandle(this.handle);
        // Whether this process still writes the journal: a journal replaced (an editor saving it) or
        // removed leaves this handle appending to a file nobody will read, and a lock file removed by
        // hand lets another process take the journal before the next heartbeat. Either way the commit
        // fails: its requests stay. (Both checks are synchronous: a few microseconds, where their
        // promise forms cost the main thread about 0.3 ms a commit and held requests back.)
        if (!this.fileAtPathIsOurs()) throw this.lostFile();
      } catch (error) {
        // The pieces already written may be on disk (with O_DSYNC they are): the cut must be too,
        // or a crash now would leave a torn last line, and a journal that opens read-only. Not in
        // a file another process now appends to: the cut would take its lines.
        const handle = this.handle;
        if (this.lock.stillHeld()) await handle.truncate(this.size).then(() => this.syncHandle(handle)).catch(() => undefined);
        throw error;
      }
      if (!this.lock.stillHeld()) {
        // These lines stay (whole, and the other writer's may follow them): they read as sent with
        // no answer, "unknown", which promises nothing about requests that will not leave.
        void this.stepDown();
        throw new ReadOnlyJournalError('another window took over the erasure history');
      }
      this.size += written;
      this.counters.commits++;
      this.counters.records += lines.length;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const w of waiters) w.reject(failure);
      return;
    }
    for (const w of waiters) w.resolve();
    this.checkGrowth();
  }

  private async syncHandle(handle: fs.FileHandle): Promise<void> {
    if (this.options.fsync !== false) await (this.options.sync ? this.options.sync(handle) : handle.datasync());
  }

  /**
   * On Linux the file is opened with O_DSYNC: each write returns once its bytes are on disk, which
   * saves a commit the second trip to the thread pool (a separate fdatasync) and so shortens the
   * time an intent holds its request back. Not on macOS, where O_DSYNC (like fdatasync) leaves the
   * bytes in the drive's cache and only Node's datasync (F_FULLFSYNC) makes them durable; Windows
   * has no O_DSYNC.
   */
  private async openForAppend(): Promise<fs.FileHandle> {
    const handle = await fs.open(this.file, fsConstants.O_APPEND | fsConstants.O_WRONLY | (this.writesAreDurable ? fsConstants.O_DSYNC : 0));
    this.handleIdentity = identityOf(await handle.stat());
    return handle;
  }

  private fileAtPathIsOurs(): boolean {
    const stat = statSync(this.file, { throwIfNoEntry: false });
    return stat !== undefined && identityOf(stat) === this.handleIdentity;
  }

  private lostFile(): JournalFileGoneError {
    this.fileGone = new JournalFileGoneError(this.file);
    this.logger.error(`journal: ${this.fileGone.message}`);
    return this.fileGone;
  }

  private failQueued(error: Error): void {
    const waiters = this.waiters;
    this.queue = [];
    this.waiters = [];
    for (const w of waiters) w.reject(error);
  }

  /** Runs maintenance and flushes one at a time, in order. */
  private exclusive(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task);
    this.chain = run.catch((error) => this.logger.error(`journal: ${errorMessage(error)}`));
    return run;
  }

  // -------------------------------------------------------------------------------------------
  // Compaction

  private checkGrowth(): void {
    if (this.size < this.nextGrowthCheck || this.compactPending) return;
    this.compactPending = true;
    void this.exclusive(async () => {
      this.compactPending = false;
      if (this.modeValue !== 'writer') return;
      await settleMicrotasks();
      const lines = this.snapshotLines();
      const live = lines.reduce((sum, line) => sum + line.length, 0);
      if (this.compaction.worthCompacting(this.size, live)) await this.writeSnapshot(lines);
      else this.nextGrowthCheck = this.compaction.nextCheckAfterDeclined(this.size, live);
    });
  }

  /** Soon after the last of a series of removals (Clear History removes jobs one by one). */
  private scheduleCompaction(): void {
    this.compactPending = true;
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.compactTimer = setTimeout(() => {
      this.compactTimer = undefined;
      void this.exclusive(async () => {
        this.compactPending = false;
        if (this.modeValue !== 'writer') return;
        await settleMicrotasks();
        await this.writeSnapshot(this.snapshotLines());
      });
    }, COMPACT_AFTER_REMOVAL_MS);
    this.compactTimer.unref();
  }

  /**
   * One snapshot line per job as bytes (built like a job's line: its ID lists apart), oldest first,
   * after the header; jobs past the retention are left out (and forgotten).
   */
  private snapshotLines(): Buffer[] {
    for (const job of this.expiredJobs(this.store.list())) {
      this.store.forget(job.id);
      this.targetIndex.delete(job.id);
      this.lastActivity.delete(job.id);
    }
    const jobs = this.store.list().reverse();
    const lines: Buffer[] = [Buffer.from(headerLine(this.now()), 'utf8')];
    for (const job of jobs) lines.push(jobLineBytes(encodeSnapshot(job, this.redact)));
    return lines;
  }

  private async writeSnapshot(lines: readonly Buffer[]): Promise<void> {
    if (this.modeValue !== 'writer') return;
    let bytes = 0;
    const temp = await writeExclusiveTemp(this.file, async (out) => {
      for (const line of lines) {
        await out.writeFile(line);
        bytes += line.length;
      }
    });
    await this.handle?.close();
    this.handle = undefined;
    try {
      await renameWithRetry(temp, this.file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      this.handle = await this.openForAppend();
      throw error;
    }
    await syncDirectory(path.dirname(this.file));
    this.handle = await this.openForAppend();
    this.size = bytes;
    this.counters.compactions++;
    this.nextGrowthCheck = this.compaction.nextCheck(bytes);
    this.logger.info(`journal ${this.file}: compacted to ${bytes} bytes (${lines.length - 1} jobs)`);
  }

  // -------------------------------------------------------------------------------------------
  // Loading

  private async parseFile(): Promise<ParsedFile> {
    const parsed: ParsedFile = {
      jobs: new Map(),
      problems: [],
      problemCount: 0,
      lines: 0,
      goodEnd: 0,
      tornTail: false,
      size: 0,
      baseBytes: 0,
      deadBytes: 0,
      badLines: [],
      records: 0,
      header: false,
    };
    const bytesByJob = new Map<string, { base: number; all: number }>();
    const removed = new Set<string>();
    const problem = (lineNo: number, text: string) => {
      parsed.problemCount++;
      parsed.badLines.push(lineNo);
      if (parsed.problems.length < MAX_PROBLEMS) parsed.problems.push(`line ${lineNo}: ${text}`);
    };
    let firstLine = true;
    // Once a line carries a checksum, every later one must: this version writes one in every line,
    // so a line without it is an edit (or an older version writing after this one), and a line
    // added by hand must not mark an ID answered or remove a job unchecked.
    let checksummed = false;
    let lastJobId: string | undefined;
    let lastEntry = { base: 0, all: 0 };
    const account = (jobId: string, bytes: number, base: boolean) => {
      let entry = jobId === lastJobId ? lastEntry : bytesByJob.get(jobId);
      if (!entry) bytesByJob.set(jobId, (entry = { base: 0, all: 0 }));
      lastJobId = jobId;
      lastEntry = entry;
      entry.all += bytes;
      if (base) entry.base += bytes;
    };
    let lineBytes = 0;
    // The jobs being rebuilt: a job added twice, or a state of a job never added, is a bad line.
    const loading: JobSink = {
      get: (jobId) => parsed.jobs.get(jobId),
      added: (job) => {
        if (parsed.jobs.has(job.id)) throw new Error(`job ${job.id} added twice`);
        loading.replaced(job);
      },
      replaced: (job) => {
        removed.delete(job.id);
        parsed.jobs.set(job.id, job);
        account(job.id, lineBytes, true);
      },
      removed: (jobId) => {
        parsed.jobs.delete(jobId);
        removed.add(jobId);
        account(jobId, lineBytes, false);
      },
      stateOfMissingJob: (jobId) => {
        if (!removed.has(jobId)) throw new Error(`state of unknown job ${jobId}`);
        account(jobId, lineBytes, false);
      },
      state: (job, target, ranges, result) => {
        applyRanges(target, ranges, result);
        account(job.id, lineBytes, false);
      },
      newerVersion: (version) => (parsed.newerVersion = version),
    };
    const stateLines = new StateLineReader();

    const read = await readLines(this.file, this.options.readChunkBytes ?? READ_CHUNK_BYTES, (buf, start, end, lineNo) => {
      const bytes = end - start + 1;
      lineBytes = bytes;
      const first = firstLine;
      const sum = checkLine(buf, start, end);
      if (sum === 'bad' || (sum === 'none' && checksummed && !isBlank(buf, start, end))) {
        firstLine = false;
        parsed.lines++;
        problem(lineNo, sum === 'bad' ? 'checksum mismatch (the line was changed after it was written)' : uncheckedLineProblem(buf, start, end));
        return;
      }
      if (sum === 'ok') checksummed = true;
      if (stateLines.read(buf, start, end)) {
        firstLine = false;
        parsed.lines++;
        try {
          applyState(loading, stateLines.jobId, stateLines.x, stateLines.ranges, stateLines.result, true);
          parsed.records++;
        } catch (error) {
          problem(lineNo, errorMessage(error));
        }
        return;
      }
      const text = buf.toString('utf8', start, end);
      if (text.trim() === '') return;
      firstLine = false;
      parsed.lines++;
      let value: unknown;
      try {
        value = JSON.parse(text);
        if (!isObject(value)) throw new Error('not a record');
      } catch {
        problem(lineNo, `not valid JSON (${bytes} bytes skipped)`);
        return;
      }
      try {
        applyRecord(value, loading);
        if (value.t !== 'h') parsed.records++;
        else if (first) parsed.header = true;
      } catch (error) {
        problem(lineNo, errorMessage(error));
      }
    });
    this.inode = read.inode;
    this.checksummed = checksummed;
    parsed.size = read.size;
    parsed.goodEnd = read.goodEnd;

    if (read.tail.trim() !== '') {
      parsed.tornTail = true;
      problem(read.lines + 1, `cut off (${read.size - read.goodEnd} bytes: written when the program or computer stopped, or the file was cut short)`);
    }
    for (const [jobId, bytes] of bytesByJob) {
      if (parsed.jobs.has(jobId)) parsed.baseBytes += bytes.base;
      else parsed.deadBytes += bytes.all;
    }
    return parsed;
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  private expiredJobs(jobs: readonly JobState[]): JobState[] {
    if (this.retentionDays <= 0) return [];
    return jobs.filter((job) => !job.isActive() && this.isExpired(this.lastActivity.get(job.id) ?? lastActivityOf(job)));
  }

  private isExpired(lastActivity: number): boolean {
    return this.retentionDays > 0 && lastActivity < this.now() - this.retentionDays * DAY_MS;
  }

  private indexTargets(spec: JobSpec): void {
    this.targetIndex.set(spec.id, new Map(spec.targets.map((t, x) => [t.spec.key, x])));
  }

  private assertWriter(): void {
    if (this.modeValue !== 'writer') throw new ReadOnlyJournalError(this.readOnlyReason());
  }

  private setMode(mode: JournalMode): void {
    if (mode === this.modeValue) return;
    this.modeValue = mode;
    this.modeListeners.fire(mode);
  }

  private makeReport(parsed: ParsedFile, jobs: readonly JobState[], started: number, unknown: number, dropped: number): JournalLoadReport {
    const problems = [...parsed.problems];
    if (parsed.problemCount > problems.length) problems.push(`… and ${parsed.problemCount - problems.length} more problem lines`);
    return {
      file: this.file,
      mode: this.modeValue,
      jobs: jobs.length,
      ids: jobs.reduce((sum, job) => sum + job.targets.reduce((n, t) => n + t.size, 0), 0),
      lines: parsed.lines,
      bytes: parsed.size,
      loadMs: performance.now() - started,
      problems,
      unknownAfterCrash: unknown,
      droppedByRetention: dropped,
      ...(this.damageValue ? { damage: this.damageValue } : {}),
    };
  }
}

const MISSING_CHECKSUM = 'no checksum, while the lines before it carry one (added by hand, or by an older version of User Erasure)';

/** A line without a checksum in a journal whose lines carry one: named as unreadable if it is, and never applied. */
function uncheckedLineProblem(buf: Buffer, start: number, end: number): string {
  try {
    JSON.parse(buf.toString('utf8', start, end));
    return MISSING_CHECKSUM;
  } catch {
    return `not valid JSON (${end - start + 1} bytes skipped)`;
  }
}

/** Only spaces, tabs or a carriage return between start and end. */
function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0x20 && buf[i] !== 0x09 && buf[i] !== 0x0d) return false;
  return true;
}

/** The header line (newline included) a new or compacted journal starts with. */
export function headerLine(at: number): string {
  const record: JournalRecord = { t: 'h', format: JOURNAL_FORMAT, v: JOURNAL_VERSION, at };
  return withChecksum(JSON.stringify(record)) + '\n';
}

function emptyReport(file: string): JournalLoadReport {
  return { file, mode: 'reader', jobs: 0, ids: 0, lines: 0, bytes: 0, loadMs: 0, problems: [], unknownAfterCrash: 0, droppedByRetention: 0 };
}

export interface JournalExamination {
  damage: JournalDamage | undefined;
  /** Lines that cannot be read or applied (a repair leaves them out). */
  badLines: readonly number[];
  /** The first line is a journal header. */
  header: boolean;
  newerVersion: number | undefined;
  /** The jobs as far as they could be read. */
  jobs: JobState[];
  records: number;
}

/** What keeps a parsed file from being written: any line not loaded, a missing header, or no journal at all. */
function damageOf(file: string, parsed: ParsedFile): JournalDamage | undefined {
  if (parsed.size === 0 || (!parsed.header && parsed.records === 0)) {
    return { kind: 'not-a-journal', file, lines: parsed.badLines, problems: parsed.problems };
  }
  if (parsed.badLines.length === 0 && !parsed.tornTail && parsed.header) return undefined;
  const problems = [...parsed.problems];
  if (parsed.problemCount > problems.length) problems.push(`… and ${parsed.problemCount - problems.length} more problem lines`);
  if (parsed.header || parsed.badLines[0] === 1) return { kind: 'damaged', file, lines: parsed.badLines, problems };
  // The first line is a record that loaded: only the header is missing (a repair writes one).
  return { kind: 'damaged', file, lines: [1, ...parsed.badLines], problems: ['line 1: the journal header is missing', ...problems] };
}

/** Identity, size and modification time of a file ('' when missing): has it changed? */
async function fileStamp(file: string): Promise<string> {
  try {
    const stat = await fs.stat(file);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return '';
  }
}

/**
 * Reads the file in chunks (never the whole file in memory at once) and calls `each` for every
 * complete line, as bytes buf[start, end) without the newline, numbered from 1. Returns the
 * size read, where the last complete line ends, and the text after it (a line still being
 * written, or torn).
 */
export async function readLines(
  file: string,
  chunkBytes: number,
  each: (buf: Buffer, start: number, end: number, lineNo: number) => void,
): Promise<{ inode: number | undefined; size: number; goodEnd: number; tail: string; lines: number }> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
    return { inode: undefined, size: 0, goodEnd: 0, tail: '', lines: 0 };
  }
  try {
    const stat = await handle.stat();
    let size = 0;
    let goodEnd = 0;
    let lineNo = 0;
    let pending: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, Math.max(stat.size - size, 64 * 1024))));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      const data = chunk.subarray(0, bytesRead);
      let start = 0;
      let nl = data.indexOf(10);
      if (nl >= 0 && pending.length > 0) {
        // A line begun in an earlier chunk (a job line of many IDs spans several).
        const line = Buffer.concat([...pending, data.subarray(0, nl)]);
        pending = [];
        each(line, 0, line.length, ++lineNo);
        start = nl + 1;
        nl = data.indexOf(10, start);
      }
      while (nl >= 0) {
        each(data, start, nl, ++lineNo);
        start = nl + 1;
        nl = data.indexOf(10, start);
      }
      if (start > 0) goodEnd = size + start;
      if (start < data.length) pending.push(data.subarray(start));
      size += bytesRead;
    }
    return { inode: stat.ino, size, goodEnd, tail: Buffer.concat(pending).toString('utf8'), lines: lineNo };
  } finally {
    await handle.close();
  }
}

/** Calls `each` for every non-empty line of a buffer of complete lines (1-based numbers). */
function forEachLine(buffer: Buffer, each: (text: string, lineNo: number, bytes: number) => void): void {
  let start = 0;
  let lineNo = 0;
  while (start < buffer.length) {
    let nl = buffer.indexOf(10, start);
    if (nl < 0) nl = buffer.length;
    lineNo++;
    if (nl > start) {
      const text = buffer.toString('utf8', start, nl);
      if (text.trim() !== '') each(text, lineNo, nl - start + 1);
    }
    start = nl + 1;
  }
}

/** Lets every promise continuation queued so far run (store updates after a resolved append). */
function settleMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      // Windows refuses while another process has the file open for a moment (a reader).
      if (attempt >= 10 || !(isCode(error, 'EPERM') || isCode(error, 'EBUSY') || isCode(error, 'EACCES'))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
    }
  }
}

/** The lines of one group commit as buffers, in order: lines given as text are encoded together. */
function toBuffers(lines: readonly (string | Buffer)[]): Buffer[] {
  const parts: Buffer[] = [];
  let text = '';
  for (const line of lines) {
    if (typeof line === 'string') {
      text += line;
      continue;
    }
    if (text) parts.push(Buffer.from(text, 'utf8'));
    text = '';
    parts.push(line);
  }
  if (text) parts.push(Buffer.from(text, 'utf8'));
  return parts;
}

function identityOf(stat: { dev: number; ino: number }): string {
  return `${stat.dev}:${stat.ino}`;
}
