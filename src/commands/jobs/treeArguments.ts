// What a tree-item command was invoked on: VS Code passes (clicked row, selected rows) from menus;
// a job id string comes from buttons (run summary) and tests; nothing means the view's selection.
import type { JobState } from '../../core/job';
import type { ExtensionServices } from '../../services';
import { GroupNode } from '../../views/jobs/nodes/groupNode';
import { IdNode } from '../../views/jobs/nodes/idNode';
import { JobNode } from '../../views/jobs/nodes/jobNode';
import { MoreNode } from '../../views/jobs/nodes/moreNode';
import type { JobsNode } from '../../views/jobs/nodes/node';
import { TargetNode } from '../../views/jobs/nodes/targetNode';
import { UserFacingError } from '../errors';

export function isJobsNode(value: unknown): value is JobsNode {
  return value instanceof JobNode || value instanceof TargetNode || value instanceof GroupNode || value instanceof IdNode || value instanceof MoreNode;
}

export function nodesFromArguments(services: ExtensionServices, args: readonly unknown[]): JobsNode[] {
  const [clicked, selected] = args;
  if (Array.isArray(selected) && selected.length > 0 && selected.every(isJobsNode) && (!isJobsNode(clicked) || selected.includes(clicked))) {
    return selected;
  }
  if (isJobsNode(clicked)) return [clicked];
  if (typeof clicked === 'string') {
    const node = services.jobsView.model.jobNode(clicked);
    if (!node) throw new UserFacingError(`The job ${clicked} is no longer in the history.`, [], 'warning');
    return [node];
  }
  const selection = services.jobsView.selection();
  if (selection.length > 0) return [...selection];
  throw new UserFacingError('Select a job (or some of its IDs) in the Erasure Jobs view first.', [], 'info');
}

/** Distinct jobs of the rows. */
export function jobsFromArguments(services: ExtensionServices, args: readonly unknown[]): JobState[] {
  return [...new Set(nodesFromArguments(services, args).map((n) => n.job))];
}
