// A job row: its title, when it was created and its counts; children are its targets.
import { vendorCatalog } from '../../../core/catalog';
import { type JobState } from '../../../core/job';
import { jobContextValue, jobStatus, type JobStatus } from '../contextValues';
import { jobScope } from '../jobScope';
import { countsSummary, OUTCOME_ICONS, SPINNER } from '../outcomeStyle';
import { formatTime } from '../resultText';
import type { JobsNode, RowIcon, TreeContext, TreeRow } from './node';
import { TargetNode } from './targetNode';

const STATUS_ICONS: Record<JobStatus, RowIcon> = {
  running: SPINNER,
  notsent: { id: 'debug-pause', color: 'charts.yellow' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  cancelled: OUTCOME_ICONS.cancelled,
  pending: { id: 'watch', color: 'charts.blue' },
  finished: { id: 'pass', color: 'testing.iconPassed' },
};

const STATUS_WORDS: Record<JobStatus, string> = {
  running: 'running',
  notsent: 'some IDs were never sent (use Resume)',
  failed: 'some deletions failed or got no answer',
  cancelled: 'some deletions were cancelled before they were sent (Retry Failed sends them)',
  pending: 'accepted, pending at the vendor',
  finished: 'finished',
};

export class JobNode implements JobsNode {
  readonly kind = 'job';
  readonly parent = undefined;
  private targetNodes?: TargetNode[];

  constructor(
    readonly job: JobState,
    readonly ctx: TreeContext,
  ) {}

  get running(): boolean {
    return this.ctx.isRunning(this.job.id);
  }

  get rowId(): string {
    return `job/${this.job.id}`;
  }

  row(): TreeRow {
    const counts = this.job.counts();
    const running = this.running;
    return {
      id: this.rowId,
      label: this.ctx.redact(this.job.spec.title),
      description: this.ctx.redact(this.description(counts, running)),
      contextValue: jobContextValue(counts, running),
      icon: STATUS_ICONS[jobStatus(counts, running)],
      collapsible: 'collapsed',
    };
  }

  /** "ZD-4711 · 14:03 · 5 users · 15 deletions at 3 targets: 15 accepted". */
  private description(counts: ReturnType<JobState['counts']>, running: boolean): string {
    const ticket = this.job.spec.ticket !== undefined ? `${this.job.spec.ticket} · ` : '';
    return `${ticket}${formatTime(this.job.spec.createdAt)} · ${jobScope(this.job)}: ${countsSummary(counts, running)}`;
  }

  children(): TargetNode[] {
    this.targetNodes ??= this.job.targets.map((target) => new TargetNode(this, target, this.ctx));
    return this.targetNodes;
  }

  tooltip(): string {
    const counts = this.job.counts();
    const vendors = [...new Set(this.job.targets.map((t) => vendorCatalog().displayName(t.spec.options.vendor)))].join(', ');
    const running = this.running;
    const lines = [
      this.job.spec.title,
      `Ticket: ${this.job.spec.ticket ?? 'none'}`,
      `Created ${formatTime(this.job.spec.createdAt, true)} from the ${this.job.spec.source}`,
      `${vendors}: ${jobScope(this.job)}`,
      `Status: ${STATUS_WORDS[jobStatus(counts, running)]}`,
      `Deletions: ${countsSummary(counts, running)}`,
    ];
    return this.ctx.redact(lines.join('\n'));
  }
}
