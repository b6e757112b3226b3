// One ID at one target, with the vendor's answer in its description and tooltip.
import { vendorCatalog } from '../../../core/catalog';
import { resultForId } from '../../../core/job';
import { idContextValue } from '../contextValues';
import { OUTCOME_ICONS } from '../outcomeStyle';
import { resultLine, resultLines, shorten } from '../resultText';
import type { GroupNode } from './groupNode';
import type { JobsNode, TreeContext, TreeRow } from './node';

const LABEL_MAX = 200;
const DESCRIPTION_MAX = 120;

export class IdNode implements JobsNode {
  readonly kind = 'id';

  constructor(
    readonly parent: GroupNode,
    /** Index of the ID in its target (TargetState.ids). */
    readonly index: number,
    readonly ctx: TreeContext,
  ) {}

  get job() {
    return this.parent.job;
  }

  get target() {
    return this.parent.target;
  }

  get id(): string {
    return this.target.ids[this.index];
  }

  get origin(): string | undefined {
    return this.target.origins[this.index];
  }

  row(): TreeRow {
    const outcome = this.target.outcomeAt(this.index);
    const origin = this.origin;
    const answer = resultLine(this.target.resultAt(this.index), this.ctx.redact);
    const description = [origin !== undefined && origin !== this.id ? `alias ${origin}` : '', answer].filter(Boolean).join(' · ');
    return {
      id: `${this.parent.rowId}/${this.index}`,
      label: this.id === '' ? '(empty ID)' : shorten(this.ctx.redact(this.id), LABEL_MAX),
      description: description ? shorten(description, DESCRIPTION_MAX) : undefined,
      contextValue: idContextValue(outcome, this.parent.parent.parent.running),
      icon: OUTCOME_ICONS[outcome],
      collapsible: 'none',
    };
  }

  children(): JobsNode[] {
    return [];
  }

  tooltip(): string {
    const lines = [this.id, `${vendorCatalog().displayName(this.target.spec.options.vendor)} · ${this.target.spec.accountLabel}`];
    if (this.origin !== undefined && this.origin !== this.id) lines.push(`Resolved from alias: ${this.origin}`);
    lines.push(...resultLines(this.target.outcomeAt(this.index), resultForId(this.target.resultAt(this.index), this.id), this.ctx.redact));
    return this.ctx.redact(lines.join('\n'));
  }
}
