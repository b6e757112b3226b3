// What the CLI prints: one JSON object (--json) or a human summary, and the exit status.
import { vendorCatalog } from '../core/catalog';
import { describeTarget, type JobState, type Outcome, type TargetSpec } from '../core/job';
import type { PreviewRequest } from '../core/engine';
import { escapeControls, escapeControlsPerLine, showId, terminalJson } from '../core/shownText';

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
  /** The job's ticket reference (of the first job, when a report holds several); null when none. */
  ticket: string | null;
  dryRun: boolean;
  results: CliResult[];
  summary: CliSummary;
  requests?: PreviewRequest[];
}

const OK_OUTCOMES: ReadonlySet<CliOutcome> = new Set(['accepted', 'done', 'not-found']);

function isOk(outcome: CliOutcome, dryRun: boolean): boolean {
  return OK_OUTCOMES.has(outcome) || (dryRun && outcome === 'planned');
}

/** "<account label>", or the part of the account (an app label), with its variant (a mode) when the job has another one there. */
export function targetLabel(spec: TargetSpec, job: JobState): string {
  const catalog = vendorCatalog();
  const part = catalog.describeOptions(spec.options).part;
  if (!part) return spec.accountLabel;
  const siblings = job.targets.some((t) => {
    if (t.spec.key === spec.key || t.spec.accountId !== spec.accountId) return false;
    const other = catalog.describeOptions(t.spec.options).part;
    return other !== undefined && other.name === part.name && other.variant !== part.variant;
  });
  return siblings ? `${part.name} (${part.variant})` : part.name;
}

export function collectResults(job: JobState): CliResult[] {
  const results: CliResult[] = [];
  for (const target of job.targets) {
    const label = targetLabel(target.spec, job);
    for (let i = 0; i < target.size; i++) {
      const outcome = target.outcomeAt(i);
      const result = target.resultAt(i);
      const origin = target.origins[i];
      results.push({
        id: origin !== undefined && origin !== target.ids[i] ? origin : target.ids[i],
        target: label,
        // "sending" cannot outlive a run; if it ever did, the honest name is "unknown".
        outcome: outcome === 'sending' ? 'unknown' : outcome,
        httpStatus: result?.httpStatus ?? null,
        message: result?.message ?? null,
        reference: referenceOf(origin, target.ids[i], result?.reference),
      });
    }
  }
  return results;
}

/** An EngageLab alias is reported by its alias; the registration_id it resolved to is its reference. */
function referenceOf(origin: string | undefined, id: string, reference: string | undefined): string | null {
  if (reference) return reference;
  return origin !== undefined && origin !== id ? id : null;
}

export function summarize(results: readonly CliResult[]): CliSummary {
  const summary: CliSummary = { accepted: 0, done: 0, failed: 0, notFound: 0, skipped: 0, cancelled: 0, unknown: 0 };
  for (const { outcome } of results) {
    if (outcome === 'not-found') summary.notFound++;
    else if (outcome !== 'planned') summary[outcome]++;
  }
  return summary;
}

/** 0 when every ID ended accepted, done or not-found (or planned, in a dry run); 1 otherwise. */
export function exitCodeFor(report: Pick<CliReport, 'results' | 'dryRun'>): 0 | 1 {
  return report.results.every((r) => isOk(r.outcome, report.dryRun)) ? 0 : 1;
}

/**
 * The report of one or more jobs. `extra` holds input values that never became IDs (e.g. `null`
 * in a JSON array): reported as skipped so nothing is dropped silently.
 */
export function buildReport(vendor: string, jobs: readonly JobState[], dryRun: boolean, requests?: PreviewRequest[], extra: readonly CliResult[] = []): CliReport {
  const results = [...jobs.flatMap(collectResults), ...extra];
  const ticket = jobs.find((job) => job.spec.ticket !== undefined)?.spec.ticket ?? null;
  const report: CliReport = { vendor, ticket, dryRun, results, summary: summarize(results) };
  if (requests) report.requests = requests;
  return report;
}

export function formatJson(report: CliReport): string {
  return terminalJson(report, 2);
}

const MAX_LISTED = 20;

export function formatHuman(report: CliReport, jobs: readonly JobState[], notes: readonly string[] = []): string {
  const lines: string[] = [];
  const s = report.summary;
  if (report.ticket !== null) lines.push(`Ticket: ${report.ticket}`);
  if (report.dryRun) {
    const planned = report.results.filter((r) => r.outcome === 'planned').length;
    const requests = report.requests ?? [];
    const lookups = requests.filter((r) => r.kind === 'lookup').length;
    const step = jobs.flatMap((job) => job.targets).map((t) => vendorCatalog().prepareStep(t.spec.options)).find((found) => found !== undefined);
    const lookupsText = lookups > 0 ? ` after ${lookups} ${step ? `${step.typedUnit[0]} ` : ''}lookup(s)` : '';
    lines.push(`Dry run: nothing was sent. ${planned} ID(s) would be deleted at ${report.vendor} with ${requests.length} request(s)${lookupsText}.`);
    for (const job of jobs) for (const target of job.targets) lines.push(`  ${describeTarget(target.spec)}: ${target.countOf('planned')} to send`);
    if (lookups > 0 && step) lines.push(...step.dryRunExplanation.map((line) => `  ${line}`));
    requests.forEach((request, n) => {
      lines.push('', `### ${n + 1}/${requests.length} · ${request.target} · ${request.kind === 'lookup' ? 'lookup' : `${request.idCount} ID(s)`}`);
      if (request.note) lines.push(`# ${request.note}`);
      lines.push(`${request.method} ${request.url}`);
      for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
      if (request.body !== undefined) lines.push('', request.body);
    });
    if (requests.length > 0) lines.push('');
  } else {
    lines.push(
      `${report.vendor}: ${s.accepted} accepted (pending at vendor), ${s.done} done, ${s.notFound} not found, ` +
        `${s.failed} failed, ${s.unknown} unknown (sent, no answer), ${s.cancelled} cancelled (not sent), ${s.skipped} skipped (invalid)`,
    );
    const targets = jobs.flatMap((job) => job.targets);
    if (targets.length > 1) {
      for (const target of targets) {
        const counts = Object.entries(target.countsSnapshot()).filter(([, n]) => n > 0).map(([outcome, n]) => `${n} ${outcome}`);
        lines.push(`  ${describeTarget(target.spec)}: ${counts.join(', ')}`);
      }
    }
  }
  for (const note of notes) lines.push(note);
  const problems = report.results.filter((r) => !isOk(r.outcome, report.dryRun));
  if (problems.length > 0) {
    lines.push('', report.dryRun ? 'Would not be sent:' : 'Not deleted or not confirmed:');
    for (const r of problems.slice(0, MAX_LISTED)) {
      lines.push(`  ${showId(r.id)} [${r.target}] ${r.outcome}${r.httpStatus ? ` HTTP ${r.httpStatus}` : ''}${r.message ? `: ${escapeControls(r.message)}` : ''}`);
    }
    if (problems.length > MAX_LISTED) lines.push(`  … and ${problems.length - MAX_LISTED} more (use --json for every ID)`);
  }
  // Labels, titles and request text come from outside too: no line carries a raw control character.
  return escapeControlsPerLine(lines.join('\n'));
}
