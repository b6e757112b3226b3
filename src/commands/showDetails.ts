// "Show Details": the request/response summary of a job, target, group or ID in a read-only
// Markdown document (redacted). An ID's document is named after the ID and tells its whole story
// from the journal: the request, the answer and each status check.
import { detailsOf } from '../views/jobs/detailsText';
import { readIdHistory, type IdHistoryEntry } from '../views/jobs/idHistory';
import { IdNode } from '../views/jobs/nodes/idNode';
import type { ExtensionServices } from '../services';
import type { CommandDefinition } from './command';
import { SHOW_DETAILS_COMMAND } from '../commandIds';
import { nodesFromArguments } from './jobs/treeArguments';
import { errorMessage } from '../core/errorMessage';

export const showDetails: CommandDefinition = {
  id: SHOW_DETAILS_COMMAND,
  async run(services, ...args) {
    const [node] = nodesFromArguments(services, args);
    const history = node instanceof IdNode ? await historyOf(services, node) : undefined;
    const details = detailsOf(node, (text) => services.redactor.redactText(text), history);
    return services.documents.open(details.name, 'markdown', details.markdown);
  },
};

/** What the journal holds for the ID; undefined without a journal file (memory mode) or when it cannot be read. */
async function historyOf(services: ExtensionServices, node: IdNode): Promise<IdHistoryEntry[] | undefined> {
  const journal = services.history.journal;
  if (!journal) return undefined;
  try {
    if (journal.mode === 'writer') await journal.flush();
    return await readIdHistory(journal.file, { jobId: node.job.id, targetIndex: node.job.targets.indexOf(node.target), index: node.index });
  } catch (error) {
    services.logger.warn(`Show Details: the journal could not be read: ${errorMessage(error)}`);
    return undefined;
  }
}

