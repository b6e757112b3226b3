// Reading 1,000,000 IDs from a ~40 MB selection (plain lines, CSV with a header, JSON array):
// parseIds next to a bare text.split('\n') of the same text, each in a fresh child process so
// peak memory is the operation's own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runChild } from '../lib/child';
import { summarize, type Summary } from '../lib/stats';

export type SelectionFormat = 'lines' | 'csv' | 'json';

interface ChildReport {
  mode: string;
  count: number;
  ms: number;
  textMB: number;
  rssBeforeMB: number;
  peakRssMB: number;
  peakRssDeltaMB: number;
  heapBeforeMB: number;
  heapHeldMB: number;
}

export interface ParseResult {
  format: SelectionFormat;
  ids: number;
  textMB: number;
  parse: { ms: Summary; peakRssDeltaMB: Summary; heapHeldMB: Summary; count: number };
  split: { ms: Summary; peakRssDeltaMB: Summary; heapHeldMB: Summary; count: number };
  /** parse time ÷ split time (medians). */
  timeRatio: number;
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

export async function measureParsing(opts: { ids: number; warmup: number; runs: number; log: (t: string) => void }): Promise<ParseResult[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ue-bench-parse-'));
  const results: ParseResult[] = [];
  try {
    for (const format of ['lines', 'csv', 'json'] as const) {
      const file = path.join(dir, `selection.${format}`);
      writeFileSync(file, selectionText(format, opts.ids));
      const reports: Record<'parse' | 'split', ChildReport[]> = { parse: [], split: [] };
      for (let i = 0; i < opts.warmup + opts.runs; i++) {
        // Alternate so drifting machine load hits both alike.
        for (const mode of ['parse', 'split'] as const) {
          const { value } = await runChild<ChildReport>('bench/scenarios/parseChild.ts', [file, mode], { nodeArgs: ['--expose-gc'], timeoutMs: 300_000 });
          if (i >= opts.warmup) reports[mode].push(value);
        }
        opts.log(`  parse ${format} ${i < opts.warmup ? 'warm-up' : `run ${i - opts.warmup + 1}/${opts.runs}`}`);
      }
      const digest = (list: ChildReport[]) => ({
        ms: summarize(list.map((r) => r.ms)),
        peakRssDeltaMB: summarize(list.map((r) => r.peakRssDeltaMB)),
        heapHeldMB: summarize(list.map((r) => r.heapHeldMB)),
        count: list[0]?.count ?? 0,
      });
      const parse = digest(reports.parse);
      const split = digest(reports.split);
      if (parse.count !== opts.ids) throw new Error(`parseIds read ${parse.count} IDs from the ${format} selection, expected ${opts.ids}`);
      results.push({ format, ids: opts.ids, textMB: reports.parse[0].textMB, parse, split, timeRatio: parse.ms.median / split.ms.median });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
