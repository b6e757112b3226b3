// `npm run bench`: throughput against each vendor's ceiling (engine without a journal, and the CLI
// with one) at each fake latency, the speed-up over a sequential loop, ID parsing (time and
// memory), and the extension's figures (bundle, activation, tree, journal). Prints tables and
// writes bench/results.json. Every figure is a median of several runs (3 unless told) after a
// warm-up, with its range; ratios are measured side by side in the same run (absolute times are
// only context). Every run records the load average at its start and end; runs above 2 are
// marked `noisy` (lib/load.ts). `npm run bench:table` turns the results into the README's table.
//
//   npm run bench [-- --quick] [--runs N] [--warmup N] [--only throughput,loop,cli,parse,bundle,activation,tree,journal]
//                 [--latency 50,200] [--fakes separate|in-process|both] [--out FILE]
import './lib/installVendors';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startFakes, type FakesMode } from './fakes/control';
import { cleanupBundles } from './lib/child';
import { loadAverage, noiseSummary, runLoad, type SectionLoad } from './lib/load';
import { machineInfo } from './lib/machine';
import { renderText, type BenchResults, type SpeedUp } from './report';
import { measureActivation } from './scenarios/activation';
import { measureBundles } from './scenarios/bundle';
import { BARE_SCENARIOS, measureCli } from './scenarios/cli';
import { measureCliMemory } from './scenarios/cliMemory';
import { measureJournal } from './scenarios/journal';
import { curlAvailable, measureLoop, type LoopClient, type LoopResult } from './scenarios/loop';
import { measureParsing } from './scenarios/parse';
import { measureThroughput, throughputScenarios, type ThroughputResult } from './scenarios/throughput';
import { measureTree } from './scenarios/tree';

const SECTIONS = ['throughput', 'loop', 'cli', 'cliMemory', 'parse', 'bundle', 'activation', 'tree', 'journal'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    warmup: { type: 'string' },
    only: { type: 'string' },
    fakes: { type: 'string', default: 'separate' },
    latency: { type: 'string', default: '50,200' },
    out: { type: 'string' },
  },
  strict: true,
});

const quick = values.quick === true;
const runs = count('--runs', values.runs ?? (quick ? '1' : '3'), 1);
const warmup = count('--warmup', values.warmup ?? '1', 0);
const latencies = values.latency.split(',').map((l) => count('--latency', l.trim(), 1));
const only = new Set((values.only ?? SECTIONS.join(',')).split(',').map((s) => s.trim()) as Section[]);
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section "${s}" (${SECTIONS.join(', ')})`);
const fakeModes: FakesMode[] = values.fakes === 'both' ? ['separate', 'in-process'] : [values.fakes as FakesMode];
for (const m of fakeModes) if (m !== 'separate' && m !== 'in-process') throw new Error('--fakes must be separate, in-process or both');
// A partial or quick run never replaces the full run's figures (the README's table is built from them).
const partial = values.only !== undefined || quick;
const out = values.out ?? path.join(__dirname, partial ? 'results-partial.json' : 'results.json');
const scale = quick ? 0.1 : 1;
const log = (text: string) => process.stderr.write(`${text}\n`);

function count(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag}: expected a whole number ≥ ${min}, got "${text}"`);
  return n;
}

async function main(): Promise<void> {
  const started = performance.now();
  const results: BenchResults = {
    machine: machineInfo(),
    options: { quick, runs, warmup, sections: [...only], fakes: fakeModes, latencyMs: latencies, scale },
    sections: {},
  };
  const save = () => writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  /** Runs one section, keeping its duration and the load average around it. */
  const section = async (name: string, fn: () => Promise<void>) => {
    const loadStart = loadAverage();
    const t0 = performance.now();
    await fn();
    const load: SectionLoad = { ...runLoad(loadStart, loadAverage()), seconds: Math.round((performance.now() - t0) / 1000) };
    results.sections![name] = load;
    save();
  };
  log(`bench: ${[...only].join(', ')}; ${warmup} warm-up + ${runs} runs each; fake latency ${latencies.join(' and ')} ms${quick ? ' (quick sizes)' : ''}`);
  if (runs < 3 && !quick) log('bench: fewer than 3 runs: medians without a meaningful range (the results say which)');

  if (only.has('throughput') || only.has('loop')) {
    await section('throughput+loop', async () => {
      results.throughput = {};
      for (const mode of fakeModes) {
        for (const latencyMs of latencies) {
          const scenarios = throughputScenarios(scale, latencyMs);
          const seedEngagelab = scenarios.find((s) => s.name === 'engagelab')!.ids;
          const fakes = await startFakes(mode, { latencyMs, seed: { engagelab: Math.max(seedEngagelab, 1000) } });
          try {
            if (only.has('throughput')) {
              log(`throughput (fakes: ${mode}, ${latencyMs} ms)`);
              const list = (results.throughput[mode] ??= []);
              for (const scenario of scenarios) list.push(await measureThroughput(fakes, scenario, { warmup, runs, log }));
              save();
            }
            // The loop is about batching and concurrency, not latency: once, at the first latency.
            if (only.has('loop') && mode === fakeModes[0] && latencyMs === latencies[0]) {
              log(`sequential loop (${latencyMs} ms)`);
              const clients: LoopClient[] = (await curlAvailable()) ? ['undici', 'curl'] : ['undici'];
              results.loop = [];
              for (const scenario of scenarios) {
                for (const client of clients) {
                  results.loop.push(await measureLoop(fakes, scenario.name, client, { sample: quick ? 10 : client === 'curl' ? 20 : 40, warmup, runs, latencyMs, log }));
                }
              }
              save();
            }
          } finally {
            await fakes.close();
          }
        }
      }
      const ours = results.throughput[fakeModes[0]];
      if (ours && results.loop) results.speedUps = speedUps(ours, results.loop);
    });
  }
  if (only.has('cli')) {
    await section('cli', async () => {
      results.cliThroughput = [];
      for (const latencyMs of latencies) {
        log(`through the CLI with a journal (bench/cli-throughput.ts, ${latencyMs} ms)`);
        results.cliThroughput.push(...(await measureCli({ latencyMs, scale, runs, log })));
        save();
      }
      // The floor beside them: the same calls from a client that only writes each intent and sends.
      results.cliFloor = [];
      for (const latencyMs of latencies.filter((l) => l === 50)) {
        log(`a bare client with a journal, the floor of the rows above (bench/bareClient.ts, ${latencyMs} ms)`);
        results.cliFloor.push(...(await measureCli({ latencyMs, scale, runs, log, bare: true, scenarios: BARE_SCENARIOS })));
        save();
      }
    });
  }
  if (only.has('cliMemory')) {
    log('peak memory of a CLI delete with a journal (bench/scenarios/cliMemory.ts)');
    Object.assign(results, { cliMemory: await measureCliMemory({ ids: quick ? 100_000 : 1_000_000, runs, log }) });
    save();
  }
  if (only.has('parse')) {
    await section('parse', async () => {
      log('parsing');
      // A cold parse varies by a third from run to run (when the collector runs, on 2 cores), a
      // bare split hardly: 9 pairs (about 10 s) keep the median from following one slow run.
      results.parse = await measureParsing({ ids: quick ? 100_000 : 1_000_000, warmup, runs: quick ? 1 : Math.max(runs, 9), log });
    });
  }
  if (only.has('bundle')) {
    await section('bundle', async () => {
      log('bundle size');
      results.bundles = measureBundles();
    });
  }
  if (only.has('activation')) {
    await section('activation', async () => {
      log('activation in a real VS Code');
      results.activation = await measureActivation({ runs, log });
    });
  }
  if (only.has('tree')) {
    await section('tree', async () => {
      log('tree');
      results.tree = await measureTree({ ids: 100_000, warmup: 3, runs: quick ? 5 : 15, log: () => undefined });
    });
  }
  if (only.has('journal')) {
    await section('journal', async () => {
      log('journal');
      results.journal = await measureJournal({ ids: quick ? 100_000 : 1_000_000, warmup: 0, runs, log });
    });
  }
  results.machine.loadEnd = loadAverage();
  results.durationSeconds = Math.round((performance.now() - started) / 1000);
  results.noise = noiseSummary(results as unknown as Record<string, unknown>);
  save();
  process.stdout.write(`${renderText(results)}\n\nwrote ${path.relative(process.cwd(), out)} (${results.durationSeconds} s)\n`);
}

function speedUps(ours: ThroughputResult[], loops: LoopResult[]): SpeedUp[] {
  const latencyMs = loops[0]?.latencyMs;
  return ours.filter((t) => t.latencyMs === latencyMs).map((t) => {
    const entry: SpeedUp = { scenario: t.scenario, latencyMs: t.latencyMs, ours: t.idsPerSecond.median, loop: {} };
    for (const l of loops) {
      if (l.scenario !== t.scenario) continue;
      entry.loop[l.client] = {
        idsPerSecond: l.idsPerSecond.median,
        speedUp: t.idsPerSecond.median / l.idsPerSecond.median,
        low: t.idsPerSecond.min / l.idsPerSecond.max,
        high: t.idsPerSecond.max / l.idsPerSecond.min,
      };
    }
    return entry;
  });
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanupBundles());
