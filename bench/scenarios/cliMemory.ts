// Peak memory of the CLI as people run it at scale: `node cli.js delete --vendor batch --mode
// custom-data --ids-file <1,000,000 IDs> --journal FILE --yes --json`, against the fake vendors in
// their own process (so the figure is the CLI's alone). Batch Custom Data takes 10,000 IDs a call,
// 2 in flight: 100 calls, about 2.5 s of sending at 50 ms, so the run measures what the CLI holds
// per ID (input, plan, job state, journal, report) rather than how long the fake takes. The peak
// is the process's own high-water mark (getrusage maxRSS), written by a preloaded hook at exit.
//
//   npx tsx bench/scenarios/cliMemory.ts [--ids N] [--runs N] [--latency MS] [--cli FILE]
// (--cli: measure another build of dist/cli.js, e.g. main's, with the same command.)
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FAKE_ACCOUNTS, seedUsers } from '../../test/fakes';
import { ensureCliBuilt } from '../../test/unit/cli/harness';
import { startFakes } from '../fakes/control';

export interface CliMemoryResult {
  /** IDs in the input file (all distinct). */
  ids: number;
  scenario: string;
  /** Peak resident memory of the CLI process (median of the runs), MB. */
  peakRssMb: number;
  /** Wall time of the CLI process (median of the runs), s. */
  seconds: number;
  /** Every run's figures, in order. */
  runs: { peakRssMb: number; seconds: number; exit: number | null; answered: number }[];
  /** Every ID answered (accepted) and exit 0 in every run. */
  allAnswered: boolean;
}

/** A preloaded hook: at exit the process writes its own peak RSS (KB) to the file the environment names. */
const PEAK_HOOK = `process.on('exit', () => { require('node:fs').writeFileSync(process.env.UE_BENCH_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)); });\n`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr, seconds: (performance.now() - started) / 1000 }));
  });
}

function answeredIn(stdout: string): number {
  try {
    const report = JSON.parse(stdout) as { summary: { accepted: number; done: number; notFound: number } };
    return report.summary.accepted + report.summary.done + report.summary.notFound;
  } catch {
    return 0;
  }
}

export async function measureCliMemory(opts: { ids: number; runs: number; latencyMs?: number; cli?: string; log: (t: string) => void }): Promise<CliMemoryResult[]> {
  const cli = opts.cli ?? (await ensureCliBuilt());
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ue-bench-cli-memory-'));
  const fakes = await startFakes('separate', { latencyMs: opts.latencyMs ?? 50 });
  try {
    const hook = path.join(dir, 'peak-rss.cjs');
    await fs.writeFile(hook, PEAK_HOOK);
    const idsFile = path.join(dir, 'ids.txt');
    await fs.writeFile(idsFile, `${seedUsers(opts.ids).join('\n')}\n`);
    const batch = DEFAULT_FAKE_ACCOUNTS.batch;
    const runs: CliMemoryResult['runs'] = [];
    for (let i = 0; i < opts.runs; i++) {
      await fakes.reset();
      const peakFile = path.join(dir, `peak-${i}.txt`);
      const journal = path.join(dir, `journal-${i}.jsonl`);
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH ?? '',
        USER_ERASURE_BATCH_BASE_URL: fakes.urls.batch,
        BATCH_REST_API_KEY: batch.restKey,
        BATCH_API_KEYS: `${batch.apps[0].label}=${batch.apps[0].apiKey}`,
        UE_BENCH_PEAK_RSS_FILE: peakFile,
      };
      const args = ['--require', hook, cli, 'delete', '--vendor', 'batch', '--mode', 'custom-data', '--ids-file', idsFile, '--journal', journal, '--yes', '--json'];
      const run = await runCli(args, env);
      const peakRssMb = Number(await fs.readFile(peakFile, 'utf8').catch(() => 'NaN')) / 1024;
      const answered = answeredIn(run.stdout);
      if (run.code !== 0) opts.log(`  cli memory run ${i + 1}: exit ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      runs.push({ peakRssMb: Math.round(peakRssMb), seconds: Math.round(run.seconds * 100) / 100, exit: run.code, answered });
      opts.log(`  cli memory run ${i + 1}/${opts.runs}: ${opts.ids.toLocaleString('en-US')} IDs, peak RSS ${Math.round(peakRssMb)} MB, ${run.seconds.toFixed(1)} s, exit ${run.code}`);
      await fs.rm(journal, { force: true });
      await fs.rm(`${journal}.lock`, { force: true, recursive: true });
    }
    return [
      {
        ids: opts.ids,
        scenario: 'batch-custom-data --journal --json',
        peakRssMb: median(runs.map((r) => r.peakRssMb)),
        seconds: median(runs.map((r) => r.seconds)),
        runs,
        allAnswered: runs.every((r) => r.exit === 0 && r.answered === opts.ids),
      },
    ];
  } finally {
    await fakes.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { ids: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '1' }, latency: { type: 'string', default: '50' }, cli: { type: 'string' } }, strict: true });
  measureCliMemory({ ids: Number(values.ids), runs: Number(values.runs), latencyMs: Number(values.latency), cli: values.cli, log: (t) => process.stderr.write(`${t}\n`) })
    .then((results) => process.stdout.write(`${JSON.stringify(results, null, 2)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    });
}
