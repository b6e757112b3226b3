// "Retry Failed": sends again the failed, unanswered and cancelled IDs of the selected rows (a
// job, a target, a group or single IDs), after a confirmation with the count. One run per job.
import type { RunHandle } from '../core/engine';
import { retrySelectionOf } from '../views/jobs/selection';
import type { CommandDefinition } from './command';
import { RETRY_FAILED_COMMAND } from '../commandIds';
import { JobRunningError, NothingToRetryError } from '../core/engineErrors';
import { UserCancelled } from './errors';
import { retryConfirmationText } from './jobs/retryConfirmation';
import { nodesFromArguments } from './jobs/treeArguments';
import { trackRun } from './run/trackRun';

export const retryFailed: CommandDefinition = {
  id: RETRY_FAILED_COMMAND,
  async run(services, ...args): Promise<RunHandle[]> {
    const { engine, prompter } = services;
    engine.assertWritable();
    const selection = retrySelectionOf(nodesFromArguments(services, args));
    const running = [...selection.keys()].filter((jobId) => engine.isRunning(jobId));
    for (const jobId of running) selection.delete(jobId);
    if (selection.size === 0) {
      throw running.length > 0 ? new JobRunningError('The job is still running: wait until it ends (or cancel it), then retry.') : new NothingToRetryError();
    }
    const text = retryConfirmationText(services.store, selection);
    if ((await prompter.confirm(text.message, text.detail, [text.button])) !== text.button) throw new UserCancelled();
    const handles: RunHandle[] = [];
    for (const [jobId, byTarget] of selection) {
      const handle = await engine.retry(jobId, byTarget);
      void trackRun(services, handle, 'Retrying');
      handles.push(handle);
    }
    return handles;
  },
};
