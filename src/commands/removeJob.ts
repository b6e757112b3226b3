// "Remove Job from History": forgets finished jobs after a confirmation (deletions already sent
// are not undone). Running jobs stay.
import type { CommandDefinition } from './command';
import { REMOVE_JOB_COMMAND } from '../commandIds';
import { plural } from '../core/text/plural';
import { JobRunningError } from '../core/engineErrors';
import { UserCancelled } from './errors';
import { jobsFromArguments } from './jobs/treeArguments';

export const removeJob: CommandDefinition = {
  id: REMOVE_JOB_COMMAND,
  async run(services, ...args) {
    services.engine.assertWritable();
    const jobs = jobsFromArguments(services, args).filter((job) => !services.engine.isRunning(job.id));
    if (jobs.length === 0) throw new JobRunningError('A running job cannot be removed: cancel it first.');
    const message = jobs.length === 1 ? `Remove “${jobs[0].spec.title}” from the history?` : `Remove ${plural(jobs.length, 'job')} from the history?`;
    const button = 'Remove';
    const detail = 'Deletions already sent are not undone; only their record is removed (it will not be in exports).';
    if ((await services.prompter.confirm(message, detail, [button])) !== button) throw new UserCancelled();
    for (const job of jobs) await services.engine.removeJob(job.id);
    return jobs.length;
  },
};
