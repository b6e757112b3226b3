// Journal size, load time and peak memory for large histories of three shapes (chunked calls,
// one ID per call, one ID per call with a vendor reference per ID), at 100,000 and 1,000,000 IDs.
// Run: npx tsx bench/journal.bench.ts [--quick] [--only chunked,per-call,gdpr]
// Histories are written in this process (see lib/journalHistory.ts); every load runs in a fresh
// process (bench/scenarios/journalChild.ts), so its time and peak RSS are its own. Prints
// figures; asserts nothing (timings belong here, not in tests).
import './lib/installVendors';
import { copyFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Journal } from '../src/core/journal';
import { cleanupBundles, runChild } from './lib/child';
import { HISTORY_LABELS, writeHistory, type HistoryShape } from './lib/journalHistory';

const quick = process.argv.includes('--quick');
const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const shapes = (onlyArg ? onlyArg.split(',') : ['chunked', 'per-call', 'gdpr']) as HistoryShape[];
const sizes = quick ? [100_000] : [100_000, 1_000_000];

interface LoadFigures {
  ms: number;
  ids: number;
  counts: Record<string, number>;
  problems: number;
  peakRssMB: number;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function timed<T>(what: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await what();
  return { value, ms: performance.now() - started };
}

/** Opens a copy of the journal in a fresh process (opening may repair or compact it). */
async function loadInChild(file: string): Promise<LoadFigures> {
  const copy = `${file}.load-copy.jsonl`;
  copyFileSync(file, copy);
  try {
    const { value } = await runChild<LoadFigures>('bench/scenarios/journalChild.ts', ['load', copy], { nodeArgs: ['--expose-gc'], timeoutMs: 900_000 });
    if (value.problems > 0) throw new Error(`${file}: ${value.problems} problem lines`);
    return value;
  } finally {
    rmSync(copy, { force: true });
    rmSync(`${copy}.lock`, { force: true, recursive: true });
  }
}

function loadText(load: LoadFigures): string {
  return `load ${load.ms.toFixed(0)} ms, peak RSS ${load.peakRssMB.toFixed(0)} MB`;
}

async function measure(shape: HistoryShape, ids: number): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ue-journal-bench-'));
  try {
    // A huge threshold: measure the append-only file first, compact explicitly after.
    const writer = await Journal.open(dir, { followMs: 0, compactMinBytes: 1e12 });
    const write = await timed(() => writeHistory(writer, shape, ids));
    const { records, commits } = writer.stats;
    await writer.close();
    const appended = (await stat(writer.file)).size;
    const appendedLoad = await loadInChild(writer.file);

    const compacting = await Journal.open(dir, { followMs: 0, compactMinBytes: 1e12 });
    const compact = await timed(() => compacting.compact());
    await compacting.close();
    const compacted = (await stat(writer.file)).size;
    const compactedLoad = await loadInChild(writer.file);

    // The same history with the defaults the extension uses (automatic compaction on growth).
    await rm(dir, { recursive: true, force: true });
    const auto = await Journal.open(dir, { followMs: 0 });
    await writeHistory(auto, shape, ids);
    const autoCompactions = auto.stats.compactions;
    await auto.close();
    const autoSize = (await stat(auto.file)).size;
    const autoLoad = await loadInChild(auto.file);

    const perId = (bytes: number) => `${(bytes / ids).toFixed(0)} bytes/ID`;
    console.log(`\n${ids.toLocaleString('en-US')} IDs — ${HISTORY_LABELS[shape]}`);
    console.log(`  write: ${records.toLocaleString('en-US')} records in ${commits.toLocaleString('en-US')} group commits, ${write.ms.toFixed(0)} ms → ${JSON.stringify(appendedLoad.counts)}`);
    console.log(`  append-only journal: ${mb(appended)} (${perId(appended)}), ${loadText(appendedLoad)}`);
    console.log(`  compacted:           ${mb(compacted)} (${perId(compacted)}) in ${compact.ms.toFixed(0)} ms, ${loadText(compactedLoad)}`);
    console.log(`  with defaults:       ${mb(autoSize)} after ${autoCompactions} automatic compaction(s), ${loadText(autoLoad)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}, fsync on every group commit; loads in a fresh process each`);
  for (const ids of sizes) for (const shape of shapes) await measure(shape, ids);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanupBundles());
