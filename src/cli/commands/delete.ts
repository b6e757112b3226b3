// user-erasure delete: IDs → plan (same validation and alias lookups as the editor) → dry run, or
// confirmation → the engine's run (with progress, Ctrl-C, the journal) → optional --wait → report.
import type { Account } from '../../core/accounts';
import type { ErasureEngine, JobPlan, TargetChoice } from '../../core/engine';
import { JobState, type TargetOptions } from '../../core/job';
import { AbortedError } from '../../core/limits';
import type { EngineSettings } from '../../core/settings';
import type { DeleteInvocation } from '../args';
import { confirmWithInterrupts, planSummary, usersToSend } from '../confirm';
import type { CliContext } from '../context';
import { createCliEngine } from '../engineFactory';
import { InterruptedError, NotConfirmedError } from '../errors';
import { parseIdText, readIdText, type ParsedIds } from '../input';
import { openCliJournal } from '../journalFile';
import { buildReport, exitCodeFor, targetLabel, type CliResult } from '../report';
import { printReport } from '../printReport';
import { runToCompletion } from '../runPhase';
import { waitForPending } from '../wait';
import { errorMessage } from '../../core/errorMessage';

export async function deleteCommand(inv: DeleteInvocation, ctx: CliContext): Promise<number> {
  const { engine, accounts, store, settings } = createCliEngine(ctx.env, { redactor: ctx.redactor, logger: ctx.logger });
  // Configuration first: a missing variable is reported before any input is read or anything sent.
  const { account } = accounts.load(inv.vendor);
  accounts.baseUrlOverride(inv.vendor);

  const parsed = parseIdText(await readInput(inv, ctx), { csvColumn: inv.csvColumn, allowSuspicious: inv.allowSuspicious, yes: inv.yes });
  describeInput(parsed, ctx);
  const choices = targetChoices(inv, account, settings);

  const journal = inv.journal && !inv.dryRun ? await openCliJournal(inv.journal, store, ctx.redactor, ctx.output, { mustExist: false, mustWrite: true }) : undefined;
  if (inv.journal && inv.dryRun) ctx.output.err('Dry run: the journal is not written (a dry run stores no job).');
  try {
    const plan = await makePlan(engine, parsed.ids, choices, inv.dryRun, ctx);
    if (inv.ticket !== undefined) plan.spec.ticket = inv.ticket;
    const rejected = rejectedResults(parsed, plan);

    if (inv.dryRun) {
      const preview = await engine.preview(plan, Infinity);
      const job = new JobState(plan.spec);
      const report = buildReport(inv.vendor, [job], true, preview.requests, rejected);
      await printReport(report, [job], inv.json, ctx.output);
      return exitCodeFor(report);
    }

    const count = usersToSend(plan.spec.targets);
    if (count > 0) {
      const answer = await confirmWithInterrupts(ctx, planSummary(plan), count, inv.yes);
      if (answer === 'interrupted') throw new InterruptedError('interrupted at the confirmation: nothing was sent');
      if (answer === 'no-terminal') {
        throw new NotConfirmedError(
          `refusing to delete ${count} ID(s) without confirmation: standard input is not a terminal. Nothing was sent. ` +
            'Add --yes to confirm in a script (IDs read from standard input always need --yes).',
        );
      }
      if (answer === 'declined') throw new NotConfirmedError('not confirmed: nothing was sent');
    }
    if (ctx.interrupts.interrupted) throw new InterruptedError('interrupted before sending: nothing was sent');

    const handle = await engine.start(plan);
    ctx.output.err(`Job ${handle.job.id}: sending ${count} ID(s)${journal ? `; recorded in ${journal.file}` : ''}.`);
    let failure: unknown;
    try {
      await runToCompletion(handle, ctx.output, ctx.interrupts, `Deleting at ${inv.vendor}`);
    } catch (error) {
      failure = error;
    }
    const notes: string[] = [];
    if (inv.wait && failure === undefined && !ctx.interrupts.interrupted) {
      try {
        const waited = await waitForPending(engine, [handle.job.id], ctx.output, ctx.interrupts, { timeoutMs: inv.waitTimeoutSeconds * 1000 });
        notes.push(...waited.notes);
      } catch (error) {
        failure = error;
      }
    }
    if (journal) await journal.flush().catch((error) => (failure ??= error));
    const report = buildReport(inv.vendor, [handle.job], false, undefined, rejected);
    await printReport(report, [handle.job], inv.json, ctx.output, notes);
    if (failure !== undefined) ctx.output.err(`user-erasure: the run stopped early: ${errorMessage(failure)}`);
    return failure !== undefined || ctx.interrupts.interrupted ? 1 : exitCodeFor(report);
  } finally {
    await journal?.close();
  }
}

/** The engine's targets for this vendor: Batch fans out to every app key and each chosen mode. */
export function targetChoices(inv: DeleteInvocation, account: Account, settings: EngineSettings): TargetChoice[] {
  const options: TargetOptions[] = [];
  switch (account.vendor) {
    case 'cooladata':
      options.push({ vendor: 'cooladata', reason: inv.reason ?? settings.cooladataReason });
      break;
    case 'engagelab':
      options.push({ vendor: 'engagelab', idType: inv.idType === 'alias' ? 'alias' : 'registration_id' });
      break;
    case 'clevertap':
      options.push({ vendor: 'clevertap', idType: inv.idType === 'guid' ? 'guid' : 'identity' });
      break;
    case 'batch':
      for (const appKeyLabel of account.appKeyLabels) for (const mode of inv.batchModes) options.push({ vendor: 'batch', mode, appKeyLabel });
      break;
  }
  return options.map((o) => ({ account, options: o }));
}

async function makePlan(engine: ErasureEngine, ids: readonly string[], choices: TargetChoice[], dryRun: boolean, ctx: CliContext): Promise<JobPlan> {
  const stop = new AbortController();
  const lookups = !dryRun && choices.some((c) => c.options.vendor === 'engagelab' && c.options.idType === 'alias');
  if (lookups) ctx.output.err(`Looking up ${ids.length} EngageLab alias(es) (read-only)…`);
  ctx.interrupts.handle(() => stop.abort());
  try {
    return await engine.plan({ ids, choices, source: 'cli', deferAliasLookups: dryRun }, stop.signal);
  } catch (error) {
    if (stop.signal.aborted || error instanceof AbortedError) throw new InterruptedError('interrupted while looking up aliases: nothing was deleted');
    throw error;
  } finally {
    ctx.interrupts.handle(undefined);
  }
}

/** The input's text; Ctrl-C while waiting for it (a FIFO without writer, a silent pipe) ends the run. */
async function readInput(inv: DeleteInvocation, ctx: CliContext): Promise<string> {
  const stop = new AbortController();
  ctx.interrupts.handle(() => stop.abort());
  try {
    return await readIdText(inv, ctx.stdin, ctx.output.errStream, stop.signal);
  } finally {
    ctx.interrupts.handle(undefined);
  }
}

function describeInput(parsed: ParsedIds, ctx: CliContext): void {
  const parts = [`${parsed.ids.length} distinct ID(s) read (${parsed.format}${parsed.csvColumn !== undefined ? `, column ${JSON.stringify(parsed.csvColumn)}` : ''})`];
  if (parsed.guesses.length > 0) parts.push(parsed.guesses.join('; '));
  if (parsed.allowedSuspicious > 0) parts.push(`${parsed.allowedSuspicious} token(s) that do not look like IDs sent as IDs (--allow-suspicious)`);
  if (parsed.duplicates > 0) parts.push(`${parsed.duplicates} duplicate(s) dropped`);
  if (parsed.rejected.length > 0) parts.push(`${parsed.rejected.length} value(s) that cannot be IDs (reported as skipped)`);
  ctx.output.err(`${parts.join('; ')}.`);
}

/** Input values that are not IDs (e.g. null in a JSON array), as skipped results at every target. */
function rejectedResults(parsed: ParsedIds, plan: JobPlan): CliResult[] {
  if (parsed.rejected.length === 0) return [];
  const job = new JobState(plan.spec);
  return job.targets.flatMap((target) =>
    parsed.rejected.map((r) => ({
      id: r.value,
      target: targetLabel(target.spec, job),
      outcome: 'skipped' as const,
      httpStatus: null,
      message: r.reason,
      reference: null,
    })),
  );
}
