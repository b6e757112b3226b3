// Step 1a: the texts selected in the active editor, or a clear message when there are none.
// The walkthrough (or any webview, the Settings UI) is an editor too: clicking its "Preview" or
// "Delete" button leaves no active *text* editor. Then the text editor the engineer was last in
// counts, as long as its tab is open, and the pickers name that file so the source is plain.
import * as vscode from 'vscode';
import { UserFacingError } from '../errors';
import { selectionTexts } from './selectionText';

let lastTextEditor: vscode.TextEditor | undefined;

/** Keeps the last active text editor; call once at activation. */
export function rememberTextEditors(): vscode.Disposable {
  lastTextEditor = vscode.window.activeTextEditor;
  return vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor) lastTextEditor = editor;
  });
}

export interface SelectionSource {
  texts: string[];
  /** The file's name when the IDs come from a text editor that is not the active one. */
  from?: string;
}

export function activeSelectionTexts(): SelectionSource {
  const active = vscode.window.activeTextEditor;
  const editor = active ?? (lastTextEditor && hasTab(lastTextEditor.document.uri) ? lastTextEditor : undefined);
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
  return active ? { texts } : { texts, from: fileName(editor.document.uri) };
}

/** Still open in a tab: a closed tab's document stays loaded (isClosed stays false) for a while. */
function hasTab(uri: vscode.Uri): boolean {
  const wanted = uri.toString();
  return vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === wanted));
}

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.toString();
}
