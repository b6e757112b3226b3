// "Export History…": the audit rows of every job in the history (newest first) to CSV or JSON.
// Works in a read-only window too: exporting changes nothing.
import type { CommandDefinition } from './command';
import { EXPORT_HISTORY_COMMAND } from '../commandIds';
import { UserFacingError } from './errors';
import { exportJobs } from './export/exportFlow';

export const exportHistory: CommandDefinition = {
  id: EXPORT_HISTORY_COMMAND,
  async run(services) {
    const jobs = services.store.list();
    if (jobs.length === 0) throw new UserFacingError('The history is empty: there is nothing to export.', [], 'info');
    return exportJobs(services, jobs, { kind: 'history' });
  },
};
