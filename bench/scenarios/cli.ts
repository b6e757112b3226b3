// Throughput through the CLI as shipped (`node dist/cli.js delete … --journal --yes --json`), by
// folding in bench/cli-throughput.ts (written with the CLI): it is run `runs` times as its own
// process and its per-scenario figures are reduced to median and spread here. Includes what the
// engine-only figures leave out: process start-up, reading the IDs file, and the journal's fsyncs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Measured } from '../cli-throughput';
import { REPO_ROOT } from '../lib/child';
import { summarize, type Summary } from '../lib/stats';

export interface CliThroughputResult {
  scenario: string;
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

function runOnce(ids: number, file: string, log: (t: string) => void): Promise<void> {
  const args = ['--import', 'tsx', 'bench/cli-throughput.ts', '--ids', String(ids), '--journal', '--only', CLI_SCENARIOS.join(','), '--json', file];
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

export async function measureCli(opts: { ids: number; runs: number; log: (t: string) => void }): Promise<CliThroughputResult[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ue-bench-cli-'));
  try {
    const runs: Measured[][] = [];
    for (let i = 0; i < opts.runs; i++) {
      const file = path.join(dir, `run-${i}.json`);
      await runOnce(opts.ids, file, opts.log);
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
