// One sandbox: the packaged extension installed into a fresh extensions folder, the fake vendors
// with seeded users, a copy of the sandbox/ workspace, the demo accounts seed, and code-server
// (without the smoke-test driver, so notification toasts show) pointed at the fakes. Used by
// `npm start` (scripts/sandbox.mjs) and by the browser UI tests (scripts/ui-tests.mjs).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureInstalled, HarnessError, log } from '../vscode-host/install.mjs';
import { freePort, installVsix, startCodeServer } from '../vscode-host/code-server.mjs';
import { onCleanup } from '../vscode-host/cleanup.mjs';
import { createRunDir } from '../vscode-host/run-dir.mjs';
import { packageExtension } from './build.mjs';
import { startFakes } from './fakes.mjs';
import { writeSeedFile } from './seed.mjs';

/**
 * @param {object} options
 * @param {string} options.repoRoot
 * @param {number} [options.port] code-server's port (default: a free one)
 * @param {boolean} [options.reuseVsix] keep an existing user-erasure.vsix instead of packaging again
 * @param {{ seedUsers?: number, latencyMs?: number, jitterMs?: number, completionDelayMs?: number }} [options.fakes]
 * @param {Record<string, unknown>} [options.settings] workspace settings over the sandbox's own
 * @param {string} [options.logFile] code-server's output
 * @param {(line: string) => void} [options.progress]
 * @param {boolean} [options.browser] the caller drives Chromium (the UI tests; `npm start` does not)
 */
export async function startSandbox({ repoRoot, port, reuseVsix = false, fakes: fakeOptions = {}, settings = {}, logFile, progress = log, browser = false }) {
  await ensureInstalled({ browser }); // the first time: Node 24 + code-server into the cache (minutes, with progress)
  const vsix = await packageExtension(repoRoot, { reuse: reuseVsix, log: progress });

  const run = createRunDir('sandbox');
  const unregister = onCleanup(() => run.remove());
  const workspace = path.join(run.dir, 'workspace');
  fs.cpSync(path.join(repoRoot, 'sandbox'), workspace, { recursive: true });
  if (Object.keys(settings).length > 0) {
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    const merged = { ...JSON.parse(fs.readFileSync(settingsFile, 'utf8')), ...settings };
    fs.writeFileSync(settingsFile, `${JSON.stringify(merged, null, 2)}\n`);
  }
  const extensionsDir = run.sub('extensions');
  await installVsix(vsix, extensionsDir);

  const fakes = await startFakes(repoRoot, fakeOptions);
  const seedFile = path.join(run.dir, 'demo-accounts.json');
  writeSeedFile(seedFile, fakes.accounts);

  const server = await startCodeServer({
    workspace,
    extensionsDir,
    smokeTestDriver: false,
    port,
    logFile,
    // The extension host inherits this: every vendor goes to its fake, and the demo accounts are imported.
    env: { ...fakes.env, USER_ERASURE_SANDBOX_SEED: seedFile },
  });
  return {
    url: `${server.url}/?folder=${encodeURIComponent(workspace)}`,
    serverUrl: server.url,
    workspace,
    fakes,
    server,
    /** Settles when code-server or the fakes stop on their own. */
    ended: Promise.race([server.exited.then((code) => `code-server exited (${code})`), fakes.exited.then((code) => `the fake vendors exited (${code})`)]),
    async stop() {
      await server.stop();
      await fakes.stop();
      unregister();
      run.remove();
    },
  };
}

/** The port for `npm start`: USER_ERASURE_SANDBOX_PORT (must be free), else 8080 if free, else any free port. */
export async function sandboxPort(env = process.env) {
  const wanted = env.USER_ERASURE_SANDBOX_PORT?.trim();
  if (wanted) {
    const port = Number(wanted);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new HarnessError(`USER_ERASURE_SANDBOX_PORT must be a port number, got "${wanted}"`);
    if (!(await isFree(port))) throw new HarnessError(`port ${port} (USER_ERASURE_SANDBOX_PORT) is in use on 127.0.0.1: choose another one`);
    return port;
  }
  return (await isFree(8080)) ? 8080 : freePort();
}

function isFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
