// Journal size and load time for large histories. Run: npx tsx bench/journal.bench.ts [--quick]
// Prints figures; asserts nothing (timings belong here, not in tests).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IdResult, JobSpec, JobState, TargetSpec } from '../src/core/job';
import { Journal } from '../src/core/journal';

const quick = process.argv.includes('--quick');
const T0 = Date.UTC(2026, 0, 10);

interface Scenario {
  name: string;
  ids: number;
  target: TargetSpec;
  /** IDs per deletion call (one record per call for intent and one for the answer). */
  chunk: number;
  /** Each ID gets its own vendor reference (Batch GDPR: one request per ID). */
  perIdReference: boolean;
}

const clevertap: TargetSpec = { key: 'clevertap:acc', accountId: 'acc', accountLabel: 'EU prod', options: { vendor: 'clevertap', idType: 'identity' } };
const batchGdpr: TargetSpec = { key: 'batch:acc:iOS:gdpr', accountId: 'acc', accountLabel: 'Batch', options: { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' } };

const scenarios: Scenario[] = [
  { name: '100,000 IDs, chunks of 100 (CleverTap-like)', ids: 100_000, target: clevertap, chunk: 100, perIdReference: false },
  { name: '100,000 IDs, one request each with its own reference (Batch GDPR)', ids: 100_000, target: batchGdpr, chunk: 1, perIdReference: true },
  ...(quick ? [] : [{ name: '1,000,000 IDs, chunks of 100 (CleverTap-like)', ids: 1_000_000, target: clevertap, chunk: 100, perIdReference: false }]),
];

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function timed<T>(what: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await what();
  return { value, ms: performance.now() - started };
}

/** Deletion (sending → accepted) and one status round (accepted → done), like a real job. */
async function writeHistory(journal: Journal, scenario: Scenario): Promise<JobState> {
  const spec: JobSpec = {
    id: `bench-${scenario.ids}-${scenario.chunk}`,
    createdAt: T0,
    source: 'cli',
    title: scenario.name,
    targets: [{ spec: scenario.target, ids: Array.from({ length: scenario.ids }, (_, i) => ({ id: `user-${i.toString(36)}-${(i * 7919) % 100_000}@example.com` })) }],
  };
  const job = await journal.store.add(spec);
  const target = job.targets[0];
  const inFlight = 500; // calls in flight at once → appends that share a group commit
  const calls: number[][] = [];
  for (let start = 0; start < scenario.ids; start += scenario.chunk) {
    calls.push(Array.from({ length: Math.min(scenario.chunk, scenario.ids - start) }, (_, k) => start + k));
  }
  const step = async (make: (indices: number[], n: number) => IdResult) => {
    for (let n = 0; n < calls.length; n += inFlight) {
      await Promise.all(calls.slice(n, n + inFlight).map((indices, k) => journal.store.record(job, target, indices, make(indices, n + k))));
    }
  };
  await step((_, n) => ({ outcome: 'sending', at: T0 + n }));
  await step((_, n) => ({
    outcome: 'accepted',
    httpStatus: 200,
    message: scenario.perIdReference ? 'GDPR remove request accepted by Batch' : 'accepted by CleverTap (completes within 48 h)',
    reference: scenario.perIdReference ? `9b2f${n.toString(16).padStart(8, '0')}-1c2d-4e5f-8a9b-0c1d2e3f4a5b` : undefined,
    request: scenario.perIdReference ? 'POST https://api.batch.com/1.0/***/gdpr/request (1 ID)' : 'POST https://api.clevertap.com/1/delete/profiles.json (100 IDs)',
    at: T0 + 1000 + n,
  }));
  await step((_, n) => ({ outcome: 'done', httpStatus: 200, message: scenario.perIdReference ? 'done at Batch' : 'profile no longer found', at: T0 + 86_400_000 + n }));
  return job;
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}, fsync on every group commit`);
  for (const scenario of scenarios) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ue-journal-bench-'));
    try {
      // A huge threshold: measure the append-only file first, compact explicitly after.
      const writer = await Journal.open(dir, { followMs: 0, compactMinBytes: 1e12 });
      const write = await timed(() => writeHistory(writer, scenario));
      const { records, commits } = writer.stats;
      await writer.close();
      const appended = (await stat(writer.file)).size;

      const load1 = await timed(() => Journal.open(dir, { followMs: 0, compactMinBytes: 1e12 }));
      const counts = load1.value.store.list()[0].counts();
      const compact = await timed(() => load1.value.compact());
      await load1.value.close();
      const compacted = (await stat(writer.file)).size;

      const heapBefore = process.memoryUsage().heapUsed;
      const load2 = await timed(() => Journal.open(dir, { followMs: 0 }));
      const heapAfter = process.memoryUsage().heapUsed;
      await load2.value.close();

      // The same history with the defaults the extension uses (automatic compaction on growth).
      await rm(dir, { recursive: true, force: true });
      const auto = await Journal.open(dir, { followMs: 0 });
      await writeHistory(auto, scenario);
      const autoCompactions = auto.stats.compactions;
      await auto.close();
      const autoSize = (await stat(auto.file)).size;
      const autoLoad = await timed(() => Journal.open(dir, { followMs: 0 }));
      await autoLoad.value.close();

      console.log(`\n${scenario.name}`);
      console.log(`  write: ${records.toLocaleString('en-US')} records in ${commits.toLocaleString('en-US')} group commits, ${write.ms.toFixed(0)} ms`);
      console.log(`  append-only journal: ${mb(appended)} (${(appended / scenario.ids).toFixed(0)} bytes/ID), load ${load1.ms.toFixed(0)} ms → ${JSON.stringify(Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)))}`);
      console.log(`  compacted:           ${mb(compacted)} (${(compacted / scenario.ids).toFixed(0)} bytes/ID) in ${compact.ms.toFixed(0)} ms, load ${load2.ms.toFixed(0)} ms, heap ${mb(heapAfter - heapBefore)}`);
      console.log(`  with defaults:       ${mb(autoSize)} after ${autoCompactions} automatic compaction(s), load ${autoLoad.ms.toFixed(0)} ms`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
