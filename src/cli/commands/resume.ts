// user-erasure resume --journal FILE: sends the IDs of the journal's jobs that never left — still
// planned after a kill, or cancelled (by Ctrl-C) before they were sent — and nothing else: IDs
// already sent (accepted, failed, or "unknown": sent without a recorded answer) are never sent
// twice. The CLI has no separate Retry, so it runs the engine's run-these-indices entry point
// (engine.retry with the never-sent indices) rather than engine.resume, which the extension keeps
// for planned IDs only (its Retry action covers cancelled ones). A damaged journal is refused
// (exit 2, nothing sent; see openCliJournal): an answered ID whose records sit on a damaged line
// would look never sent.
import { vendorCatalog } from '../../core/catalog';
import type { JobState } from '../../core/job';

import type { ResumeInvocation } from '../args';
import { confirmWithInterrupts, resumeSummary } from '../confirm';
import type { CliContext } from '../context';
import { createCliEngine } from '../engineFactory';
import { ConfigurationError } from '../environment';
import { InterruptedError, NotConfirmedError } from '../errors';
import { isCliJob, requireSameAccount } from '../jobAccounts';
import { openCliJournal } from '../journalFile';
import { printReport } from '../printReport';
import { buildReport, exitCodeFor } from '../report';
import { runToCompletion } from '../runPhase';
import { errorMessage } from '../../core/errorMessage';

export async function resumeCommand(inv: ResumeInvocation, ctx: CliContext): Promise<number> {
  const { engine, accounts, store } = createCliEngine(ctx.env, { redactor: ctx.redactor, logger: ctx.logger });
  const journal = await openCliJournal(inv.journal, store, ctx.redactor, ctx.output, { mustExist: true, mustWrite: true });
  try {
    const jobs = store.list().reverse(); // oldest first
    if (jobs.length === 0) throw new ConfigurationError(`the journal ${journal.file} holds no job`);
    const notSent = (job: JobState) => new Map(job.targets.map((t) => [t.spec.key, t.indicesWhere((o) => o === 'planned' || o === 'cancelled')] as const));
    const resumable = jobs.filter((job) => job.targets.some((t) => t.countOf('planned') + t.countOf('cancelled') > 0));
    for (const job of resumable.filter((j) => !isCliJob(j))) {
      ctx.output.err(`Job ${job.id} was made in VS Code: resume it there (Resume on the job in the Erasure Jobs view).`);
    }
    const todo = resumable.filter(isCliJob).map((job) => ({ job, indices: notSent(job) }));

    if (todo.length === 0) {
      const latest = jobs.filter(isCliJob).at(-1) ?? jobs[jobs.length - 1];
      ctx.output.err(`Nothing to resume: every ID of job ${latest.id} was sent (or skipped). Use status to re-check pending ones.`);
      const report = buildReport(vendorsOf([latest]), [latest], false);
      await printReport(report, [latest], inv.json, ctx.output);
      return exitCodeFor(report);
    }

    for (const { job, indices } of todo) {
      for (const target of job.targets) if ((indices.get(target.spec.key)?.length ?? 0) > 0) requireSameAccount(target.spec, accounts, job.id);
    }
    const count = todo.reduce((n, { indices }) => n + [...indices.values()].reduce((m, at) => m + at.length, 0), 0);
    const answer = await confirmWithInterrupts(ctx, resumeSummary(todo), count, inv.yes);
    if (answer === 'interrupted') throw new InterruptedError('interrupted at the confirmation: nothing was sent');
    if (answer === 'no-terminal') {
      throw new NotConfirmedError(`refusing to send ${count} ID(s) without confirmation: standard input is not a terminal. Nothing was sent. Add --yes to confirm in a script.`);
    }
    if (answer === 'declined') throw new NotConfirmedError('not confirmed: nothing was sent');
    if (ctx.interrupts.interrupted) throw new InterruptedError('interrupted before sending: nothing was sent');

    let failure: unknown;
    for (const { job, indices } of todo) {
      if (ctx.interrupts.interrupted) break;
      const n = [...indices.values()].reduce((m, at) => m + at.length, 0);
      ctx.output.err(`Job ${job.id}: resuming ${n} ID(s) never sent.`);
      try {
        const handle = await engine.retry(job.id, indices);
        await runToCompletion(handle, ctx.output, ctx.interrupts, `Resuming ${job.id}`);
      } catch (error) {
        failure = error;
        break;
      }
    }
    await journal.flush().catch((error) => (failure ??= error));
    const resumed = todo.map((t) => t.job);
    const report = buildReport(vendorsOf(resumed), resumed, false);
    await printReport(report, resumed, inv.json, ctx.output);
    if (failure !== undefined) ctx.output.err(`user-erasure: the run stopped early: ${errorMessage(failure)}`);
    return failure !== undefined || ctx.interrupts.interrupted ? 1 : exitCodeFor(report);
  } finally {
    await journal.close();
  }
}

/** "clevertap", or "batch,clevertap" when the jobs touch several vendors. */
export function vendorsOf(jobs: readonly JobState[]): string {
  const vendors = new Set(jobs.flatMap((job) => job.targets.map((t) => t.spec.options.vendor)));
  return vendorCatalog().ids.filter((v) => vendors.has(v)).join(',');
}
