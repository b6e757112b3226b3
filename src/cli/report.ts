// What the CLI prints: one JSON object (--json) or a human summary, and the exit status.
import { vendorCatalog } from '../core/catalog';
import { describeTarget, OUTCOMES, type JobState, type Outcome, type TargetSpec, type TargetState } from '../core/job';
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
  results: CliResults;
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

/** What the report says of an ID's outcome: "sending" cannot outlive a run; if it ever did, the honest name is "unknown". */
function reportedOutcome(outcome: Outcome): CliOutcome {
  return outcome === 'sending' ? 'unknown' : outcome;
}

/**
 * One result per ID per target, read from the jobs' state as they are listed: a job of 1,000,000
 * IDs is reported without holding 1,000,000 result objects (or their text) at once. Serialises as
 * the plain array of results (toJSON).
 */
export class CliResults implements Iterable<CliResult> {
  constructor(
    private readonly jobs: readonly JobState[],
    private readonly extra: readonly CliResult[] = [],
  ) {}

  *[Symbol.iterator](): Iterator<CliResult> {
    for (const job of this.jobs) {
      for (const target of job.targets) {
        const label = targetLabel(target.spec, job);
        for (let i = 0; i < target.size; i++) yield resultAt(target, i, label);
      }
    }
    yield* this.extra;
  }

  /** IDs per reported outcome, from the targets' counts (no result is built). */
  outcomeCounts(): Record<CliOutcome, number> {
    const counts = noOutcomes();
    for (const job of this.jobs) {
      for (const target of job.targets) for (const outcome of OUTCOMES) counts[reportedOutcome(outcome)] += target.countOf(outcome);
    }
    for (const r of this.extra) counts[r.outcome]++;
    return counts;
  }

  toJSON(): CliResult[] {
    return [...this];
  }
}

function resultAt(target: TargetState, i: number, label: string): CliResult {
  const result = target.resultAt(i);
  const origin = target.origins[i];
  const id = target.ids[i];
  return {
    id: origin !== undefined && origin !== id ? origin : id,
    target: label,
    outcome: reportedOutcome(target.outcomeAt(i)),
    httpStatus: result?.httpStatus ?? null,
    message: result?.message ?? null,
    reference: referenceOf(origin, id, result?.reference),
  };
}

/** An EngageLab alias is reported by its alias; the registration_id it resolved to is its reference. */
function referenceOf(origin: string | undefined, id: string, reference: string | undefined): string | null {
  if (reference) return reference;
  return origin !== undefined && origin !== id ? id : null;
}

function noOutcomes(): Record<CliOutcome, number> {
  return { planned: 0, accepted: 0, done: 0, failed: 0, 'not-found': 0, skipped: 0, cancelled: 0, unknown: 0 };
}

/** IDs per reported outcome of a result list (a report's, or plain results). */
function outcomeCountsOf(results: CliResults | readonly CliResult[]): Record<CliOutcome, number> {
  if (results instanceof CliResults) return results.outcomeCounts();
  const counts = noOutcomes();
  for (const { outcome } of results) counts[outcome]++;
  return counts;
}

export function summarize(results: CliResults | readonly CliResult[]): CliSummary {
  const counts = outcomeCountsOf(results);
  return {
    accepted: counts.accepted,
    done: counts.done,
    failed: counts.failed,
    notFound: counts['not-found'],
    skipped: counts.skipped,
    cancelled: counts.cancelled,
    unknown: counts.unknown,
  };
}

/** 0 when every ID ended accepted, done or not-found (or planned, in a dry run); 1 otherwise. */
export function exitCodeFor(report: { results: CliResults | readonly CliResult[]; dryRun: boolean }): 0 | 1 {
  const counts = outcomeCountsOf(report.results);
  return (Object.keys(counts) as CliOutcome[]).some((outcome) => counts[outcome] > 0 && !isOk(outcome, report.dryRun)) ? 1 : 0;
}

/**
 * The report of one or more jobs. `extra` holds input values that never became IDs (e.g. `null`
 * in a JSON array): reported as skipped so nothing is dropped silently.
 */
export function buildReport(vendor: string, jobs: readonly JobState[], dryRun: boolean, requests?: PreviewRequest[], extra: readonly CliResult[] = []): CliReport {
  const results = new CliResults(jobs, extra);
  const ticket = jobs.find((job) => job.spec.ticket !== undefined)?.spec.ticket ?? null;
  const report: CliReport = { vendor, ticket, dryRun, results, summary: summarize(results) };
  if (requests) report.requests = requests;
  return report;
}

const RESULTS_FIELD = '\n  "results": []';
/** Small enough that a piece and the text it is built from die young (a megabyte piece made the heap grow by hundreds of MB). */
const PIECE_CHARS = 64 * 1024;

/**
 * What --json prints: terminalJson(report, 2) and a line break, in pieces of about 64 KB that
 * each end with a line break: the results are written one by one, so a report of 1,000,000 IDs is
 * never one string (nor 1,000,000 objects) in memory. No string value holds a raw line break, so
 * the line `  "results": []` of the report without results is where the results go.
 */
export function* jsonReportChunks(report: CliReport): Generator<string> {
  const shell = terminalJson({ ...report, results: [] }, 2);
  const results = report.results[Symbol.iterator]();
  let next = results.next();
  if (next.done) {
    yield `${shell}\n`;
    return;
  }
  const at = shell.indexOf(RESULTS_FIELD);
  const encoder = new ResultJson();
  let piece = `${shell.slice(0, at)}\n  "results": [\n`;
  while (!next.done) {
    const text = encoder.text(next.value);
    next = results.next();
    piece += next.done ? `${text}\n` : `${text},\n`;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}  ]${shell.slice(at + RESULTS_FIELD.length)}\n`;
}

/**
 * One result as terminalJson(report, 2) writes it inside the results array (indented by four).
 * Neighbouring results mostly differ only by their ID (one chunk's answer is shared), so what
 * follows the ID is reused from the result before when it is the same.
 */
class ResultJson {
  private previous: CliResult | undefined;
  private rest = '';

  text(r: CliResult): string {
    const p = this.previous;
    if (!p || p.target !== r.target || p.outcome !== r.outcome || p.httpStatus !== r.httpStatus || p.message !== r.message || p.reference !== r.reference) {
      this.rest =
        `,\n      "target": ${terminalJson(r.target)},\n      "outcome": ${terminalJson(r.outcome)},\n      "httpStatus": ${terminalJson(r.httpStatus)}` +
        `,\n      "message": ${terminalJson(r.message)},\n      "reference": ${terminalJson(r.reference)}\n    }`;
    }
    this.previous = r;
    return `    {\n      "id": ${terminalJson(r.id)}${this.rest}`;
  }
}

const MAX_LISTED = 20;

export function formatHuman(report: CliReport, jobs: readonly JobState[], notes: readonly string[] = []): string {
  const lines: string[] = [];
  const s = report.summary;
  if (report.ticket !== null) lines.push(`Ticket: ${report.ticket}`);
  if (report.dryRun) {
    const planned = report.results.outcomeCounts().planned;
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
  const problems = listedProblems(report);
  if (problems.count > 0) {
    lines.push('', report.dryRun ? 'Would not be sent:' : 'Not deleted or not confirmed:');
    for (const r of problems.first) {
      lines.push(`  ${showId(r.id)} [${r.target}] ${r.outcome}${r.httpStatus ? ` HTTP ${r.httpStatus}` : ''}${r.message ? `: ${escapeControls(r.message)}` : ''}`);
    }
    if (problems.count > MAX_LISTED) lines.push(`  … and ${problems.count - MAX_LISTED} more (use --json for every ID)`);
  }
  // Labels, titles and request text come from outside too: no line carries a raw control character.
  return escapeControlsPerLine(lines.join('\n'));
}

/** The results not ok (the first MAX_LISTED of them) and how many there are. */
function listedProblems(report: CliReport): { first: CliResult[]; count: number } {
  const counts = report.results.outcomeCounts();
  const count = (Object.keys(counts) as CliOutcome[]).reduce((n, outcome) => n + (isOk(outcome, report.dryRun) ? 0 : counts[outcome]), 0);
  const first: CliResult[] = [];
  if (count === 0) return { first, count };
  for (const r of report.results) {
    if (isOk(r.outcome, report.dryRun)) continue;
    first.push(r);
    if (first.length === MAX_LISTED) break;
  }
  return { first, count };
}
