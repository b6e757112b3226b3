// "Verify Now": asks the vendors at once about the pending (accepted) IDs of the chosen jobs — the
// rows it was invoked on, or (from the palette or the view's title bar) the jobs the engineer picks,
// the selected ones ticked — after a confirmation that says how many lookups that costs, with
// "x / y" progress in a cancellable notification; then says what was checked and what has no
// status API.
import type { JobState } from '../core/job';
import type { StatusCheckReport } from '../core/statusChecks';
import type { ExtensionServices } from '../services';
import { describeTarget } from '../core/job';
import type { CommandDefinition } from './command';
import { SHOW_LOG_COMMAND, VERIFY_NOW_COMMAND } from '../commandIds';
import { plural } from '../core/text/plural';
import { UserCancelled, UserFacingError } from './errors';
import { isJobsNode, jobsFromArguments } from './jobs/treeArguments';
import { withCancellableProgress } from './run/cancellableProgress';
import { planVerify, verifyConfirmation, verifyProgressMessage } from './status/verifyPlan';
import { SHOW_LOG, verifyReportText } from './status/verifyReport';
import { errorMessage } from '../core/errorMessage';

export const verifyNow: CommandDefinition = {
  id: VERIFY_NOW_COMMAND,
  async run(services, ...args): Promise<StatusCheckReport | undefined> {
    const { store, poller, prompter, logger } = services;
    services.engine.assertWritable();
    const fromRows = args.some((a) => isJobsNode(a) || typeof a === 'string' || (Array.isArray(a) && a.length > 0));
    const pendingOf = (job: JobState) => job.counts().accepted;
    const jobs = (fromRows ? jobsFromArguments(services, args) : await pickJobs(services)).filter((job) => pendingOf(job) > 0);
    if (jobs.length === 0) throw new UserFacingError('Nothing to verify: no deletion is pending at a vendor.', [], 'info');

    const plan = await planVerify(jobs, (spec) => services.engine.statusCheckerFor(spec));
    const confirmation = verifyConfirmation(plan, jobs.length);
    if (plan.checked > 0 && (await prompter.confirm(confirmation.message, confirmation.detail, [confirmation.button])) !== confirmation.button) {
      throw new UserCancelled();
    }
    let cancelled = false;
    let done = 0;
    const report = await withCancellableProgress(`Verifying ${plural(plan.checked, 'pending deletion')}`, async (signal, progress) => {
      progress(verifyProgressMessage(0, plan.checked));
      const result = await poller.verifyNow(
        jobs.map((j) => j.id),
        'all',
        signal,
        (count) => progress(verifyProgressMessage((done += count), plan.checked)),
      );
      cancelled = signal.aborted;
      return result;
    });
    if (!report) throw new UserFacingError('The status check failed; the log has the details.', [{ title: SHOW_LOG, command: SHOW_LOG_COMMAND }]);
    const describe = (jobId: string, key: string) => {
      const target = store.get(jobId)?.targets.find((t) => t.spec.key === key);
      return target ? describeTarget(target.spec) : key;
    };
    const text = verifyReportText(report, describe, cancelled);
    const message = services.redactor.redactText(text.message);
    logger.info(`Verify Now: ${message}`);
    // Not awaited: the command is done once the report is in, whether or not the toast is closed.
    void prompter.notify(text.level, message, text.buttons).then(
      (chosen) => (chosen === SHOW_LOG ? logger.show() : undefined),
      (error: unknown) => logger.warn(`Verify Now: ${errorMessage(error)}`),
    );
    return report;
  },
};

/** The jobs with pending deletions, the ones selected in the view ticked and first; one job needs no question. */
async function pickJobs(services: ExtensionServices): Promise<JobState[]> {
  const candidates = services.store.list().filter((job) => job.counts().accepted > 0);
  if (candidates.length <= 1) return candidates;
  const selected = new Set(services.jobsView.selection().map((node) => node.job));
  const ordered = [...candidates.filter((j) => selected.has(j)), ...candidates.filter((j) => !selected.has(j))];
  const chosen = await services.prompter.pickMany(
    ordered.map((job) => ({
      label: services.redactor.redactText(job.spec.title),
      description: services.redactor.redactText(`${job.spec.ticket !== undefined ? `${job.spec.ticket} · ` : ''}${plural(job.counts().accepted, 'pending deletion')}`),
      picked: selected.has(job),
      value: job,
    })),
    { title: 'Verify which jobs? (Lookups cost API calls: the count is shown before anything is asked.)', placeholder: 'Tick the jobs to verify; the selected job comes ticked' },
  );
  if (chosen === undefined || chosen.length === 0) throw new UserCancelled();
  return chosen;
}
