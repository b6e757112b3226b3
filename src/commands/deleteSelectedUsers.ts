// "Delete Selected Users": the selected IDs → vendors → confirmation → run. Resolves to the run
// (tests await `handle.done`); undefined when the engineer cancelled.
import type { CommandDefinition } from './command';
import { DELETE_SELECTED_USERS_COMMAND } from '../commandIds';
import { deleteSelection } from './deletion/deletionFlow';

export const deleteSelectedUsers: CommandDefinition = {
  id: DELETE_SELECTED_USERS_COMMAND,
  run: (services) => deleteSelection(services),
};
