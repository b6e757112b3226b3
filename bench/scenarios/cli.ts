// Throughput through the CLI as shipped (`node dist/cli.js delete … --journal --yes --json`), by
// folding in bench/cli-throughput.ts (written with the CLI): each scenario is run `runs` times,
// each time as its own process (so the load average is sampled around each scenario's run), and
// its figures are reduced to median and spread here. Includes what the engine-only figures leave
// out: process start-up, reading the IDs file, and the journal's fsyncs.
// With --journal by default (`journal: false` measures without one). `bare: true` runs
// bench/bareClient.ts instead of the CLI: the same calls, each sent once its intent line is on disk,
// and nothing else; its ratio is the floor of a journal-on row on this machine, in the same run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Measured } from '../cli-throughput';
import { REPO_ROOT } from '../lib/child';
import { figureNoise, withLoad, type RunLoad } from '../lib/load';
import { summarize, type Summary } from '../lib/stats';

export interface CliRun extends RunLoad {
  idsPerSecond: number;
  wallSeconds: number;
}

export interface CliThroughputResult {
  scenario: string;
  /** 'bare': bench/bareClient.ts in place of the CLI (the machine's floor with a journal). */
  client?: 'cli' | 'bare';
  latencyMs: number;
  /** Every run writes a journal (`--journal FILE`), as people run the CLI at scale. */
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
  noisy: boolean;
  noisyRuns: number;
  runs: CliRun[];
}

export const CLI_SCENARIOS = ['cooladata', 'engagelab', 'clevertap', 'batch-custom', 'batch-gdpr-32'];
/** The rows a bare client can run: EngageLab's pace is its rate limit, not the round trip. */
export const BARE_SCENARIOS = CLI_SCENARIOS.filter((s) => s !== 'engagelab');

/**
 * IDs per run at 50 ms: ≥ 50 rounds of calls in flight for the in-flight-bound scenarios (they
 * shrink as latency grows, so a run keeps its time), 20 s at the rate limit for EngageLab. Custom
 * Data is in-flight-bound too since its connection is kept (it had 10 rounds, when it was taken for
 * CPU-bound: then the first call's new connection and cold code were a tenth of the run). Sizes are
 * whole rounds (IDs per call × calls in flight), so the ceiling has no part-filled last round.
 */
const IDS_AT_50_MS: Record<string, { ids: number; perRound: number; boundByInFlight: boolean }> = {
  cooladata: { ids: 20_000, perRound: 200, boundByInFlight: true },
  engagelab: { ids: 10_000, perRound: 1, boundByInFlight: false },
  clevertap: { ids: 30_000, perRound: 300, boundByInFlight: true },
  'batch-custom': { ids: 1_000_000, perRound: 20_000, boundByInFlight: true },
  'batch-gdpr-32': { ids: 5_000, perRound: 32, boundByInFlight: true },
};

export function cliIds(scenario: string, latencyMs: number, scale: number): number {
  const size = IDS_AT_50_MS[scenario];
  if (!size) throw new Error(`no CLI size for "${scenario}"`);
  const atLatency = (size.boundByInFlight ? (size.ids * 50) / latencyMs : size.ids) * scale;
  return Math.max(size.perRound, Math.round(atLatency / size.perRound) * size.perRound);
}

function runOnce(scenario: string, ids: number, latencyMs: number, client: 'cli' | 'bare', journal: boolean, file: string, log: (t: string) => void): Promise<void> {
  const args = ['--import', 'tsx', 'bench/cli-throughput.ts', '--ids', String(ids), '--latency', String(latencyMs)];
  if (client === 'bare') args.push('--bare');
  else if (journal) args.push('--journal');
  args.push('--only', scenario, '--json', file);
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

export async function measureCli(opts: {
  latencyMs: number;
  scale: number;
  runs: number;
  log: (t: string) => void;
  /** Run the CLI with --journal (default true). */
  journal?: boolean;
  /** Run bench/bareClient.ts (always with a journal) in place of the CLI. */
  bare?: boolean;
  /** Scenario names of bench/cli-throughput.ts (default CLI_SCENARIOS). */
  scenarios?: readonly string[];
  /** IDs per run instead of the scenario's own size. */
  ids?: number;
}): Promise<CliThroughputResult[]> {
  const client = opts.bare ? 'bare' : 'cli';
  const journal = opts.bare || opts.journal !== false;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ue-bench-cli-'));
  try {
    const results: CliThroughputResult[] = [];
    for (const scenario of opts.scenarios ?? CLI_SCENARIOS) {
      const ids = opts.ids ?? cliIds(scenario, opts.latencyMs, opts.scale);
      const measured: { m: Measured; load: RunLoad }[] = [];
      for (let i = 0; i < opts.runs; i++) {
        const file = path.join(dir, `${scenario}-${opts.latencyMs}-${i}.json`);
        const { load } = await withLoad(() => runOnce(scenario, ids, opts.latencyMs, client, journal, file, opts.log));
        const { results: list } = JSON.parse(readFileSync(file, 'utf8')) as { results: Measured[] };
        const m = list[0];
        measured.push({ m, load });
        opts.log(`  ${client} ${scenario} at ${opts.latencyMs} ms, run ${i + 1}/${opts.runs}: ${Math.round(m.accepted / m.sendingS)} IDs/s${load.noisy ? ` (noisy: load ${load.loadStart[0]} → ${load.loadEnd[0]})` : ''}`);
      }
      const first = measured[0].m;
      const ceiling = ids / first.scenario.ceilingS;
      const runs: CliRun[] = measured.map(({ m, load }) => ({ idsPerSecond: m.accepted / m.sendingS, wallSeconds: m.wallS, ...load }));
      results.push({
        scenario,
        client,
        latencyMs: opts.latencyMs,
        journal,
        ids,
        ceilingNote: first.scenario.ceilingNote,
        ceilingIdsPerSecond: ceiling,
        idsPerSecond: summarize(runs.map((r) => r.idsPerSecond)),
        ratio: summarize(runs.map((r) => r.idsPerSecond / ceiling)),
        wallSeconds: summarize(runs.map((r) => r.wallSeconds)),
        throttled: measured.reduce((n, { m }) => n + m.throttled, 0),
        overLimit: measured.reduce((n, { m }) => n + m.overLimit, 0),
        allAnswered: measured.every(({ m }) => m.exit === 0 && m.accepted === ids),
        ...figureNoise(runs),
        runs,
      });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
