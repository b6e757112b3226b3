// Journal load time for a job of 1,000,000 IDs, in three shapes the journal meets (see
// journalChild.ts): built through the Journal API once, then opened in a fresh process per run
// (a fresh copy each time, since opening may repair or compact it).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runChild } from '../lib/child';
import { figureNoise, withLoad, type RunLoad } from '../lib/load';
import { summarize, type Summary } from '../lib/stats';

export type JournalShape = 'chunked' | 'per-id' | 'snapshot';

export const SHAPE_LABELS: Record<JournalShape, string> = {
  chunked: '100 IDs per call (CleverTap-like): job line + "sending"/answer record per chunk',
  'per-id': '1 ID per call (EngageLab at 500 calls/s, the answer its client records): job line + one answer record per ID, not compacted',
  snapshot: 'the same per-ID job after compaction (one snapshot line)',
};

interface LoadReport {
  ms: number;
  loadMs: number;
  ids: number;
  accepted: number;
  lines: number;
  fileMB: number;
  problems: number;
  peakRssMB: number;
  peakRssDeltaMB: number;
}

export interface JournalResult {
  shape: JournalShape;
  description: string;
  ids: number;
  records: number;
  lines: number;
  fileMB: number;
  openMs: Summary;
  peakRssMB: Summary;
  noisy: boolean;
  noisyRuns: number;
  runs: ({ ms: number; peakRssMB: number } & RunLoad)[];
}

export async function measureJournal(opts: { ids: number; warmup: number; runs: number; log: (t: string) => void }): Promise<JournalResult[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ue-bench-journal-'));
  const results: JournalResult[] = [];
  try {
    for (const shape of ['chunked', 'per-id', 'snapshot'] as const) {
      const fixture = path.join(dir, `${shape}.jsonl`);
      const written = await runChild<{ records: number; fileMB: number }>('bench/scenarios/journalChild.ts', ['write', fixture, String(opts.ids), shape], { timeoutMs: 900_000 });
      const reports: LoadReport[] = [];
      const runs: JournalResult['runs'] = [];
      for (let i = 0; i < opts.warmup + opts.runs; i++) {
        const copy = path.join(dir, `open-${shape}-${i}.jsonl`);
        copyFileSync(fixture, copy);
        const { value: { value }, load } = await withLoad(() => runChild<LoadReport>('bench/scenarios/journalChild.ts', ['load', copy], { nodeArgs: ['--expose-gc'], timeoutMs: 900_000 }));
        rmSync(copy, { force: true });
        rmSync(`${copy}.lock`, { force: true, recursive: true });
        if (value.ids !== opts.ids || value.accepted !== opts.ids || value.problems > 0) throw new Error(`journal ${shape} loaded wrong: ${JSON.stringify(value)}`);
        opts.log(`  journal ${shape} ${i < opts.warmup ? 'warm-up' : `run ${i - opts.warmup + 1}/${opts.runs}`}: ${Math.round(value.ms)} ms`);
        if (i >= opts.warmup) {
          reports.push(value);
          runs.push({ ms: value.ms, peakRssMB: value.peakRssMB, ...load });
        }
      }
      results.push({
        shape,
        description: SHAPE_LABELS[shape],
        ids: opts.ids,
        records: written.value.records,
        lines: reports[0].lines,
        fileMB: reports[0].fileMB,
        openMs: summarize(reports.map((r) => r.ms)),
        peakRssMB: summarize(reports.map((r) => r.peakRssMB)),
        ...figureNoise(runs),
        runs,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
