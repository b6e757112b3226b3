// "Resume": sends the IDs of a job that were never sent (e.g. the window closed mid-job), after a
// confirmation with the count.
import type { RunHandle } from '../core/engine';
import type { CommandDefinition } from './command';
import { RESUME_JOB_COMMAND } from '../commandIds';
import { plural } from '../core/text/plural';
import { NothingToResumeError } from '../core/engineErrors';
import { UserCancelled } from './errors';
import { jobsFromArguments } from './jobs/treeArguments';
import { trackRun } from './run/trackRun';

export const resumeJob: CommandDefinition = {
  id: RESUME_JOB_COMMAND,
  async run(services, ...args): Promise<RunHandle[]> {
    const { engine, prompter } = services;
    engine.assertWritable();
    const jobs = jobsFromArguments(services, args).filter((job) => !engine.isRunning(job.id) && job.counts().planned > 0);
    if (jobs.length === 0) throw new NothingToResumeError();
    const count = jobs.reduce((n, job) => n + job.counts().planned, 0);
    const detail = jobs.map((job) => `“${job.spec.title}”: ${plural(job.counts().planned, 'ID')} never sent`).join('\n');
    const button = `Send ${plural(count, 'ID')}`;
    if ((await prompter.confirm(`Send the ${plural(count, 'ID')} not sent yet?`, detail, [button])) !== button) throw new UserCancelled();
    const handles: RunHandle[] = [];
    for (const job of jobs) {
      const handle = await engine.resume(job.id);
      void trackRun(services, handle, 'Resuming');
      handles.push(handle);
    }
    return handles;
  },
};
