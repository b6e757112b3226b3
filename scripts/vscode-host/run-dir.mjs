// A private temporary folder per started process: its own HOME, XDG_* folders and TMPDIR, so
// code-server and Chromium never write into the real home or share sockets in /tmp.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Set in every started process's environment: finds stragglers of one run (and only those). */
export const RUN_MARKER = 'USER_ERASURE_HOST_RUN';

export function createRunDir(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `user-erasure-${label}-`));
  const sub = (name) => {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder, { recursive: true });
    return folder;
  };
  const home = sub('home');
  const env = {
    ...inheritedEnv(),
    HOME: home,
    XDG_CONFIG_HOME: sub('home/.config'),
    XDG_DATA_HOME: sub('home/.local/share'),
    XDG_CACHE_HOME: sub('home/.cache'),
    XDG_RUNTIME_DIR: sub('runtime'),
    TMPDIR: sub('tmp'),
    [RUN_MARKER]: dir,
  };
  fs.chmodSync(env.XDG_RUNTIME_DIR, 0o700);
  return {
    dir,
    env,
    sub,
    remove() {
      if (process.env.USER_ERASURE_KEEP_RUN_DIR === '1') return;
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** The caller's environment minus what an outer `npm run` exported (npm_*), which is noise here. */
export function inheritedEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'INIT_CWD') env[key] = value;
  }
  return env;
}
