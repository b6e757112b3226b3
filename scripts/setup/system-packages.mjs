// What `npm start` and `npm test` need from the operating system, checked before anything long
// starts. As root with apt-get (a fresh Debian/Ubuntu machine, CI) the missing packages are
// installed; otherwise one message names the exact command to run. Only Node's own modules here:
// this runs before `npm ci`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../vscode-host/errors.mjs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The host and UI tests drive Debian's Chromium (`npm start` does not: you open the URL yourself). */
export const BROWSER_PACKAGES = ['chromium'];
/** Building code-server's native modules with node-gyp; its `kerberos` module compiles against the Kerberos headers. */
export const CODE_SERVER_BUILD_PACKAGES = ['libkrb5-dev', 'g++', 'make', 'python3', 'pkg-config'];

/** Debian package → whether what we use from it is there (a file or a command, so it also holds where it came from elsewhere). */
export const PROBES = {
  chromium: () => isExecutable(CHROMIUM_PATH),
  'libkrb5-dev': () => fs.existsSync('/usr/include/gssapi/gssapi.h'),
  'g++': () => onPath('g++'),
  make: () => onPath('make'),
  python3: () => onPath('python3'),
  'pkg-config': () => onPath('pkg-config'),
};

/** The one command that installs `names` (with sudo unless already root). */
export function aptCommand(names, { root }) {
  const sudo = root ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${names.join(' ')}`;
}

/**
 * Installs the missing ones of `names` when it can (root and apt-get), else throws a HarnessError
 * naming the command. The defaults are this machine; tests pass their own.
 * @param {string[]} names Debian package names (keys of PROBES)
 * @param {{ rerun?: string, log?: (line: string) => void, probes?: Record<string, () => boolean>,
 *   root?: boolean, hasAptGet?: boolean, run?: (command: string, args: string[], env: Record<string, string>) => number }} [options]
 *   rerun: what to run again afterwards, e.g. "npm start"
 */
export function ensureSystemPackages(names, {
  rerun = 'the same command',
  log = (line) => console.log(`[setup] ${line}`),
  probes = PROBES,
  root = process.getuid?.() === 0,
  hasAptGet = onPath('apt-get'),
  run = runInherited,
} = {}) {
  const missing = [...new Set(names)].filter((name) => !probes[name]());
  if (missing.length === 0) return;
  if (!hasAptGet) {
    throw new HarnessError(
      `missing system packages: ${missing.join(', ')} (Debian/Ubuntu names). Install them with your ` +
        `package manager, then run ${rerun} again.`,
    );
  }
  if (!root) {
    throw new HarnessError(
      `missing system packages: ${missing.join(', ')}. Install them, then run ${rerun} again:\n\n` +
        `    ${aptCommand(missing, { root: false })}\n`,
    );
  }
  log(`installing missing system packages (running as root): ${aptCommand(missing, { root: true })}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
    const status = run('apt-get', args, env);
    if (status !== 0) {
      throw new HarnessError(`apt-get ${args[0]} failed (exit ${status}). Install the packages yourself, then run ${rerun} again:\n\n    ${aptCommand(missing, { root: true })}\n`);
    }
  }
  const stillMissing = missing.filter((name) => !probes[name]());
  if (stillMissing.length > 0) {
    throw new HarnessError(`still missing after apt-get install: ${stillMissing.join(', ')}`);
  }
}

function runInherited(command, args, env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(command) {
  return (process.env.PATH || '').split(path.delimiter).some((dir) => dir && isExecutable(path.join(dir, command)));
}
