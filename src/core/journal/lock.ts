// Who may write the journal: a lock file next to it, created with O_EXCL, holding the writer's
// pid, host and a random token. The holder touches it (mtime) every few seconds; a lock whose
// heartbeat is older than `staleMs`, or whose process is gone (same host), may be taken over.
// A holder checks on every heartbeat that the file still carries its token: if another process
// took the lock over (e.g. this one was suspended for longer than `staleMs`), it steps down.
import { randomBytes } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';

export interface LockInfo {
  pid: number;
  host: string;
  token: string;
  acquiredAt: number;
  /** Last heartbeat (the lock file's modification time). */
  heartbeatAt: number;
}

export interface LockOptions {
  /** A heartbeat older than this makes the lock stale (default 30 s). */
  staleMs?: number;
  /** How often the holder touches the lock (default 5 s). */
  heartbeatMs?: number;
  /** Sets the lock file's modification time to now (tests make it fail). */
  touch?: (file: string) => Promise<void>;
}

const touchFile = async (file: string): Promise<void> => {
  const now = new Date();
  await fs.utimes(file, now, now);
};

export const DEFAULT_STALE_MS = 30_000;
export const DEFAULT_HEARTBEAT_MS = 5_000;

export class JournalLock {
  readonly staleMs: number;
  readonly heartbeatMs: number;
  private token: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastConfirmed = 0;
  private lastTouched = 0;
  private readonly touch: (file: string) => Promise<void>;

  constructor(
    readonly path: string,
    options: LockOptions = {},
  ) {
    this.staleMs = options.staleMs ?? DEFAULT_STALE_MS;
    this.heartbeatMs = Math.min(options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, Math.floor(this.staleMs / 3));
    this.touch = options.touch ?? touchFile;
  }

  get held(): boolean {
    return this.token !== undefined;
  }

  /** Takes the lock if it is free or stale; false when a live process holds it. */
  async tryAcquire(): Promise<boolean> {
    if (this.token) return true;
    for (let attempt = 0; attempt < 3; attempt++) {
      const token = randomBytes(12).toString('hex');
      try {
        const handle = await fs.open(this.path, 'wx');
        try {
          const info = { pid: process.pid, host: os.hostname(), token, acquiredAt: Date.now() };
          await handle.writeFile(JSON.stringify(info));
          await handle.sync();
        } finally {
          await handle.close();
        }
        this.token = token;
        this.lastConfirmed = this.lastTouched = Date.now();
        return true;
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
      }
      const holder = await this.holder();
      if (holder && !this.isStale(holder)) return false;
      // Stale (or unreadable and old). Several windows may find the same stale lock: only the one
      // holding the takeover guard removes it, and only if it is still the lock judged stale, so a
      // fresh lock that another window has just put in its place is never removed (two writers at
      // once could compact the journal under each other).
      if (!(await this.removeStale(holder, token))) return false;
    }
    return false;
  }

  /** Removes the lock judged stale, under the takeover guard; false when another window is taking over. */
  private async removeStale(judged: LockInfo | undefined, token: string): Promise<boolean> {
    const guard = `${this.path}.takeover`;
    try {
      await (await fs.open(guard, 'wx')).close();
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
      // A guard left by a window that died mid-takeover is cleared once it is as old as a stale lock.
      const left = await readLockInfo(guard);
      if (left && Date.now() - left.heartbeatAt > this.staleMs) await fs.rm(guard, { force: true });
      return false;
    }
    try {
      const current = await readLockInfo(this.path);
      if (current && judged && sameLock(current, judged)) {
        const aside = `${this.path}.stale-${process.pid}-${token}`;
        await fs.rename(this.path, aside);
        await fs.rm(aside, { force: true });
      }
      return true;
    } finally {
      await fs.rm(guard, { force: true });
    }
  }

  /** The current holder, or undefined when there is no lock file. Unreadable content counts as a holder of unknown pid. */
  holder(): Promise<LockInfo | undefined> {
    return readLockInfo(this.path);
  }

  isStale(info: LockInfo, now: number = Date.now()): boolean {
    if (now - info.heartbeatAt > this.staleMs) return true;
    if (info.pid > 0 && info.host === os.hostname() && !processAlive(info.pid)) return true;
    return false;
  }

  /** Starts touching the lock; `onLost` runs once if the lock turns out to belong to someone else. */
  startHeartbeat(onLost: () => void): void {
    this.stopHeartbeat();
    const beat = async () => {
      if (!(await this.confirm())) {
        this.stopHeartbeat();
        onLost();
      }
    };
    this.timer = setInterval(() => void beat(), this.heartbeatMs);
    this.timer.unref();
  }

  stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * True while the lock file still carries this holder's token, read now (not touched): a lock file
   * removed by hand lets another process take the journal between two heartbeats. Synchronous (a
   * read of a few bytes): it runs on every commit. A file unreadable for another reason than being
   * gone is left to the heartbeat.
   */
  stillHeld(): boolean {
    const token = this.token;
    if (!token) return false;
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if (!isCode(error, 'ENOENT')) return true;
      text = '';
    }
    if (carriesToken(text, token)) return true;
    this.token = undefined;
    return false;
  }

  /** True while the lock file still carries this holder's token (and touches it). */
  async confirm(): Promise<boolean> {
    if (!this.token) return false;
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch {
      this.token = undefined;
      return false;
    }
    if (!carriesToken(text, this.token)) {
      this.token = undefined;
      return false;
    }
    try {
      await this.touch(this.path);
      this.lastTouched = Date.now();
    } catch {
      // Others judge the lock by its modification time: once it has not been touched for half the
      // stale time, another window may soon take it over, so this one stops writing first.
      if (Date.now() - this.lastTouched > this.staleMs / 2) {
        this.token = undefined;
        return false;
      }
    }
    this.lastConfirmed = Date.now();
    return true;
  }

  /**
   * Before writing: if no heartbeat succeeded for a while (the process was suspended, or the
   * timer starved), check the lock again rather than trust it.
   */
  async ensureHeld(): Promise<boolean> {
    if (!this.token) return false;
    if (Date.now() - this.lastConfirmed < this.heartbeatMs * 2) return true;
    return this.confirm();
  }

  async release(): Promise<void> {
    this.stopHeartbeat();
    const token = this.token;
    this.token = undefined;
    if (!token) return;
    try {
      const text = await fs.readFile(this.path, 'utf8');
      if (carriesToken(text, token)) await fs.rm(this.path, { force: true });
    } catch {
      // Already gone.
    }
  }
}

/** Whether a lock file's text is this holder's (its random token, as tryAcquire writes it). */
function carriesToken(text: string, token: string): boolean {
  return text.includes(`"token":"${token}"`);
}

/** What a lock file says, or undefined when there is none. Unreadable content counts as a holder of unknown pid. */
async function readLockInfo(file: string): Promise<LockInfo | undefined> {
  let text: string;
  let mtimeMs: number;
  try {
    const [content, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    text = content;
    mtimeMs = stat.mtimeMs;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined;
    throw error;
  }
  let parsed: Partial<LockInfo> = {};
  try {
    parsed = JSON.parse(text) as Partial<LockInfo>;
  } catch {
    // Being written right now, or damaged: judged by its age alone.
  }
  return {
    pid: typeof parsed.pid === 'number' ? parsed.pid : 0,
    host: typeof parsed.host === 'string' ? parsed.host : '',
    token: typeof parsed.token === 'string' ? parsed.token : '',
    acquiredAt: typeof parsed.acquiredAt === 'number' ? parsed.acquiredAt : mtimeMs,
    heartbeatAt: mtimeMs,
  };
}

/** The same lock file (a rename keeps its content and modification time). */
function sameLock(a: LockInfo, b: LockInfo): boolean {
  return a.token === b.token && a.pid === b.pid && a.host === b.host && a.acquiredAt === b.acquiredAt && a.heartbeatAt === b.heartbeatAt;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isCode(error, 'EPERM');
  }
}

export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
