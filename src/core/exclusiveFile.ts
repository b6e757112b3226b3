// Temporary files next to a target (compaction, exports, repairs): created exclusively (O_EXCL,
// which never follows a symbolic link planted under the name) and readable by the user only.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';

export interface ExclusiveTemp {
  path: string;
  handle: fs.FileHandle;
}

/** Opens `<target>.tmp-<pid>-<random>` for writing; a name that exists already is never reused. */
export async function openExclusiveTemp(target: string): Promise<ExclusiveTemp> {
  for (let attempt = 0; ; attempt++) {
    const path = `${target}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
    try {
      return { path, handle: await fs.open(path, 'wx', 0o600) };
    } catch (error) {
      if (attempt >= 4 || (error as { code?: unknown }).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Writes a new temp file beside `target` through `write`, makes it durable and returns its path;
 * on any failure the temp file is removed and the error passed on.
 */
export async function writeExclusiveTemp(target: string, write: (handle: fs.FileHandle) => Promise<void>): Promise<string> {
  const { path, handle } = await openExclusiveTemp(target);
  try {
    await write(handle);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(path, { force: true });
    throw error;
  }
  await handle.close();
  return path;
}
