// Reading 1,000,000 IDs from a ~40 MB selection (plain lines, CSV with a header, JSON array):
// parseIds next to a bare text.split('\n') of the same text, each in a fresh child process so
// peak memory is the operation's own. Each run pairs one parse and one split back to back; the
// time ratio of each pair gives the ratio's median and range, and the peak memory above the loaded
// text, divided by the text's size, gives the memory ratio (issue 14: ≤ 3× the text size).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runChild } from '../lib/child';
import { figureNoise, withLoad, type RunLoad } from '../lib/load';
import { summarize, type Summary } from '../lib/stats';

export type SelectionFormat = 'lines' | 'csv' | 'json';

interface ChildReport {
  mode: string;
  count: number;
  ms: number;
  textMB: number;
  textBytes: number;
  peakReset: boolean;
  rssBeforeMB: number;
  peakRssMB: number;
  peakRssDeltaMB: number;
  heapBeforeMB: number;
  heapHeldMB: number;
}

interface Side {
  ms: Summary;
  peakRssDeltaMB: Summary;
  /** Peak RSS above the RSS right before the operation (text loaded) ÷ the text's bytes. */
  peakMemoryRatio: Summary;
  heapHeldMB: Summary;
  count: number;
}

export interface ParseRun extends RunLoad {
  timeRatio: number;
  peakMemoryRatio: number;
}

export interface ParseResult {
  format: SelectionFormat;
  ids: number;
  textMB: number;
  parse: Side;
  split: Side;
  /** parseIds time ÷ split time: median of the runs (each run one parse and one split, back to back). */
  timeRatio: number;
  timeRatioRuns: Summary;
  /** parseIds peak memory above the loaded text ÷ the text's size: median of the runs. */
  peakMemoryRatio: number;
  peakMemoryRatioRuns: Summary;
  /** false: the peak could not be reset after reading the file, so the memory figures are upper bounds. */
  peakReset: boolean;
  noisy: boolean;
  noisyRuns: number;
  runs: ParseRun[];
}

/** 38-character IDs, distinct, not sorted: "cus-0000042-<26 hex>". */
export function benchId(i: number): string {
  let x = (i + 1) * 2654435761;
  let hex = '';
  while (hex.length < 26) {
    x = (x * 1103515245 + 12345) % 2147483648;
    hex += x.toString(16).padStart(8, '0');
  }
  return `cus-${String(i).padStart(7, '0')}-${hex.slice(0, 26)}`;
}

export function selectionText(format: SelectionFormat, count: number): string {
  const ids = Array.from({ length: count }, (_, i) => benchId(i));
  switch (format) {
    case 'lines':
      return `${ids.join('\n')}\n`;
    case 'csv':
      return `user_id,plan\n${ids.map((id) => `${id},1`).join('\n')}\n`;
    case 'json':
      // One element per line, as a pretty-printed export or a copied query result has it.
      return `[${ids.map((id) => `"${id}"`).join(',\n')}]\n`;
  }
}

function memoryRatio(r: ChildReport): number {
  return (r.peakRssDeltaMB * 1024 * 1024) / r.textBytes;
}

function digest(list: ChildReport[]): Side {
  return {
    ms: summarize(list.map((r) => r.ms)),
    peakRssDeltaMB: summarize(list.map((r) => r.peakRssDeltaMB)),
    peakMemoryRatio: summarize(list.map(memoryRatio)),
    heapHeldMB: summarize(list.map((r) => r.heapHeldMB)),
    count: list[0]?.count ?? 0,
  };
}

export async function measureParsing(opts: { ids: number; warmup: number; runs: number; log: (t: string) => void }): Promise<ParseResult[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ue-bench-parse-'));
  const results: ParseResult[] = [];
  try {
    for (const format of ['lines', 'csv', 'json'] as const) {
      const file = path.join(dir, `selection.${format}`);
      writeFileSync(file, selectionText(format, opts.ids));
      const reports: Record<'parse' | 'split', ChildReport[]> = { parse: [], split: [] };
      const runs: ParseRun[] = [];
      for (let i = 0; i < opts.warmup + opts.runs; i++) {
        // Alternate so drifting machine load hits both alike.
        const { value: pair, load } = await withLoad(async () => ({
          parse: (await runChild<ChildReport>('bench/scenarios/parseChild.ts', [file, 'parse'], { nodeArgs: ['--expose-gc'], timeoutMs: 300_000 })).value,
          split: (await runChild<ChildReport>('bench/scenarios/parseChild.ts', [file, 'split'], { nodeArgs: ['--expose-gc'], timeoutMs: 300_000 })).value,
        }));
        const warm = i < opts.warmup;
        if (!warm) {
          reports.parse.push(pair.parse);
          reports.split.push(pair.split);
          runs.push({ timeRatio: pair.parse.ms / pair.split.ms, peakMemoryRatio: memoryRatio(pair.parse), ...load });
        }
        opts.log(`  parse ${format} ${warm ? 'warm-up' : `run ${i - opts.warmup + 1}/${opts.runs}`}${load.noisy ? ` (noisy: load ${load.loadStart[0]} → ${load.loadEnd[0]})` : ''}`);
      }
      const parse = digest(reports.parse);
      const split = digest(reports.split);
      if (parse.count !== opts.ids) throw new Error(`parseIds read ${parse.count} IDs from the ${format} selection, expected ${opts.ids}`);
      const timeRatioRuns = summarize(runs.map((r) => r.timeRatio));
      const peakMemoryRatioRuns = summarize(runs.map((r) => r.peakMemoryRatio));
      results.push({
        format,
        ids: opts.ids,
        textMB: reports.parse[0].textMB,
        parse,
        split,
        timeRatio: timeRatioRuns.median,
        timeRatioRuns,
        peakMemoryRatio: peakMemoryRatioRuns.median,
        peakMemoryRatioRuns,
        peakReset: [...reports.parse, ...reports.split].every((r) => r.peakReset),
        ...figureNoise(runs),
        runs,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
