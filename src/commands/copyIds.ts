// "Copy ID(s)": the IDs of the selected rows to the clipboard, one per line.
import * as vscode from 'vscode';
import { idsOf } from '../views/jobs/selection';
import type { CommandDefinition } from './command';
import { COPY_IDS_COMMAND } from '../commandIds';
import { plural } from '../core/text/plural';
import { UserFacingError } from './errors';
import { nodesFromArguments } from './jobs/treeArguments';

export const copyIds: CommandDefinition = {
  id: COPY_IDS_COMMAND,
  async run(services, ...args) {
    const ids = idsOf(nodesFromArguments(services, args));
    if (ids.length === 0) throw new UserFacingError('No IDs in the selected rows.', [], 'info');
    const text = ids.join('\n');
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`User Erasure: copied ${plural(ids.length, 'ID')}`, 4000);
    return text;
  },
};
