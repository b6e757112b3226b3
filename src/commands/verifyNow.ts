// "Verify Now": asks the vendors at once about the pending (accepted) IDs of the chosen rows, or
// of every job from the view's title bar — lookups that cost API calls included — in a
// cancellable progress notification, then says what was checked and what has no status API.
import { describeTarget } from '../core/job';
import type { StatusCheckReport } from '../core/statusChecks';
import type { CommandDefinition } from './command';
import { SHOW_LOG_COMMAND, VERIFY_NOW_COMMAND } from './commandIds';
import { plural } from './deletion/selectionSummary';
import { UserFacingError } from './errors';
import { requireWritable } from './jobs/requireWritable';
import { isJobsNode, jobsFromArguments } from './jobs/treeArguments';
import { withCancellableProgress } from './run/cancellableProgress';
import { SHOW_LOG, verifyReportText } from './status/verifyReport';

export const verifyNow: CommandDefinition = {
  id: VERIFY_NOW_COMMAND,
  async run(services, ...args): Promise<StatusCheckReport | undefined> {
    const { store, poller, prompter, logger } = services;
    requireWritable(services);
    const fromRows = args.some((a) => isJobsNode(a) || typeof a === 'string' || (Array.isArray(a) && a.length > 0));
    const jobs = fromRows ? jobsFromArguments(services, args) : store.list();
    const pending = jobs.reduce((n, job) => n + job.counts().accepted, 0);
    if (pending === 0) throw new UserFacingError('Nothing to verify: no deletion is pending at a vendor.', [], 'info');
    const jobIds = fromRows ? jobs.map((j) => j.id) : 'all';
    let cancelled = false;
    const report = await withCancellableProgress(`Verifying ${plural(pending, 'pending deletion')}…`, async (signal) => {
      const result = await poller.verifyNow(jobIds, 'all', signal);
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
      (error: unknown) => logger.warn(`Verify Now: ${error instanceof Error ? error.message : String(error)}`),
    );
    return report;
  },
};
