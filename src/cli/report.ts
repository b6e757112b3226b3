// What the CLI prints: one JSON object (--json) or a human summary, and the exit status.
import { describeTarget, type JobState, type Outcome, type TargetSpec } from '../core/job';
import type { PreviewRequest } from '../core/engine';

export type CliOutcome = Exclude<Outcome, 'sending'>;

export interface CliResult {
  id: string;
  target: string;
  outcome: CliOutcome;
  httpStatus: number | null;
  message: string | null;
  reference: string | null;
}

export interface CliSummary {
  accepted: number;
  done: number;
  failed: number;
  notFound: number;
  skipped: number;
  cancelled: number;
  unknown: number;
}

export interface CliReport {
  vendor: string;
  dryRun: boolean;
  results: CliResult[];
  summary: CliSummary;
  requests?: PreviewRequest[];
}

const OK_OUTCOMES: ReadonlySet<CliOutcome> = new Set(['accepted', 'done', 'not-found', 'planned']);

/** "<account label>", or the Batch app label (with the mode when a job uses both modes). */
export function targetLabel(spec: TargetSpec, job: JobState): string {
  const o = spec.options;
  if (o.vendor !== 'batch') return spec.accountLabel;
  const bothModes = job.targets.some((t) => t.spec.options.vendor === 'batch' && t.spec.options.appKeyLabel === o.appKeyLabel && t.spec.options.mode !== o.mode);
  return bothModes ? `${o.appKeyLabel} (${o.mode})` : o.appKeyLabel;
}

export function collectResults(job: JobState): CliResult[] {
  const results: CliResult[] = [];
  for (const target of job.targets) {
    const label = targetLabel(target.spec, job);
    for (let i = 0; i < target.size; i++) {
      const outcome = target.outcomeAt(i);
      const result = target.resultAt(i);
      results.push({
        id: target.origins[i] && target.origins[i] !== target.ids[i] ? target.origins[i]! : target.ids[i],
        target: label,
        // "sending" cannot outlive a run; if it ever did, the honest name is "unknown".
        outcome: outcome === 'sending' ? 'unknown' : outcome,
        httpStatus: result?.httpStatus ?? null,
        message: result?.message ?? null,
        reference: referenceOf(target.origins[i], target.ids[i], result?.reference),
      });
    }
  }
  return results;
}

/** An EngageLab alias is reported by its alias; the registration_id it resolved to is its reference. */
function referenceOf(origin: string | undefined, id: string, reference: string | undefined): string | null {
  if (reference) return reference;
  return origin && origin !== id ? id : null;
}

export function summarize(results: readonly CliResult[]): CliSummary {
  const summary: CliSummary = { accepted: 0, done: 0, failed: 0, notFound: 0, skipped: 0, cancelled: 0, unknown: 0 };
  for (const { outcome } of results) {
    if (outcome === 'not-found') summary.notFound++;
    else if (outcome !== 'planned') summary[outcome]++;
  }
  return summary;
}

export function exitCodeFor(results: readonly CliResult[]): 0 | 1 {
  return results.every((r) => OK_OUTCOMES.has(r.outcome)) ? 0 : 1;
}

export function buildReport(vendor: string, job: JobState, dryRun: boolean, requests?: PreviewRequest[]): CliReport {
  const results = collectResults(job);
  const report: CliReport = { vendor, dryRun, results, summary: summarize(results) };
  if (requests) report.requests = requests;
  return report;
}

const MAX_LISTED = 20;

export function formatHuman(report: CliReport, job: JobState): string {
  const lines: string[] = [];
  const s = report.summary;
  if (report.dryRun) {
    const planned = report.results.filter((r) => r.outcome === 'planned').length;
    lines.push(`Dry run: nothing was sent. ${planned} ID(s) would be deleted at ${report.vendor}.`);
    for (const target of job.targets) lines.push(`  ${describeTarget(target.spec)}: ${target.countOf('planned')} to send`);
    for (const request of report.requests ?? []) {
      lines.push('', `${request.method} ${request.url}`);
      for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
      if (request.body !== undefined) lines.push('', request.body);
    }
  } else {
    lines.push(
      `${report.vendor}: ${s.accepted} accepted (pending at vendor), ${s.done} done, ${s.notFound} not found, ` +
        `${s.failed} failed, ${s.unknown} unknown (sent, no answer), ${s.cancelled} cancelled (not sent), ${s.skipped} skipped (invalid)`,
    );
  }
  const problems = report.results.filter((r) => !OK_OUTCOMES.has(r.outcome));
  if (problems.length > 0) {
    lines.push('', 'Not deleted or not confirmed:');
    for (const r of problems.slice(0, MAX_LISTED)) {
      lines.push(`  ${r.id} [${r.target}] ${r.outcome}${r.httpStatus ? ` HTTP ${r.httpStatus}` : ''}${r.message ? `: ${r.message}` : ''}`);
    }
    if (problems.length > MAX_LISTED) lines.push(`  … and ${problems.length - MAX_LISTED} more (use --json for every ID)`);
  }
  return lines.join('\n');
}
