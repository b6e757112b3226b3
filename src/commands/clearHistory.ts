// "Clear History": removes every job that is not running, after a confirmation, and rewrites the
// journal without them.
import type { CommandDefinition } from './command';
import { CLEAR_HISTORY_COMMAND } from '../commandIds';
import { plural } from '../core/text/plural';
import { UserCancelled, UserFacingError } from './errors';

export const clearHistory: CommandDefinition = {
  id: CLEAR_HISTORY_COMMAND,
  async run(services) {
    services.engine.assertWritable();
    const jobs = services.store.list().filter((job) => !services.engine.isRunning(job.id));
    const running = services.store.list().length - jobs.length;
    if (jobs.length === 0) throw new UserFacingError(running > 0 ? 'Only running jobs are in the history.' : 'The history is empty.', [], 'info');
    const detail = [
      'Deletions already sent are not undone; only their record is removed (it will not be in exports).',
      ...(running > 0 ? [`${plural(running, 'running job')} ${running === 1 ? 'stays' : 'stay'}.`] : []),
    ].join('\n');
    const button = `Remove ${plural(jobs.length, 'job')}`;
    if ((await services.prompter.confirm(`Clear the history of ${plural(jobs.length, 'job')}?`, detail, [button])) !== button) throw new UserCancelled();
    // One rewrite of the journal (the removed IDs leave the disk at once); running jobs stay.
    return services.history.clearHistory((job) => services.engine.isRunning(job.id));
  },
};
