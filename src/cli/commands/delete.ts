// user-erasure delete: IDs → plan (same validation and alias lookups as the editor) → dry run, or
// confirmation → the engine's run (with progress, Ctrl-C, the journal) → optional --wait → report.
import type { Account } from '../../core/accounts';
import { vendorCatalog } from '../../core/catalog';
import type { ErasureEngine, JobPlan, TargetChoice } from '../../core/engine';
import { JobState } from '../../core/job';
import { AbortedError } from '../../core/limits';
import type { EngineSettings } from '../../core/settings';
import type { OptionAsker } from '../../core/vendor';
import { UsageError, type DeleteInvocation } from '../args';
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

  const input = await readIds(inv, ctx);
  const choices = await targetChoices(inv, account, settings);

  const journal = inv.journal && !inv.dryRun ? await openCliJournal(inv.journal, store, ctx.redactor, ctx.output, { mustExist: false, mustWrite: true }) : undefined;
  if (inv.journal && inv.dryRun) ctx.output.err('Dry run: the journal is not written (a dry run stores no job).');
  try {
    const plan = await makePlan(engine, input.ids, choices, inv.dryRun, ctx);
    // Only the plan keeps the IDs once it is made: 1,000,000 IDs are not held twice through the run.
    input.ids = [];
    if (inv.ticket !== undefined) plan.spec.ticket = inv.ticket;
    const rejected = rejectedResults(input.rejected, plan);

    if (inv.dryRun) {
      const preview = await engine.preview(plan, Infinity);
      const job = new JobState(plan.spec);
      const report = buildReport(inv.vendor, [job], true, preview.requests, rejected);
      await printReport(report, [job], inv.json, ctx.output);
      return exitCodeFor(report);
    }

    const count = usersToSend(plan.spec.targets);
    if (count > 0) {
      const answer = await confirmWithInterrupts(ctx, planSummary(plan, count), count, inv.yes);
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

/** The engine's targets for this vendor, from its option flags (a vendor may fan out, e.g. to every app key and each chosen mode). */
export async function targetChoices(inv: DeleteInvocation, account: Account, settings: EngineSettings): Promise<TargetChoice[]> {
  const options = await vendorCatalog().get(account.vendor).chooseOptions(account, flagAsker(inv.options), settings);
  return options.map((o) => ({ account, options: o }));
}

/** Answers the vendor's option questions from the flags (already checked by args.ts): the flag's value, else the default. */
function flagAsker(flags: Readonly<Record<string, string>>): OptionAsker {
  return {
    async pickOne({ flag, choices }) {
      const given = flags[flag];
      const chosen = given === undefined ? choices[0] : choices.find((c) => c.id === given);
      if (!chosen) throw new UsageError(`--${flag} must be one of ${choices.map((c) => c.id).join(', ')}`);
      return chosen.value;
    },
    async pickMany({ choices }) {
      return choices.map((c) => c.value);
    },
    async text({ flag, value }) {
      return flags[flag] ?? value;
    },
  };
}

async function makePlan(engine: ErasureEngine, ids: readonly string[], choices: TargetChoice[], dryRun: boolean, ctx: CliContext): Promise<JobPlan> {
  const stop = new AbortController();
  const lookups = dryRun ? undefined : choices.map((c) => vendorCatalog().prepareStep(c.options)).find((step) => step !== undefined);
  if (lookups) ctx.output.err(lookups.notice(ids.length));
  ctx.interrupts.handle(() => stop.abort());
  try {
    return await engine.plan({ ids, choices, source: 'cli', deferPrepareSteps: dryRun }, stop.signal);
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

/** The IDs read (described on standard error) and the values that cannot be IDs; nothing else of the text is kept. */
async function readIds(inv: DeleteInvocation, ctx: CliContext): Promise<{ ids: readonly string[]; rejected: ParsedIds['rejected'] }> {
  const parsed = parseIdText(await readInput(inv, ctx), { csvColumn: inv.csvColumn, allowSuspicious: inv.allowSuspicious, yes: inv.yes });
  describeInput(parsed, ctx);
  return { ids: parsed.ids, rejected: parsed.rejected };
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
function rejectedResults(rejected: ParsedIds['rejected'], plan: JobPlan): CliResult[] {
  if (rejected.length === 0) return [];
  const job = new JobState(plan.spec);
  return job.targets.flatMap((target) =>
    rejected.map((r) => ({
      id: r.value,
      target: targetLabel(target.spec, job),
      outcome: 'skipped' as const,
      httpStatus: null,
      message: r.reason,
      reference: null,
    })),
  );
}
