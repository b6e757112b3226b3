// "Show more…": the last row of a group page; clicking it shows the next page of IDs.
import { formatCount } from '../../../core/text/plural';
import { MORE_CONTEXT_VALUE } from '../contextValues';
import type { GroupNode } from './groupNode';
import type { JobsNode, TreeContext, TreeRow } from './node';

export class MoreNode implements JobsNode {
  readonly kind = 'more';

  constructor(
    readonly parent: GroupNode,
    readonly shown: number,
    readonly remaining: number,
    readonly ctx: TreeContext,
  ) {}

  get job() {
    return this.parent.job;
  }

  row(): TreeRow {
    const next = Math.min(this.remaining, this.ctx.pageSize);
    return {
      id: `${this.parent.rowId}/more`,
      label: `Show ${formatCount(next)} more…`,
      description: `${formatCount(this.shown)} of ${formatCount(this.shown + this.remaining)} shown`,
      contextValue: MORE_CONTEXT_VALUE,
      icon: { id: 'ellipsis' },
      collapsible: 'none',
      command: { command: this.ctx.showMoreCommand, title: 'Show more', arguments: [this] },
    };
  }

  children(): JobsNode[] {
    return [];
  }

  tooltip(): string {
    return `${formatCount(this.remaining)} more ID(s) in this group`;
  }
}
