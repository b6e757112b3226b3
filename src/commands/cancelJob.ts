// "Cancel Job": no new request starts; requests in flight finish; unsent IDs end as cancelled.
import type { CommandDefinition } from './command';
import { CANCEL_JOB_COMMAND } from '../commandIds';
import { JobNotRunningError } from '../core/engineErrors';
import { jobsFromArguments } from './jobs/treeArguments';

export const cancelJob: CommandDefinition = {
  id: CANCEL_JOB_COMMAND,
  async run(services, ...args) {
    const cancelled = jobsFromArguments(services, args).filter((job) => services.engine.cancel(job.id));
    if (cancelled.length === 0) throw new JobNotRunningError();
    for (const job of cancelled) services.logger.info(`Job ${job.id} cancelled by the engineer`);
    return cancelled.length;
  },
};
