// Jobs for view and command tests: a JobStore with jobs whose IDs are in chosen states.
import { type IdResult, type JobSpec, type Outcome, type TargetOptions, targetKeyOf } from '../../../src/core/job';
import { JobStore } from '../../../src/core/jobStore';
import type { TreeContext } from '../../../src/views/jobs/nodes/node';

export interface TargetInput {
  accountId?: string;
  accountLabel?: string;
  options?: TargetOptions;
  ids: string[];
  origins?: (string | undefined)[];
}

let counter = 0;

export function jobSpec(targets: TargetInput[], title = 'test job', createdAt = 1_700_000_000_000 + counter): JobSpec {
  counter++;
  return {
    id: `job-${counter}`,
    createdAt,
    source: 'editor',
    title,
    targets: targets.map((t) => {
      const options = t.options ?? { vendor: 'clevertap', idType: 'identity' };
      const accountId = t.accountId ?? `${options.vendor}-acc`;
      return {
        spec: { key: targetKeyOf(accountId, options), accountId, accountLabel: t.accountLabel ?? 'EU prod', options },
        ids: t.ids.map((id, i) => ({ id, ...(t.origins?.[i] !== undefined ? { origin: t.origins[i] } : {}) })),
      };
    }),
  };
}

/** Records `result` for the given indices of target `targetIndex`. */
export async function setOutcome(store: JobStore, jobId: string, targetIndex: number, indices: number[], result: Partial<IdResult> & { outcome: Outcome }) {
  const job = store.require(jobId);
  await store.record(job, job.targets[targetIndex], indices, { at: 1_700_000_100_000, ...result });
}

export function ids(n: number, prefix = 'user-'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
}

export function treeContext(store: JobStore, running: Set<string> = new Set(), redact: (t: string) => string = (t) => t, pageSize = 1000): TreeContext {
  return { store, isRunning: (id) => running.has(id), redact, pageSize, showMoreCommand: 'userErasure.jobs.showMore' };
}
