import assert from 'node:assert/strict';
import { readSelectedIds } from '../../../src/commands/deletion/selectedIds';
import { selectionTexts, type TextSelection } from '../../../src/commands/deletion/selectionText';
import { selectionSummary } from '../../../src/commands/deletion/selectionSummary';
import { UserCancelled, UserFacingError } from '../../../src/commands/errors';
import { label, ScriptedPrompter, step } from '../helpers/scriptedPrompter';

/** A document over lines, with selections given as [line, char, line, char] (active = end). */
function doc(lines: string[]) {
  const offset = (line: number, character: number) => lines.slice(0, line).join('\n').length + (line > 0 ? 1 : 0) + character;
  return {
    getText: (range: TextSelection) => lines.join('\n').slice(offset(range.start.line, range.start.character), offset(range.end.line, range.end.character)),
    lineAt: (line: number) => ({ text: lines[line] }),
  };
}

function sel(startLine: number, startChar: number, endLine = startLine, endChar = startChar): TextSelection {
  return {
    start: { line: startLine, character: startChar },
    end: { line: endLine, character: endChar },
    active: { line: endLine, character: endChar },
    isEmpty: startLine === endLine && startChar === endChar,
  };
}

describe('selection → IDs', () => {
  it('reads every selection in document order; an empty one gives the token under the cursor', () => {
    const d = doc(['alpha beta gamma', 'user-1', 'user-2', '', 'tail "quoted id" x']);
    const texts = selectionTexts(d, [sel(1, 0, 2, 6), sel(0, 7), sel(3, 0), sel(4, 8)]);
    assert.deepEqual(texts, ['beta', 'user-1\nuser-2', 'quoted id']);
  });

  it('gives nothing for cursors between separators', () => {
    assert.deepEqual(selectionTexts(doc(['a ,  b']), [sel(0, 3)]), []);
  });

  it('parses and de-duplicates, with counts for the titles', async () => {
    const selected = await readSelectedIds(['u1\nu2\nu1', '["u3", null, "u2"]'], new ScriptedPrompter([]));
    assert.deepEqual(selected.ids, ['u1', 'u2', 'u3']);
    assert.equal(selected.duplicates, 2);
    assert.equal(selectionSummary(selected), '3 IDs · 2 duplicates removed · 1 value is not IDs (several formats)');
  });

  it('asks which CSV column holds the IDs when the header does not say', async () => {
    const csv = 'email,country,signup\na@x.test,FR,2024\nb@x.test,DE,2023';
    const prompter = new ScriptedPrompter([step('pickOne', label('email'))]);
    const selected = await readSelectedIds([csv], prompter);
    assert.deepEqual(selected.ids, ['a@x.test', 'b@x.test']);
    assert.equal(selectionSummary(selected), '2 IDs (CSV column “email”)');
    const [question] = prompter.asked;
    assert.equal(question.kind, 'pickOne');
    assert.match(question.kind === 'pickOne' ? question.options.title : '', /which column holds the user IDs/);
  });

  it('cancels quietly when the column question is dismissed', async () => {
    const csv = 'email,country\na@x.test,FR\nb@x.test,DE';
    await assert.rejects(readSelectedIds([csv], new ScriptedPrompter([step('pickOne', undefined)])), UserCancelled);
  });

  it('says so when the selection holds no IDs', async () => {
    await assert.rejects(readSelectedIds(['  ,, ;'], new ScriptedPrompter([])), (e: unknown) => e instanceof UserFacingError && /No user IDs found/.test(e.message));
    await assert.rejects(
      readSelectedIds(['[null, true]'], new ScriptedPrompter([])),
      (e: unknown) => e instanceof UserFacingError && /2 value\(s\) cannot be user IDs/.test(e.message),
    );
  });
});
