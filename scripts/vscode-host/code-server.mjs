// Starts one code-server (browser VS Code) on a free 127.0.0.1 port with Node 24, in its own
// run folder and process group, and stops it again (the whole group, extension hosts included).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureInstalled, log, sleep, tail } from './install.mjs';
import { createRunDir, RUN_MARKER } from './run-dir.mjs';
import { killGroup, killMarked, onCleanup, stopProcessTree } from './cleanup.mjs';

const READY_TIMEOUT_MS = 60_000;

/**
 * @param {object} options
 * @param {string} options.workspace folder to open
 * @param {string} [options.extensionsDir] defaults to an empty folder in the run dir
 * @param {Record<string,string>} [options.env] extra environment (the extension host inherits it)
 * @param {boolean} options.smokeTestDriver true for extensionTestsPath runs (see the recipe);
 *   false for UI tests and sandboxes (notification toasts then show)
 * @param {string} [options.logFile] where code-server's own output goes (default: in the run dir)
 * @param {number} [options.port] a fixed 127.0.0.1 port (default: a free one)
 * @returns {Promise<{ url: string, port: number, runDir: string, logFile: string,
 *   exited: Promise<number | string | null>, stop(): Promise<void> }>} `exited` settles if it dies
 */
export async function startCodeServer({ workspace, extensionsDir, env = {}, smokeTestDriver, logFile, port: fixedPort }) {
  const paths = await ensureInstalled(); // instant once the cache is complete
  const run = createRunDir('code-server');
  const port = fixedPort ?? (await freePort());
  const config = writeConfig(run, port);
  logFile ??= path.join(run.dir, 'code-server.log');
  const args = [
    paths.codeServerEntry,
    '--config', config,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', run.sub('user-data'),
    '--extensions-dir', extensionsDir ?? run.sub('extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    workspace,
  ];
  const out = fs.openSync(logFile, 'a');
  const child = spawn(paths.nodeBin, args, {
    cwd: workspace,
    env: { ...run.env, ...env },
    detached: true, // setsid: its own process group, so stop() reaches every child
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise((resolve) => {
    child.once('exit', resolve);
    child.once('error', (error) => resolve(`not started: ${error.message}`));
  });
  const stop = stopOnce({ child, exited, run });

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(url, exited, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, runDir: run.dir, logFile, exited, stop };
}

/** stop() for one server: idempotent, registered for Ctrl-C/errors and, as a last resort, exit. */
function stopOnce({ child, exited, run }) {
  const killNow = () => {
    killGroup(child.pid, 'SIGKILL');
    killMarked(RUN_MARKER, run.dir);
  };
  process.on('exit', killNow);
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      unregister();
      await stopProcessTree({ pid: child.pid, exited, marker: { name: RUN_MARKER, value: run.dir } });
      process.removeListener('exit', killNow);
      run.remove();
    })();
    return stopping;
  };
  const unregister = onCleanup(stop);
  return stop;
}

/** Installs a .vsix into an extensions folder with the pinned code-server (about 1 s). */
export async function installVsix(vsixFile, extensionsDir) {
  const paths = await ensureInstalled();
  const run = createRunDir('vsix');
  try {
    await new Promise((resolve, reject) => {
      const child = spawn(
        paths.nodeBin,
        [paths.codeServerEntry, '--extensions-dir', extensionsDir, '--install-extension', vsixFile, '--force'],
        { env: run.env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`installing ${vsixFile} failed:\n${output}`)),
      );
    });
  } finally {
    run.remove();
  }
}

function writeConfig(run, port) {
  const file = path.join(run.dir, 'config.yaml');
  fs.writeFileSync(file, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  return file;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls /healthz until code-server answers; fails early if it exits. */
async function waitUntilReady(url, exited, logFile) {
  let exitCode;
  exited.then((code) => (exitCode = code ?? 'signal'));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`code-server exited (${exitCode}) before it was ready:\n${tail(logFile, 30)}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  log(`code-server output:\n${tail(logFile, 30)}`);
  throw new Error(`code-server did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s`);
}
