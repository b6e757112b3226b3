// "Preview Deletion of Selected Users (Dry Run)": the same flow, ending with the requests in a
// read-only document. Nothing is sent.
import type { CommandDefinition } from './command';
import { PREVIEW_SELECTED_USERS_COMMAND } from '../commandIds';
import { previewSelection } from './deletion/deletionFlow';

export const previewSelectedUsers: CommandDefinition = {
  id: PREVIEW_SELECTED_USERS_COMMAND,
  run: (services) => previewSelection(services),
};
