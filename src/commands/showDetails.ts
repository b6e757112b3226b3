// "Show Details": the request/response summary of a job, target, group or ID in a read-only
// Markdown document (redacted).
import { detailsOf } from '../views/jobs/detailsText';
import type { CommandDefinition } from './command';
import { SHOW_DETAILS_COMMAND } from './commandIds';
import { nodesFromArguments } from './jobs/treeArguments';

export const showDetails: CommandDefinition = {
  id: SHOW_DETAILS_COMMAND,
  async run(services, ...args) {
    const [node] = nodesFromArguments(services, args);
    const details = detailsOf(node, (text) => services.redactor.redactText(text));
    return services.documents.open(details.name, 'markdown', details.markdown);
  },
};
