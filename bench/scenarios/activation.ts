// Activation time in a real VS Code (code-server + headless Chromium, the host-test harness of
// scripts/vscode-host.mjs): a throw-away copy of the extension (production bundle) whose
// "test suite" only activates it and times require + activate(). One fresh VS Code per run.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from '../lib/child';
import { summarize, type Summary } from '../lib/stats';

export interface ActivationResult {
  ms?: Summary;
  activeBefore?: boolean;
  vscode?: string;
  skipped?: string;
}

function prepareCopy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ue-bench-host-'));
  for (const name of ['src', 'node_modules', 'media']) symlinkSync(path.join(REPO_ROOT, name), path.join(dir, name));
  for (const name of ['esbuild.js', 'package.json', 'tsconfig.json']) copyFileSync(path.join(REPO_ROOT, name), path.join(dir, name));
  execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  mkdirSync(path.join(dir, 'out', 'host-tests'), { recursive: true });
  buildSync({
    entryPoints: [path.join(REPO_ROOT, 'bench', 'host', 'activation.ts')],
    outfile: path.join(dir, 'out', 'host-tests', 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'error',
  });
  return dir;
}

function runOnce(root: string, log: (t: string) => void): Promise<{ ms: number; activeBefore: boolean; vscode: string }> {
  const harness = pathToFileURL(path.join(REPO_ROOT, 'scripts', 'vscode-host.mjs')).href;
  const script = `import(${JSON.stringify(harness)}).then(async (h) => { const code = await h.runHostSuite({ repoRoot: ${JSON.stringify(root)} }); await h.exitAfterCleanup(code); }).catch((e) => { console.error(e); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('bench-activation '));
      if (!line) return reject(new Error(`no activation figure (exit ${code}): ${(err || out).slice(-1500)}`));
      log(`  activation: ${line.slice('bench-activation '.length)}`);
      resolve(JSON.parse(line.slice('bench-activation '.length)));
    });
  });
}

export async function measureActivation(opts: { runs: number; log: (t: string) => void }): Promise<ActivationResult> {
  let root: string | undefined;
  try {
    root = prepareCopy();
    const samples: number[] = [];
    let last: { activeBefore: boolean; vscode: string } | undefined;
    for (let i = 0; i < opts.runs; i++) {
      const r = await runOnce(root, opts.log);
      samples.push(r.ms);
      last = r;
    }
    return { ms: summarize(samples), activeBefore: last?.activeBefore, vscode: last?.vscode };
  } catch (error) {
    return { skipped: error instanceof Error ? error.message.slice(0, 500) : String(error) };
  } finally {
    if (root) rmSync(root, { recursive: true, force: true });
  }
}
