// What a set of selected rows means for the item actions: which IDs to copy, which indices to
// retry per job and target.
import { isRetryable, type JobState } from '../../core/job';
import { GroupNode } from './nodes/groupNode';
import { IdNode } from './nodes/idNode';
import { JobNode } from './nodes/jobNode';
import type { JobsNode } from './nodes/node';
import { TargetNode } from './nodes/targetNode';

/** The IDs the rows stand for (a job: every ID of every target), de-duplicated, in row order. */
export function idsOf(nodes: readonly JobsNode[]): string[] {
  // One target, group or ID holds distinct IDs already: skip the set (slow for a million strings).
  if (nodes.length === 1) {
    const [node] = nodes;
    if (node instanceof IdNode) return [node.id];
    if (node instanceof GroupNode) return node.indices().map((i) => node.target.ids[i]);
    if (node instanceof TargetNode) return [...node.target.ids];
  }
  const ids = new Set<string>();
  for (const node of nodes) {
    if (node instanceof IdNode) ids.add(node.id);
    else if (node instanceof GroupNode) for (const i of node.indices()) ids.add(node.target.ids[i]);
    else if (node instanceof TargetNode) for (const id of node.target.ids) ids.add(id);
    else if (node instanceof JobNode) for (const t of node.job.targets) for (const id of t.ids) ids.add(id);
  }
  return [...ids];
}

/** Retryable indices (failed, unknown, cancelled) per job id and target key, sorted. */
export type RetrySelection = Map<string, Map<string, number[]>>;

export function retrySelectionOf(nodes: readonly JobsNode[]): RetrySelection {
  const chosen = new Map<string, Map<string, Set<number>>>();
  const add = (job: JobState, key: string, indices: Iterable<number>) => {
    let byTarget = chosen.get(job.id);
    if (!byTarget) chosen.set(job.id, (byTarget = new Map()));
    let set = byTarget.get(key);
    if (!set) byTarget.set(key, (set = new Set()));
    for (const i of indices) set.add(i);
  };
  for (const node of nodes) {
    if (node instanceof IdNode) {
      if (isRetryable(node.target.outcomeAt(node.index))) add(node.job, node.target.spec.key, [node.index]);
    } else if (node instanceof GroupNode) {
      if (isRetryable(node.outcome)) add(node.job, node.target.spec.key, node.indices());
    } else if (node instanceof TargetNode) {
      add(node.job, node.target.spec.key, node.target.indicesWhere(isRetryable));
    } else if (node instanceof JobNode) {
      for (const t of node.job.targets) add(node.job, t.spec.key, t.indicesWhere(isRetryable));
    }
  }
  return retrySelectionFrom(chosen);
}

function retrySelectionFrom(chosen: Map<string, Map<string, Set<number>>>): RetrySelection {
  const out: RetrySelection = new Map();
  for (const [jobId, byTarget] of chosen) {
    const targets = new Map<string, number[]>();
    for (const [key, set] of byTarget) if (set.size > 0) targets.set(key, [...set].sort((a, b) => a - b));
    if (targets.size > 0) out.set(jobId, targets);
  }
  return out;
}

export function countOf(selection: RetrySelection): number {
  let n = 0;
  for (const byTarget of selection.values()) for (const indices of byTarget.values()) n += indices.length;
  return n;
}
