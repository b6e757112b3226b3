// "Find Job by Ticket or ID…": asks for a ticket reference or a user ID and lists the matching jobs
// and IDs with their outcomes; picking a job reveals it in the Erasure Jobs view, picking an ID
// reveals its job and opens the ID's story (Show Details).
import { findJobs, matchRow, type FindMatch } from '../views/jobs/findJobs';
import { jobScope } from '../views/jobs/jobScope';
import { IdNode } from '../views/jobs/nodes/idNode';
import type { CommandDefinition } from './command';
import { FIND_JOB_COMMAND } from '../commandIds';
import { plural } from '../core/text/plural';
import { UserCancelled, UserFacingError } from './errors';
import { showDetails } from './showDetails';

export interface FindJobOutcome {
  query: string;
  matches: FindMatch[];
  chosen?: FindMatch;
}

export const findJob: CommandDefinition = {
  id: FIND_JOB_COMMAND,
  async run(services, ...args): Promise<FindJobOutcome> {
    const { prompter, redactor, store, jobsView } = services;
    const given = typeof args[0] === 'string' ? args[0] : undefined;
    const query =
      given ??
      (await prompter.input({
        title: 'Find Job by Ticket or ID',
        prompt: 'A ticket reference (ZD-4711, or just 4711) or a user ID: lists the jobs and IDs that match, with their outcomes.',
        placeholder: 'e.g. ZD-4711 or user-3',
      }));
    if (query === undefined || query.trim() === '') throw new UserCancelled();
    const { matches, more } = findJobs(store.list(), query);
    if (matches.length === 0) throw new UserFacingError(`No job has the ticket or ID “${query.trim()}” (searched ${plural(store.list().length, 'job')} in the history).`, [], 'info');
    const chosen = await prompter.pickOne(
      matches.map((match) => {
        const row = matchRow(match, jobScope);
        return { label: redactor.redactText(row.label), description: redactor.redactText(row.description), detail: redactor.redactText(row.detail), value: match };
      }),
      {
        title: `“${query.trim()}”: ${plural(matches.length, 'match', 'matches')}${more > 0 ? ` (and ${plural(more, 'more ID')} not listed)` : ''}`,
        placeholder: 'Pick a job to reveal it, or an ID to see its story',
      },
    );
    if (chosen === undefined) return { query, matches };
    await jobsView.reveal(chosen.job.id);
    if (chosen.kind === 'id') {
      const target = jobsView.model.jobNode(chosen.job.id)?.children().find((t) => t.target === chosen.target);
      if (target) await showDetails.run(services, new IdNode(target.group(chosen.outcome), chosen.index, target.ctx));
    }
    return { query, matches, chosen };
  },
};
