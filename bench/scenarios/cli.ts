// Throughput through the CLI as shipped (`node dist/cli.js delete … --journal --yes --json`), by
// folding in bench/cli-throughput.ts (written with the CLI): it is run `runs` times as its own
// process and its per-scenario figures are reduced to median and spread here. Includes what the
// engine-only figures leave out: process start-up, reading the IDs file, and the journal's fsyncs
// (with --journal, the default; `journal: false` measures without one). Latency: 50 ms by default.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Measured } from '../cli-throughput';
import { REPO_ROOT } from '../lib/child';
import { summarize, type Summary } from '../lib/stats';

export interface CliThroughputResult {
  scenario: string;
  /** Fake latency per request, ms. */
  latencyMs: number;
  journal: boolean;
  ids: number;
  ceilingNote: string;
  ceilingIdsPerSecond: number;
  idsPerSecond: Summary;
  ratio: Summary;
  wallSeconds: Summary;
  throttled: number;
  overLimit: number;
  allAnswered: boolean;
}

export const CLI_SCENARIOS = ['cooladata', 'engagelab', 'clevertap', 'batch-custom', 'batch-gdpr-32'];

interface CliRunOptions {
  ids: number;
  runs: number;
  log: (t: string) => void;
  /** Fake latency per request, ms (default 50). */
  latencyMs?: number;
  /** Run the CLI with --journal (default true). */
  journal?: boolean;
  /** Scenario names of bench/cli-throughput.ts (default CLI_SCENARIOS). */
  scenarios?: readonly string[];
}

function runOnce(opts: CliRunOptions, file: string): Promise<void> {
  const args = ['--import', 'tsx', 'bench/cli-throughput.ts', '--ids', String(opts.ids), '--latency', String(opts.latencyMs ?? 50)];
  if (opts.journal !== false) args.push('--journal');
  args.push('--only', (opts.scenarios ?? CLI_SCENARIOS).join(','), '--json', file);
  const log = opts.log;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.on('data', () => undefined);
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve();
      log(err);
      reject(new Error(`bench/cli-throughput.ts ended with ${code}`));
    });
  });
}

export async function measureCli(opts: CliRunOptions): Promise<CliThroughputResult[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ue-bench-cli-'));
  try {
    const runs: Measured[][] = [];
    for (let i = 0; i < opts.runs; i++) {
      const file = path.join(dir, `run-${i}.json`);
      await runOnce(opts, file);
      const { results } = JSON.parse(readFileSync(file, 'utf8')) as { results: Measured[] };
      runs.push(results);
      opts.log(`  cli run ${i + 1}/${opts.runs}: ${results.map((m) => `${m.scenario.name} ${Math.round(m.accepted / m.sendingS)} IDs/s`).join(', ')}`);
    }
    return runs[0].map((first, k) => {
      const all = runs.map((r) => r[k]);
      const ceiling = opts.ids / first.scenario.ceilingS;
      const perSecond = all.map((m) => m.accepted / m.sendingS);
      return {
        scenario: first.scenario.name,
        latencyMs: opts.latencyMs ?? 50,
        journal: opts.journal !== false,
        ids: opts.ids,
        ceilingNote: first.scenario.ceilingNote,
        ceilingIdsPerSecond: ceiling,
        idsPerSecond: summarize(perSecond),
        ratio: summarize(perSecond.map((v) => v / ceiling)),
        wallSeconds: summarize(all.map((m) => m.wallS)),
        throttled: all.reduce((n, m) => n + m.throttled, 0),
        overLimit: all.reduce((n, m) => n + m.overLimit, 0),
        allAnswered: all.every((m) => m.exit === 0 && m.accepted === opts.ids),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
