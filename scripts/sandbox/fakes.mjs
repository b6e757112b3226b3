// Runs the fake vendor servers (test/fakes/serve.ts, through tsx) as a child process in its own
// process group, reads its JSON ready line (URLs, seeded credentials, USER_ERASURE_*_BASE_URL) and
// stops the whole group again on every way out.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { onCleanup, stopProcessTree } from '../vscode-host/cleanup.mjs';
import { createRunDir, RUN_MARKER } from '../vscode-host/run-dir.mjs';

const READY_TIMEOUT_MS = 60_000;

/**
 * @param {string} repoRoot
 * @param {{ seedUsers?: number, latencyMs?: number, jitterMs?: number, completionDelayMs?: number }} options
 * @returns {Promise<{ urls: Record<string, string>, accounts: any, env: Record<string, string>,
 *   exited: Promise<unknown>, stop(): Promise<void> }>}
 */
export async function startFakes(repoRoot, { seedUsers = 1000, latencyMs = 0, jitterMs = 0, completionDelayMs = 0 } = {}) {
  const run = createRunDir('fakes');
  const tsx = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const args = [
    tsx,
    path.join(repoRoot, 'test', 'fakes', 'serve.ts'),
    '--seed-users', String(seedUsers),
    '--latency', String(latencyMs),
    '--completion-delay', String(completionDelayMs),
    '--options', JSON.stringify({ jitterMs }),
  ];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: run.env,
    detached: true, // its own process group: stop() reaches tsx's child too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? code));
    child.once('error', (error) => resolve(`not started: ${error.message}`));
  });
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      unregister();
      await stopProcessTree({ pid: child.pid, exited, marker: { name: RUN_MARKER, value: run.dir } });
      run.remove();
    })();
    return stopping;
  };
  const unregister = onCleanup(stop);

  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  try {
    const ready = await new Promise((resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(() => reject(new Error(`the fake vendors did not start within ${READY_TIMEOUT_MS / 1000} s:\n${stderr}`)), READY_TIMEOUT_MS);
      child.stdout.on('data', (chunk) => {
        buffered += chunk;
        const newline = buffered.indexOf('\n');
        if (newline < 0) return;
        clearTimeout(timer);
        try {
          resolve(JSON.parse(buffered.slice(0, newline)));
        } catch (error) {
          reject(new Error(`unexpected output from the fake vendors: ${buffered.slice(0, 300)}`));
        }
      });
      exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the fake vendors exited (${code}) before they were ready:\n${stderr}`));
      });
    });
    return { ...ready, exited, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
