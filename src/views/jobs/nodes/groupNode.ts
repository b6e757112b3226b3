// An outcome group under a target (e.g. "Failed 12"); children are its IDs, one page at a time so
// a group of 100,000 IDs stays fast, followed by a "Show more…" row.
import { OUTCOME_LABELS, type Outcome } from '../../../core/job';
import { groupContextValue } from '../contextValues';
import { formatCount } from '../../../core/text/plural';
import { OUTCOME_ICONS } from '../outcomeStyle';
import { groupAnswers, resultLine } from '../resultText';
import { IdNode } from './idNode';
import { MoreNode } from './moreNode';
import type { JobsNode, TreeContext, TreeRow } from './node';
import type { TargetNode } from './targetNode';

/** Answers sampled for a group's tooltip (the first IDs of the group). */
const TOOLTIP_SAMPLE = 1_000;
export const WAITING_LABEL = 'Waiting to be sent';

export class GroupNode implements JobsNode {
  readonly kind = 'group';
  /** How many ID rows are shown; grows by a page with each "Show more…". */
  shown: number;

  constructor(
    readonly parent: TargetNode,
    readonly outcome: Outcome,
    readonly ctx: TreeContext,
  ) {
    this.shown = ctx.pageSize;
  }

  get job() {
    return this.parent.job;
  }

  get target() {
    return this.parent.target;
  }

  get rowId(): string {
    return `${this.parent.rowId}/g/${this.outcome}`;
  }

  get count(): number {
    return this.target.countOf(this.outcome);
  }

  /** Not-sent IDs of a running job are only waiting for their turn; after it they need Resume. */
  get label(): string {
    return this.outcome === 'planned' && this.parent.parent.running ? WAITING_LABEL : OUTCOME_LABELS[this.outcome];
  }

  /** For accepted IDs: how their status becomes known. */
  note(): string | undefined {
    return this.outcome === 'accepted' ? this.ctx.pendingNote?.(this.target.spec) : undefined;
  }

  row(): TreeRow {
    const note = this.note();
    return {
      id: this.rowId,
      label: this.label,
      description: note ? `${formatCount(this.count)} · ${this.ctx.redact(note)}` : formatCount(this.count),
      contextValue: groupContextValue(this.outcome, this.parent.parent.running),
      icon: OUTCOME_ICONS[this.outcome],
      collapsible: 'collapsed',
    };
  }

  /** Indices of the group's IDs (all of them, or the first `limit`). */
  indices(limit = Number.POSITIVE_INFINITY): number[] {
    const out: number[] = [];
    const { target, outcome } = this;
    for (let i = 0; i < target.size && out.length < limit; i++) if (target.outcomeAt(i) === outcome) out.push(i);
    return out;
  }

  children(): JobsNode[] {
    const page = this.indices(this.shown);
    const rows: JobsNode[] = page.map((index) => new IdNode(this, index, this.ctx));
    const remaining = this.count - page.length;
    if (remaining > 0) rows.push(new MoreNode(this, page.length, remaining, this.ctx));
    return rows;
  }

  showMore(): void {
    this.shown += this.ctx.pageSize;
  }

  tooltip(): string {
    const lines = [`${this.label}: ${formatCount(this.count)} ID(s)`];
    const note = this.note();
    if (note) lines.push(`Status: ${note}`);
    if (this.outcome === 'planned' && !this.parent.parent.running) lines.push('Never sent: Resume (on the job) sends them.');
    const sample = this.indices(TOOLTIP_SAMPLE).map((i) => ({ id: this.target.ids[i], outcome: this.outcome, result: this.target.resultAt(i) }));
    const answers = groupAnswers(sample).filter((a) => resultLine(a.result, this.ctx.redact) !== '');
    for (const answer of answers.slice(0, 5)) lines.push(`${formatCount(answer.count)} × ${resultLine(answer.result, this.ctx.redact)}`);
    if (answers.length > 5) lines.push(`… and ${answers.length - 5} other answers (Show Details lists them all)`);
    if (this.count > sample.length && answers.length > 0) lines.push(`(answers of the first ${formatCount(sample.length)} IDs)`);
    return this.ctx.redact(lines.join('\n'));
  }
}
