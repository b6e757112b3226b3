// The throughput matrix alone, without the rest of `npm run bench`: each vendor's ratio to its
// ceiling at each fake latency, with the journal off and on, through the engine and/or the CLI, and
// the load average before and after every figure (the machine may be shared: compare ratios of one
// run side by side, not across runs).
//
//   npx tsx bench/throughput-matrix.ts [--latency 50,200] [--journal off,on] [--what engine,cli]
//        [--only engagelab,clevertap,cooladata,batch-gdpr] [--cli-only cooladata,engagelab,clevertap,batch-gdpr-32]
//        [--runs 3] [--warmup 1] [--scale 1] [--cli-ids N (default: npm run bench's sizes)] [--fakes separate|in-process] [--out FILE]
//        [--disk-ms N]   (engine with the journal: every fsync N ms slower, as on a slow disk)
import './lib/installVendors';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startFakes, type FakesMode } from './fakes/control';
import { cleanupBundles } from './lib/child';
import { textTable } from './lib/table';
import { measureCli, type CliThroughputResult } from './scenarios/cli';
import { LATENCIES_MS, measureThroughput, throughputScenarios, type ThroughputResult } from './scenarios/throughput';

const { values } = parseArgs({
  options: {
    latency: { type: 'string', default: LATENCIES_MS.join(',') },
    journal: { type: 'string', default: 'off,on' },
    what: { type: 'string', default: 'engine,cli' },
    only: { type: 'string', default: 'engagelab,clevertap,cooladata,batch-gdpr' },
    'cli-only': { type: 'string', default: 'cooladata,engagelab,clevertap,batch-gdpr-32' },
    runs: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    scale: { type: 'string', default: '1' },
    'disk-ms': { type: 'string', default: '0' },
    'cli-ids': { type: 'string' },
    fakes: { type: 'string', default: 'separate' },
    out: { type: 'string' },
  },
  strict: true,
});

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
const latencies = list(values.latency).map(Number);
const journalModes = list(values.journal).map((j) => j === 'on');
const what = new Set(list(values.what));
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const log = (text: string) => process.stderr.write(`${text}\n`);
const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

interface Row {
  path: 'engine' | 'cli';
  scenario: string;
  latencyMs: number;
  journal: boolean;
  ratio: { median: number; min: number; max: number };
  overLimit: number;
  provoked429: number;
  loadBefore: number[];
  loadAfter: number[];
  /** Median answer time at the fake (engine runs). */
  fakeServedMs?: number;
  /** Engine CPU per request, and the share of a core it needs at the ceiling (engine runs). */
  cpuMsPerCall?: number;
  coreShareAtCeiling?: number;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const engine: ThroughputResult[] = [];
  const cli: CliThroughputResult[] = [];
  for (const latencyMs of latencies) {
    if (what.has('engine')) {
      const scenarios = throughputScenarios(Number(values.scale), latencyMs).filter((s) => list(values.only).includes(s.name));
      const seed = Math.max(1000, ...scenarios.filter((s) => s.vendor === 'engagelab').map((s) => s.ids));
      const fakes = await startFakes(values.fakes as FakesMode, { latencyMs, seed: { engagelab: seed } });
      try {
        for (const scenario of scenarios) {
          for (const journal of journalModes) {
            const loadBefore = load();
            const result = await measureThroughput(fakes, scenario, { warmup, runs, log, journal, diskMs: Number(values['disk-ms']) });
            engine.push(result);
            rows.push({ path: 'engine', scenario: scenario.name, latencyMs, journal, ratio: result.ratio, overLimit: result.overLimit, provoked429: result.provoked429, loadBefore, loadAfter: load(), fakeServedMs: result.fakeServedMs, cpuMsPerCall: result.cpuMsPerCall, coreShareAtCeiling: result.coreShareAtCeiling });
          }
        }
      } finally {
        await fakes.close();
      }
    }
    if (what.has('cli')) {
      for (const journal of journalModes) {
        const loadBefore = load();
        const results = await measureCli({ ids: values['cli-ids'] === undefined ? undefined : Number(values['cli-ids']), scale: Number(values.scale), runs, log, latencyMs, journal, scenarios: list(values['cli-only']) });
        cli.push(...results);
        for (const r of results) {
          rows.push({ path: 'cli', scenario: r.scenario, latencyMs, journal, ratio: r.ratio, overLimit: r.overLimit, provoked429: r.throttled, loadBefore, loadAfter: load() });
        }
      }
    }
  }
  const fixed = (n: number) => n.toFixed(3);
  const table = textTable(
    ['path', 'scenario', 'latency', 'journal', 'ratio', 'range', 'over/429', 'fake answered', 'CPU/call', 'core at ceiling', 'load before → after'],
    rows.map((r) => [
      r.path,
      r.scenario,
      `${r.latencyMs} ms`,
      r.journal ? 'on' : 'off',
      fixed(r.ratio.median),
      `${fixed(r.ratio.min)}–${fixed(r.ratio.max)}`,
      `${r.overLimit}/${r.provoked429}`,
      r.fakeServedMs === undefined ? '' : `${r.fakeServedMs.toFixed(1)} ms`,
      r.cpuMsPerCall === undefined ? '' : `${r.cpuMsPerCall.toFixed(2)} ms`,
      r.coreShareAtCeiling === undefined ? '' : `${Math.round(r.coreShareAtCeiling * 100)} %`,
      `${r.loadBefore[0]} → ${r.loadAfter[0]}`,
    ]),
  );
  process.stdout.write(`${table}\n`);
  if (values.out) writeFileSync(values.out, `${JSON.stringify({ cpus: os.cpus().length, node: process.version, runs, rows, throughput: engine, cliThroughput: cli }, null, 2)}\n`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`throughput matrix failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanupBundles());
