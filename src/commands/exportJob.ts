// "Export Job…": the audit rows of the chosen job(s) (a job row, or several selected) to CSV or JSON.
import type { CommandDefinition } from './command';
import { EXPORT_JOB_COMMAND } from '../commandIds';
import { exportJobs } from './export/exportFlow';
import { jobsFromArguments } from './jobs/treeArguments';

export const exportJob: CommandDefinition = {
  id: EXPORT_JOB_COMMAND,
  async run(services, ...args) {
    const jobs = jobsFromArguments(services, args);
    return exportJobs(services, jobs, jobs.length === 1 ? { kind: 'job', jobId: jobs[0].id } : { kind: 'jobs', count: jobs.length });
  },
};
