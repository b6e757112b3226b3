// Activation time in a real VS Code (code-server + headless Chromium, the host-test harness of
// scripts/vscode-host.mjs), against an empty extension measured in the same harness and the same
// run: throw-away copies of our extension (production bundle) and of an extension that activates on
// the same events and registers nothing, whose "test suite" only activates it (once the machine is
// quiet; see bench/host/activation.ts) and times require + activate(). One fresh VS Code per run;
// ours and the empty one take turns (ABBA…), and "over empty" is the difference within each pair,
// so a machine that gets busier during the run weighs on both. Ours keeps its copy across runs, so
// its first run compiles the bundle and writes the code cache (src/start.ts), and the later runs
// load through it, as a user's later starts do; the first pair is also reported on its own. Also:
// module evaluation of the bundles alone in plain Node (vscode stubbed).
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { REPO_ROOT, runChild } from '../lib/child';
import { summarize, type Summary } from '../lib/stats';

/** The bundles the extension loads, in the order it loads them (dist/undici.js on the first request). */
const BUNDLES = ['dist/extension.js', 'dist/undici.js'];
const OURS = 'user-erasure';
const EMPTY = 'user-erasure-empty';

export interface ActivationResult {
  /** Ours: require + activate() until activate()'s promise settles. */
  ms?: Summary;
  /** The empty extension, same harness, same run. */
  emptyMs?: Summary;
  /** Ours minus the empty one, pair by pair (the "ms over empty"). */
  overEmptyMs?: Summary;
  /**
   * The first pair alone: ours on its first start after install, before it has a code cache
   * (src/start.ts); the later pairs load the bundle through the cache, as every later start does.
   */
  firstOverEmptyMs?: number;
  /** Per pair, whether ours loaded through the code cache ('used') or compiled ('none', 'rejected'). */
  codeCache?: string[];
  /** Ours: from the start of activation until the erasure history is loaded (after the views appear). */
  historyLoadedMs?: Summary;
  /** Plain Node, vscode stubbed: evaluating each bundle once (fresh process per run). */
  moduleMs?: { file: string; ms: Summary }[];
  activeBefore?: boolean;
  vscode?: string;
  /** 1-minute load average before and after the section. */
  loadAverage?: { start: number; end: number };
  skipped?: string;
}

interface HostFigure {
  name: string;
  ms: number;
  historyLoadedMs?: number;
  /** How long the host waited for a quiet machine before activating, and how idle it then was. */
  quiet?: { waitedMs: number; idle: number };
  /** Ours: whether its bundle loaded through V8's code cache ('used'), or compiled ('none', 'rejected'). */
  codeCache?: string;
  activeBefore: boolean;
  vscode: string;
}

/** Bundles the host "suite" that activates `name` into the copy's out/host-tests/index.js. */
function buildHostSuite(dir: string, name: string): void {
  mkdirSync(path.join(dir, 'out', 'host-tests'), { recursive: true });
  buildSync({
    entryPoints: [path.join(REPO_ROOT, 'bench', 'host', 'activation.ts')],
    outfile: path.join(dir, 'out', 'host-tests', 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    define: { BENCH_EXTENSION_NAME: JSON.stringify(name) },
    logLevel: 'error',
  });
}

function prepareOurs(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ue-bench-host-'));
  for (const name of ['src', 'node_modules', 'media']) symlinkSync(path.join(REPO_ROOT, name), path.join(dir, name));
  for (const name of ['esbuild.js', 'package.json', 'tsconfig.json']) copyFileSync(path.join(REPO_ROOT, name), path.join(dir, name));
  execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  buildHostSuite(dir, OURS);
  return dir;
}

/** The events VS Code derives from our contributions (commands, views), written out for the empty one. */
function activationEventsOf(manifest: { activationEvents?: string[]; contributes?: { commands?: { command: string }[]; views?: Record<string, { id: string }[]> } }): string[] {
  const commands = (manifest.contributes?.commands ?? []).map((c) => `onCommand:${c.command}`);
  const views = Object.values(manifest.contributes?.views ?? {}).flatMap((list) => list.map((v) => `onView:${v.id}`));
  return [...(manifest.activationEvents ?? []), ...commands, ...views];
}

function prepareEmpty(): string {
  const ours = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ue-bench-empty-'));
  const manifest = {
    name: EMPTY,
    displayName: 'Empty extension (bench baseline)',
    version: '0.0.1',
    publisher: ours.publisher,
    license: 'MIT',
    private: true,
    engines: { vscode: ours.engines.vscode },
    activationEvents: activationEventsOf(ours),
    main: './dist/extension.js',
  };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(path.join(dir, 'dist'));
  writeFileSync(path.join(dir, 'dist', 'extension.js'), "'use strict';\nexports.activate = function activate() {};\nexports.deactivate = function deactivate() {};\n");
  buildHostSuite(dir, EMPTY);
  return dir;
}

function runOnce(root: string, log: (t: string) => void): Promise<HostFigure> {
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

/** Module evaluation of each bundle (in load order) in a fresh Node with vscode stubbed. */
async function measureModules(dir: string, runs: number): Promise<{ file: string; ms: Summary }[]> {
  const files = BUNDLES.filter((file) => existsSync(path.join(dir, file)));
  const samples: number[][] = files.map(() => []);
  for (let i = 0; i < runs; i++) {
    const { value } = await runChild<{ ms: number[] }>('bench/scenarios/moduleLoadChild.ts', files.map((file) => path.join(dir, file)));
    value.ms.forEach((ms, at) => samples[at].push(ms));
  }
  return files.map((file, at) => ({ file, ms: summarize(samples[at]) }));
}

const load1 = () => Math.round(os.loadavg()[0] * 100) / 100;

const MIN_PAIRS = 9;

export async function measureActivation(opts: { runs: number; log: (t: string) => void }): Promise<ActivationResult> {
  const roots: string[] = [];
  const loadStart = load1();
  try {
    const ours = prepareOurs();
    roots.push(ours);
    const empty = prepareEmpty();
    roots.push(empty);
    // 9 pairs at least: a pair's difference swings by ±15 ms on this machine, and with 5 the median
    // followed one slow start (35 ms in a run whose 9-pair re-measure gave 28.6 ms).
    const runs = Math.max(MIN_PAIRS, opts.runs);
    const oursMs: number[] = [];
    const emptyMs: number[] = [];
    const overMs: number[] = [];
    const historyMs: number[] = [];
    const codeCache: string[] = [];
    let last: HostFigure | undefined;
    for (let i = 0; i < runs; i++) {
      // ABBA: the first of a pair is not always the same one.
      const order = i % 2 === 0 ? [ours, empty] : [empty, ours];
      const figures = new Map<string, HostFigure>();
      for (const root of order) {
        const figure = await runOnce(root, opts.log);
        figures.set(root, figure);
      }
      const a = figures.get(ours)!;
      const b = figures.get(empty)!;
      oursMs.push(a.ms);
      emptyMs.push(b.ms);
      overMs.push(a.ms - b.ms);
      codeCache.push(a.codeCache ?? 'n/a');
      if (a.historyLoadedMs !== undefined) historyMs.push(a.historyLoadedMs);
      last = a;
    }
    const moduleMs = await measureModules(ours, Math.max(5, runs));
    return {
      ms: summarize(oursMs),
      emptyMs: summarize(emptyMs),
      overEmptyMs: summarize(overMs),
      firstOverEmptyMs: overMs[0],
      codeCache,
      ...(historyMs.length > 0 ? { historyLoadedMs: summarize(historyMs) } : {}),
      moduleMs,
      activeBefore: last?.activeBefore,
      vscode: last?.vscode,
      loadAverage: { start: loadStart, end: load1() },
    };
  } catch (error) {
    return { skipped: error instanceof Error ? error.message.slice(0, 500) : String(error) };
  } finally {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  }
}
