// `npm run bench`: throughput against each vendor's ceiling, the speed-up over a sequential loop,
// ID parsing, and the extension's figures (bundle, activation, tree, journal). Prints tables and
// writes bench/results.json. Every figure is a median of several runs after a warm-up, with its
// spread; ratios are measured side by side in the same run (absolute times are only context).
//
//   npm run bench [-- --quick] [--runs N] [--warmup N] [--only throughput,loop,cli,parse,bundle,activation,tree,journal]
//                 [--fakes separate|in-process|both] [--out FILE]
import './lib/installVendors';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startFakes, type FakesMode } from './fakes/control';
import { cleanupBundles } from './lib/child';
import { machineInfo } from './lib/machine';
import { renderText, type BenchResults, type SpeedUp } from './report';
import { measureActivation } from './scenarios/activation';
import { measureBundles } from './scenarios/bundle';
import { measureCli } from './scenarios/cli';
import { measureJournal } from './scenarios/journal';
import { curlAvailable, measureLoop, type LoopClient } from './scenarios/loop';
import { measureParsing } from './scenarios/parse';
import { LATENCY_MS, measureThroughput, throughputScenarios, type ThroughputResult } from './scenarios/throughput';
import { measureTree } from './scenarios/tree';

const SECTIONS = ['throughput', 'loop', 'cli', 'parse', 'bundle', 'activation', 'tree', 'journal'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    warmup: { type: 'string' },
    only: { type: 'string' },
    fakes: { type: 'string', default: 'separate' },
    out: { type: 'string' },
  },
  strict: true,
});

const quick = values.quick === true;
const runs = Number(values.runs ?? (quick ? 1 : 3));
const warmup = Number(values.warmup ?? 1);
const only = new Set((values.only ?? SECTIONS.join(',')).split(',').map((s) => s.trim()) as Section[]);
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section "${s}" (${SECTIONS.join(', ')})`);
const fakeModes: FakesMode[] = values.fakes === 'both' ? ['separate', 'in-process'] : [values.fakes as FakesMode];
for (const m of fakeModes) if (m !== 'separate' && m !== 'in-process') throw new Error('--fakes must be separate, in-process or both');
const out = values.out ?? path.join(__dirname, 'results.json');
const scale = quick ? 0.1 : 1;
const log = (text: string) => process.stderr.write(`${text}\n`);

async function main(): Promise<void> {
  const started = performance.now();
  const results: BenchResults = {
    machine: machineInfo(),
    options: { quick, runs, warmup, sections: [...only], fakes: fakeModes, latencyMs: LATENCY_MS, scale },
  };
  const save = () => writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`bench: ${[...only].join(', ')}; ${warmup} warm-up + ${runs} runs each${quick ? ' (quick sizes)' : ''}`);

  const scenarios = throughputScenarios(scale);
  if (only.has('throughput') || only.has('loop')) {
    results.throughput = {};
    const seedEngagelab = scenarios.find((s) => s.name === 'engagelab')!.ids;
    for (const mode of fakeModes) {
      const fakes = await startFakes(mode, { latencyMs: LATENCY_MS, seed: { engagelab: Math.max(seedEngagelab, 1000) } });
      try {
        if (only.has('throughput')) {
          log(`throughput (fakes: ${mode})`);
          const list: ThroughputResult[] = [];
          for (const scenario of scenarios) list.push(await measureThroughput(fakes, scenario, { warmup, runs, log }));
          results.throughput[mode] = list;
          save();
        }
        if (only.has('loop') && mode === fakeModes[0]) {
          log('sequential loop');
          const clients: LoopClient[] = (await curlAvailable()) ? ['undici', 'curl'] : ['undici'];
          results.loop = [];
          for (const scenario of scenarios) {
            for (const client of clients) {
              results.loop.push(await measureLoop(fakes, scenario.name, client, { sample: quick ? 10 : client === 'curl' ? 20 : 40, warmup, runs, log }));
            }
          }
          save();
        }
      } finally {
        await fakes.close();
      }
    }
    const ours = results.throughput[fakeModes[0]];
    if (ours && results.loop) results.speedUps = speedUps(ours, results);
  }
  if (only.has('cli')) {
    log('through the CLI (bench/cli-throughput.ts)');
    results.cliThroughput = await measureCli({ ids: quick ? 2_000 : 10_000, runs, log });
    save();
  }
  if (only.has('parse')) {
    log('parsing');
    results.parse = await measureParsing({ ids: quick ? 100_000 : 1_000_000, warmup, runs: quick ? 1 : Math.max(runs, 5), log });
    save();
  }
  if (only.has('bundle')) {
    log('bundle size');
    results.bundles = measureBundles();
    save();
  }
  if (only.has('activation')) {
    log('activation in a real VS Code');
    results.activation = await measureActivation({ runs: quick ? 1 : runs, log });
    save();
  }
  if (only.has('tree')) {
    log('tree');
    results.tree = await measureTree({ ids: 100_000, warmup: 3, runs: quick ? 5 : 15, log: () => undefined });
    save();
  }
  if (only.has('journal')) {
    log('journal');
    results.journal = await measureJournal({ ids: quick ? 100_000 : 1_000_000, warmup: 0, runs: quick ? 1 : runs, log });
    save();
  }
  results.machine.loadEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  results.durationSeconds = Math.round((performance.now() - started) / 1000);
  save();
  process.stdout.write(`${renderText(results)}\n\nwrote ${path.relative(process.cwd(), out)} (${results.durationSeconds} s)\n`);
}

function speedUps(ours: ThroughputResult[], results: BenchResults): SpeedUp[] {
  return ours.map((t) => {
    const entry: SpeedUp = { scenario: t.scenario, ours: t.idsPerSecond.median, loop: {} };
    for (const l of results.loop ?? []) {
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
