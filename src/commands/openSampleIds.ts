// "Open Sample IDs": a new untitled document with made-up IDs to try the flow on (never the
// packaged file itself, so nothing in the extension folder gets edited). Opened from the walkthrough
// (no text editor active, another tab is), it goes beside it so the next step's button stays in view.
import * as vscode from 'vscode';
import type { CommandDefinition } from './command';
import { OPEN_SAMPLE_IDS_COMMAND } from '../commandIds';

export const SAMPLE_IDS_FILE = ['media', 'sample-ids.txt'] as const;

export const openSampleIds: CommandDefinition = {
  id: OPEN_SAMPLE_IDS_COMMAND,
  async run(services) {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(services.context.extensionUri, ...SAMPLE_IDS_FILE));
    const doc = await vscode.workspace.openTextDocument({ content: new TextDecoder().decode(bytes), language: 'plaintext' });
    const besideSomething = vscode.window.activeTextEditor === undefined && vscode.window.tabGroups.activeTabGroup.activeTab !== undefined;
    await vscode.window.showTextDocument(doc, besideSomething ? vscode.ViewColumn.Beside : undefined);
    return doc;
  },
};
