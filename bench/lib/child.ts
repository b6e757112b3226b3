// Child processes for measurements that must not share the bench's heap or event loop: each entry
// is bundled once with esbuild into a plain .cjs file, so the child runs on bare `node` (no tsx
// loader in its memory or start-up) and reports one JSON line on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

let outDir: string | undefined;
const bundles = new Map<string, string>();

/** Bundles `entry` (relative to the repository) to a temp .cjs file, once per process. */
export function bundleEntry(entry: string): string {
  const known = bundles.get(entry);
  if (known) return known;
  outDir ??= mkdtempSync(path.join(os.tmpdir(), 'ue-bench-'));
  const outfile = path.join(outDir, `${path.basename(entry, '.ts')}.cjs`);
  buildSync({
    entryPoints: [path.join(REPO_ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    external: ['vscode'],
  });
  bundles.set(entry, outfile);
  return outfile;
}

export function cleanupBundles(): void {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  outDir = undefined;
  bundles.clear();
}

export interface ChildResult<T> {
  value: T;
  stderr: string;
}

/** Runs a bundled entry with args; resolves with the last JSON line it printed. */
export function runChild<T>(entry: string, args: string[], options: { nodeArgs?: string[]; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<ChildResult<T>> {
  const file = bundleEntry(entry);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), file, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      if (code !== 0 || !line) {
        reject(new Error(`${entry} ${args.join(' ')} ended with ${signal ?? code}: ${stderr.slice(-2000)}`));
        return;
      }
      resolve({ value: JSON.parse(line) as T, stderr });
    });
  });
}

/** Kills a child we started, by its own pid, and waits for it to be gone. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}
