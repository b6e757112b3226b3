// Time for the Erasure Jobs tree to show a 100,000-ID job: the plain-Node tree model (no vscode)
// computing every row VS Code asks for when the engineer opens the job down to its IDs — the job
// row, its target rows, the outcome groups, and the first page (1,000) of each group's IDs — and
// again after a state change (a refresh re-reads the job's rows).
import type { IdResult } from '../../src/core/job';
import { JobStore } from '../../src/core/jobStore';
import { Redactor } from '../../src/core/redact';
import { JobsTreeModel } from '../../src/views/jobs/jobsTreeModel';
import type { JobsNode } from '../../src/views/jobs/nodes/node';
import { figureNoise, type FigureNoise, type RunLoad } from '../lib/load';
import { repeat, type Summary } from '../lib/stats';

const PAGE_SIZE = 1_000;

export interface TreeResult extends FigureNoise {
  ids: number;
  rows: number;
  firstShowMs: Summary;
  refreshMs: Summary;
  /** Every measured run (first shows, then refreshes), with its load. */
  runs: ({ value: number } & RunLoad)[];
}

async function jobOf(count: number) {
  const store = new JobStore();
  const ids = Array.from({ length: count }, (_, i) => `user-${i + 1}`);
  const job = await store.add({
    id: 'job-bench-tree',
    createdAt: Date.UTC(2026, 0, 1),
    source: 'editor',
    title: `${count.toLocaleString('en-US')} IDs → CleverTap`,
    targets: [{ spec: { key: 'clevertap:acc', accountId: 'acc', accountLabel: 'EU prod', options: { vendor: 'clevertap', idType: 'identity' } }, ids: ids.map((id) => ({ id })) }],
  });
  const target = job.targets[0];
  // As a real run leaves it: one shared answer per chunk of 100; 1 % failed, 0.5 % unknown.
  for (let start = 0; start < count; start += 100) {
    const indices = Array.from({ length: Math.min(100, count - start) }, (_, k) => start + k);
    const chunk = start / 100;
    const result: IdResult =
      chunk % 100 === 7
        ? { outcome: 'failed', httpStatus: 500, message: 'Internal server error', request: 'POST https://eu1.api.clevertap.com/1/delete/profiles.json (100 IDs)', at: 1 }
        : chunk % 200 === 13
          ? { outcome: 'unknown', message: 'no answer before the request timeout; the request may have reached the vendor', at: 1 }
          : { outcome: 'accepted', httpStatus: 200, message: 'deletion queued by CleverTap', request: 'POST https://eu1.api.clevertap.com/1/delete/profiles.json (100 IDs)', at: 1 };
    await store.record(job, target, indices, result);
  }
  return { store, job };
}

/** Every row shown when the job is opened down to the first page of each group. */
function showAll(model: JobsTreeModel): number {
  let rows = 0;
  const visit = (node: JobsNode, depth: number) => {
    node.row();
    rows++;
    if (depth < 3) for (const child of node.children()) visit(child, depth + 1);
  };
  for (const root of model.roots()) visit(root, 0);
  return rows;
}

export async function measureTree(opts: { ids: number; warmup: number; runs: number; log: (t: string) => void }): Promise<TreeResult> {
  const { store, job } = await jobOf(opts.ids);
  const redactor = new Redactor();
  const ctx = { store, isRunning: () => false, redact: (t: string) => redactor.redactText(t), pageSize: PAGE_SIZE, showMoreCommand: 'userErasure.jobs.showMore' };
  let rows = 0;
  const first = await repeat({ warmup: opts.warmup, runs: opts.runs, log: opts.log, label: 'tree first show ms' }, async () => {
    const started = performance.now();
    rows = showAll(new JobsTreeModel(ctx));
    return { value: performance.now() - started };
  });
  const model = new JobsTreeModel(ctx);
  showAll(model);
  let flip = 0;
  const refresh = await repeat({ warmup: opts.warmup, runs: opts.runs, log: opts.log, label: 'tree refresh ms' }, async () => {
    // A status check moved 100 IDs; the view refreshes the job's row and re-reads what is open.
    const target = job.targets[0];
    const indices = Array.from({ length: 100 }, (_, k) => 700 + k);
    await store.record(job, target, indices, { outcome: flip++ % 2 === 0 ? 'done' : 'accepted', at: 2 });
    const started = performance.now();
    const affected = model.affected({ kind: 'updated', jobId: job.id, targetKey: target.spec.key, count: 100 });
    if (affected === 'all') showAll(model);
    else {
      const visit = (node: JobsNode, depth: number) => {
        node.row();
        if (depth < 3) for (const child of node.children()) visit(child, depth + 1);
      };
      visit(affected, 0);
    }
    return { value: performance.now() - started };
  });
  const runs = [...first.details, ...refresh.details];
  return { ids: opts.ids, rows, firstShowMs: first.summary, refreshMs: refresh.summary, ...figureNoise(runs), runs };
}
