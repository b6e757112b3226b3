// Child-process entry for the journal figures (one fresh process per measurement):
//   write <file> <ids> <shape>   builds a journal through the Journal API (not timed)
//   load <file>                  opens it as the extension/CLI would and reports time and memory
// Shapes: 'per-id' = a 1-ID-per-call job (EngageLab, 500 calls/s, the answer its client
// records) with one state record per ID; 'chunked' = a 100-IDs-per-call job (CleverTap) with
// "sending" + answer records per chunk; 'snapshot' = 'per-id' compacted to one snapshot line.
import '../lib/installVendors';
import { openJournal } from '../../src/core/journal';
import type { IdResult, JobSpec, TargetOptions } from '../../src/core/job';
import { deleteAnswer } from '../lib/journalHistory';

const [command, file, countText, shape] = process.argv.slice(2);
const mb = (bytes: number) => bytes / (1024 * 1024);

function spec(count: number, options: TargetOptions, key: string): JobSpec {
  return {
    id: 'job-20260101T000000-bench1',
    createdAt: Date.UTC(2026, 0, 1),
    source: 'cli',
    title: `${count.toLocaleString('en-US')} IDs (bench)`,
    targets: [{ spec: { key, accountId: 'acc-1', accountLabel: 'Prod', options }, ids: Array.from({ length: count }, (_, i) => ({ id: `cus-${String(i).padStart(7, '0')}-4f1c2a9be07d3c55aa10` })) }],
  };
}

async function write(): Promise<void> {
  const count = Number(countText);
  const perId = shape !== 'chunked';
  const { journal, jobs } = await openJournal(file, { fsync: false, compactMinBytes: Number.MAX_SAFE_INTEGER });
  if (jobs.length > 0) throw new Error('journal not empty');
  const job = await journal.store.add(
    perId ? spec(count, { vendor: 'engagelab', idType: 'registration_id' }, 'engagelab:acc-1') : spec(count, { vendor: 'clevertap', idType: 'identity' }, 'clevertap:acc-1'),
  );
  const target = job.targets[0];
  const at = Date.UTC(2026, 0, 1, 0, 1);
  const answer = async (i: number, n: number): Promise<IdResult> =>
    perId
      ? { ...(await deleteAnswer('per-call', [target.ids[i]])), at: at + 2 * i }
      : { outcome: 'accepted', httpStatus: 200, message: 'accepted by CleverTap', request: `POST https://eu1.api.clevertap.com/1/delete/profiles.json (${n} IDs)`, at: at + i };
  const step = perId ? 1 : 100;
  const batch: Promise<void>[] = [];
  for (let start = 0; start < count; start += step) {
    const indices = Array.from({ length: Math.min(step, count - start) }, (_, k) => start + k);
    if (!perId) batch.push(journal.store.record(job, target, indices, { outcome: 'sending', at: at + start }));
    batch.push(answer(start, indices.length).then((result) => journal.store.record(job, target, indices, result)));
    if (batch.length >= 20_000) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  if (shape === 'snapshot') await journal.compact();
  await journal.flush();
  const stats = journal.stats;
  await journal.close();
  process.stdout.write(`${JSON.stringify({ records: stats.records, fileMB: mb(stats.fileBytes) })}\n`);
}

async function load(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  gc();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const { journal, jobs, report } = await openJournal(file, { compactMinBytes: Number.MAX_SAFE_INTEGER });
  const ms = performance.now() - started;
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  const ids = jobs.reduce((n, j) => n + j.targets.reduce((m, t) => m + t.size, 0), 0);
  const accepted = jobs.reduce((n, j) => n + j.counts().accepted, 0);
  const counts: Record<string, number> = {};
  for (const job of jobs) for (const [outcome, n] of Object.entries(job.counts())) if (n > 0) counts[outcome] = (counts[outcome] ?? 0) + n;
  await journal.close();
  process.stdout.write(
    `${JSON.stringify({ ms, loadMs: report.loadMs, ids, accepted, counts, lines: report.lines, fileMB: mb(report.bytes), problems: report.problems.length, peakRssMB, peakRssDeltaMB: peakRssMB - mb(rssBefore) })}\n`,
  );
}

(command === 'write' ? write() : load()).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
