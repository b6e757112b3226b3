// The journal file itself: its real path (a symbolic link is followed once, so every opener locks
// and writes the same file), its creation (header first, never over an existing file; a crash
// in between leaves an empty file, which is refused as "not a journal" rather than guessed at),
// and its permissions (the user's only).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isCode } from './lock';

/** The path with every symbolic link resolved; for a file not there yet, its folder's real path. */
export async function realJournalFile(file: string): Promise<string> {
  try {
    const real = await fs.realpath(file);
    const stat = await fs.stat(real);
    // A FIFO or a device would block the reader or swallow the records.
    if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
    // Each name of a hard link is its own real path, so it would get its own lock (two writers on
    // one file), and a compaction would leave the other name on the old content.
    if (stat.nlink > 1) {
      throw new Error(`${file} has ${stat.nlink} names (hard links): keep one (remove the other links, or make them symbolic links), so that every writer locks the same journal`);
    }
    return real;
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
  const link = await fs.lstat(file).catch(() => undefined);
  if (link?.isSymbolicLink()) throw new Error(`${file} is a symbolic link to a file that does not exist`);
  return path.join(await fs.realpath(path.dirname(file)), path.basename(file));
}

/**
 * Creates the journal with its header line, never over an existing file (exclusive create).
 * Returns false when a file appeared there meanwhile (it is left as it is).
 */
export async function createJournalFile(file: string, headerLine: string): Promise<boolean> {
  let out: fs.FileHandle;
  try {
    out = await fs.open(file, 'wx', 0o600);
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  }
  try {
    await out.writeFile(headerLine);
    await out.sync();
  } finally {
    await out.close();
  }
  return true;
}

/** An existing journal is brought to mode 0600 (a no-op where modes do not exist). */
export async function restrictToOwner(file: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const stat = await fs.stat(file);
    if ((stat.mode & 0o777) !== 0o600) await fs.chmod(file, 0o600);
  } catch {
    // Not ours to change (another user's file): reading and writing still work or fail on their own.
  }
}

export async function fileExists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return false;
    throw error;
  }
}

/** Makes a rename or creation in the folder durable. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported everywhere (Windows); the file's own fsync still holds.
  }
}
