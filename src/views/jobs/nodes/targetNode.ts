// A target row (vendor · account · mode); children are the outcome groups that hold IDs.
import { vendorCatalog } from '../../../core/catalog';
import { describeTarget, OUTCOME_LABELS, type Outcome, type TargetState } from '../../../core/job';
import { targetContextValue } from '../contextValues';
import { formatCount } from '../../../core/text/plural';
import { countsSummary, GROUP_ORDER, SPINNER } from '../outcomeStyle';
import { GroupNode } from './groupNode';
import type { JobNode } from './jobNode';
import type { JobsNode, TreeContext, TreeRow } from './node';

export class TargetNode implements JobsNode {
  readonly kind = 'target';
  private readonly groups = new Map<Outcome, GroupNode>();

  constructor(
    readonly parent: JobNode,
    readonly target: TargetState,
    readonly ctx: TreeContext,
  ) {}

  get job() {
    return this.parent.job;
  }

  get rowId(): string {
    return `${this.parent.rowId}/t/${this.target.spec.key}`;
  }

  row(): TreeRow {
    const counts = this.target.countsSnapshot();
    return {
      id: this.rowId,
      label: this.ctx.redact(describeTarget(this.target.spec)),
      description: countsSummary(counts, this.parent.running),
      contextValue: targetContextValue(this.target.spec.options.vendor, counts, this.parent.running),
      icon: counts.sending > 0 ? SPINNER : { id: 'server' },
      collapsible: 'collapsed',
    };
  }

  children(): GroupNode[] {
    return GROUP_ORDER.filter((outcome) => this.target.countOf(outcome) > 0).map((outcome) => this.group(outcome));
  }

  group(outcome: Outcome): GroupNode {
    let node = this.groups.get(outcome);
    if (!node) {
      node = new GroupNode(this, outcome, this.ctx);
      this.groups.set(outcome, node);
    }
    return node;
  }

  tooltip(): string {
    const { spec } = this.target;
    const lines = [describeTarget(spec), `Account: ${spec.accountLabel}`];
    const sentWith = vendorCatalog().describeOptions(spec.options).sentWith;
    if (sentWith) lines.push(`${sentWith.name} sent: ${sentWith.value}`);
    for (const outcome of GROUP_ORDER) {
      const n = this.target.countOf(outcome);
      if (n > 0) lines.push(`${OUTCOME_LABELS[outcome]}: ${formatCount(n)}`);
    }
    const note = this.target.countOf('accepted') > 0 ? this.ctx.pendingNote?.(spec) : undefined;
    if (note) lines.push(`Pending: ${note}`);
    return this.ctx.redact(lines.join('\n'));
  }
}
