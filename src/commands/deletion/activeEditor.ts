// Step 1a: the texts selected in the active editor, or a clear message when there are none.
import * as vscode from 'vscode';
import { UserFacingError } from '../errors';
import { selectionTexts } from './selectionText';

export function activeSelectionTexts(): string[] {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    throw new UserFacingError(
      'No editor is active: open the file with the user IDs and select them (one per line, CSV or a JSON array).',
      [{ title: 'Open Sample IDs', command: 'userErasure.openSampleIds' }],
      'warning',
    );
  }
  const texts = selectionTexts<vscode.Selection>(editor.document, editor.selections);
  if (texts.length === 0) {
    throw new UserFacingError('Nothing is selected: select the user IDs, or put the cursor on one ID.', [], 'warning');
  }
  return texts;
}
