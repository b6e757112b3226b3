// user-erasure status --journal FILE: asks the vendors once about every pending (accepted) ID of
// the journal — Batch GDPR status, CleverTap / EngageLab lookups, Cooladata with
// COOLADATA_STATUS_PATH — records what changed, and reports every job. A damaged journal is shown
// as recorded, unchecked (nothing can be recorded in it), with exit status 1.
import { describeTarget, type JobState } from '../../core/job';
import { escapeControls, terminalJson } from '../../core/shownText';
import { checkStatuses, type TargetCheckReport } from '../../core/statusChecks';
import type { StatusInvocation } from '../args';
import type { CliContext } from '../context';
import { createCliEngine } from '../engineFactory';
import { accountProblem } from '../jobAccounts';
import { openCliJournal } from '../journalFile';
import { buildReport, exitCodeFor, formatHuman, type CliReport, type CliResults, type CliSummary } from '../report';
import { vendorsOf } from './resume';
import { errorMessage } from '../../core/errorMessage';

export interface StatusJobReport {
  job: string;
  title: string;
  /** The job's ticket reference; null when it has none. */
  ticket: string | null;
  createdAt: string;
  vendor: string;
  /** Serialised as the array of every result (CliResults.toJSON). */
  results: CliResults;
  summary: CliSummary;
}

export interface StatusCheck {
  job: string;
  target: string;
  /** checked · no-status-api · unavailable (credentials or account missing) · not-checked (journal in use elsewhere, or damaged) */
  kind: TargetCheckReport['kind'] | 'not-checked';
  pending: number;
  checked: number;
  changed: number;
  stillPending: number;
  note: string | null;
  problems: string[];
}

export interface StatusReport {
  journal: string;
  jobs: StatusJobReport[];
  checks: StatusCheck[];
  summary: CliSummary;
}

export async function statusCommand(inv: StatusInvocation, ctx: CliContext): Promise<number> {
  const { engine, accounts, store } = createCliEngine(ctx.env, { redactor: ctx.redactor, logger: ctx.logger });
  const journal = await openCliJournal(inv.journal, store, ctx.redactor, ctx.output, { mustExist: true, mustWrite: false });
  let failure: unknown;
  try {
    const checks: StatusCheck[] = [];
    const jobs = store.list();
    const pendingTargets = jobs.flatMap((job) => job.targets.filter((t) => t.countOf('accepted') > 0).map((target) => ({ job, target })));
    if (journal.damage) {
      // Nothing is asked: an answer could not be recorded in a journal that is never written.
      for (const { job, target } of pendingTargets) checks.push(emptyCheck(job, target.spec, target.countOf('accepted'), 'not-checked', 'the journal is damaged (read-only until repaired)'));
    } else if (journal.mode !== 'writer') {
      const holder = journal.writer;
      ctx.output.err(`The journal is in use by ${holder?.pid ? `process ${holder.pid}` : 'another process'}: showing it as recorded, without checking (that process checks and records).`);
      for (const { job, target } of pendingTargets) checks.push(emptyCheck(job, target.spec, target.countOf('accepted'), 'not-checked', 'the journal is in use by another process'));
    } else if (pendingTargets.length > 0) {
      // Targets whose account is not the environment's are not asked: that would check the wrong account.
      const refused = new Map<string, string>();
      for (const { job, target } of pendingTargets) {
        const problem = accountProblem(target.spec, accounts, job.id);
        if (problem) refused.set(`${job.id}\u0000${target.spec.key}`, problem);
      }
      const stop = new AbortController();
      ctx.interrupts.handle(() => stop.abort());
      const n = pendingTargets.reduce((sum, p) => sum + p.target.countOf('accepted'), 0);
      ctx.output.err(`Checking ${n} pending ID(s)…`);
      try {
        const report = await checkStatuses(engine, {
          jobIds: 'all',
          mode: 'all',
          signal: stop.signal,
          filter: (job, target) => !refused.has(`${job.id}\u0000${target.spec.key}`),
        });
        for (const t of report.targets) {
          const job = store.require(t.jobId);
          checks.push({
            job: t.jobId,
            target: describeTarget(job.target(t.targetKey).spec),
            kind: t.kind,
            pending: t.pending,
            checked: t.checked,
            changed: t.changed,
            stillPending: t.stillPending,
            note: t.note ?? null,
            problems: t.problems,
          });
        }
      } catch (error) {
        failure = error;
      } finally {
        ctx.interrupts.handle(undefined);
      }
      for (const { job, target } of pendingTargets) {
        const problem = refused.get(`${job.id}\u0000${target.spec.key}`);
        if (problem) checks.push(emptyCheck(job, target.spec, target.countOf('accepted'), 'unavailable', problem));
      }
      await journal.flush().catch((error) => (failure ??= error));
    }

    const perJob = jobs.map((job) => ({ job, report: buildReport(vendorsOf([job]), [job], false) }));
    const all = buildReport(vendorsOf(jobs), jobs, false);
    const status: StatusReport = {
      journal: journal.file,
      jobs: perJob.map(({ job, report }) => ({
        job: job.id,
        title: job.spec.title,
        ticket: job.spec.ticket ?? null,
        createdAt: new Date(job.spec.createdAt).toISOString(),
        vendor: report.vendor,
        results: report.results,
        summary: report.summary,
      })),
      checks,
      summary: all.summary,
    };
    await ctx.output.out(inv.json ? terminalJson(status, 2) : human(status, perJob));
    if (failure !== undefined) ctx.output.err(`user-erasure: the status check stopped early: ${errorMessage(failure)}`);
    return failure !== undefined || ctx.interrupts.interrupted || journal.damage ? 1 : exitCodeFor(all);
  } finally {
    await journal.close();
  }
}

function emptyCheck(job: JobState, spec: JobState['targets'][number]['spec'], pending: number, kind: StatusCheck['kind'], note: string): StatusCheck {
  return { job: job.id, target: describeTarget(spec), kind, pending, checked: 0, changed: 0, stillPending: pending, note, problems: [] };
}

/** Job IDs, titles, tickets, account labels and notes come from the journal (and vendors): escaped like every other field. */
function human(status: StatusReport, perJob: { job: JobState; report: CliReport }[]): string {
  const lines: string[] = [`Journal ${escapeControls(status.journal)}: ${perJob.length} job(s).`];
  for (const { job, report } of perJob) {
    const ticket = job.spec.ticket !== undefined ? ` · ticket ${job.spec.ticket}` : '';
    lines.push('', escapeControls(`Job ${job.id} · ${new Date(job.spec.createdAt).toISOString()} · ${job.spec.title}${ticket}`));
    lines.push(...formatHuman(report, [job]).split('\n').map((line) => (line === '' ? line : `  ${line}`)));
  }
  if (status.checks.length > 0) {
    lines.push('', 'Status checks:');
    for (const c of status.checks) {
      const what = c.kind === 'checked' ? `${c.checked} checked, ${c.changed} changed, ${c.stillPending} still pending` : `${c.stillPending} pending, not checked: ${c.note ?? c.kind}`;
      lines.push(`  ${escapeControls(`${c.job} · ${c.target}: ${what}`)}`);
      for (const problem of c.problems) lines.push(`    check failed for ${escapeControls(problem)}`);
    }
  } else {
    lines.push('', 'Nothing pending: no status to check.');
  }
  return lines.join('\n');
}
