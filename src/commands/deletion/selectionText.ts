// Editor selections → the texts to read IDs from: every selection in document order (multiple
// cursors too); an empty selection gives the token under its cursor. Structural types keep this
// free of vscode so plain-Node tests can run it.
import { tokenAt } from '../../core/ids';

export interface TextPosition {
  line: number;
  character: number;
}

export interface TextSelection {
  start: TextPosition;
  end: TextPosition;
  active: TextPosition;
  isEmpty: boolean;
}

export interface TextSource<S extends TextSelection = TextSelection> {
  getText(range: S): string;
  lineAt(line: number): { text: string };
}

export function selectionTexts<S extends TextSelection>(doc: TextSource<S>, selections: readonly S[]): string[] {
  const ordered = [...selections].sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
  const texts: string[] = [];
  for (const selection of ordered) {
    if (selection.isEmpty) {
      const token = tokenAt(doc.lineAt(selection.active.line).text, selection.active.character);
      if (token !== undefined) texts.push(token);
    } else {
      const text = doc.getText(selection);
      if (text.length > 0) texts.push(text);
    }
  }
  return texts;
}
