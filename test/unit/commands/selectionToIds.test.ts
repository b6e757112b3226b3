import assert from 'node:assert/strict';
import { readSelectedIds } from '../../../src/commands/deletion/selectedIds';
import { selectionTexts, type TextSelection } from '../../../src/commands/deletion/selectionText';
import { selectionSummary } from '../../../src/commands/deletion/selectionSummary';
import { UserCancelled, UserFacingError } from '../../../src/commands/errors';
import { label, labels, ScriptedPrompter, step, type Question } from '../helpers/scriptedPrompter';

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

  describe('suspicious tokens', () => {
    const PROSE = 'please delete user-51 and user-52 from every tool.';

    it('lists them, none ticked, with their reasons; Enter on the list leaves them all out', async () => {
      let asked: Extract<Question, { kind: 'pickMany' }> | undefined;
      const prompter = new ScriptedPrompter([
        step('pickMany', (q) => {
          asked = q;
          return [q.items[0].value]; // Enter with nothing ticked answers the highlighted first item
        }),
      ]);
      const selected = await readSelectedIds([PROSE], prompter);
      assert.deepEqual(selected.ids, ['user-51', 'user-52']);
      assert.ok(asked);
      assert.match(asked.options.title, /^6 tokens in the selection do not look like user IDs/);
      assert.deepEqual(
        asked.items.map((i) => `${i.label} | ${i.description}`),
        [
          'Leave them all out | send only the 2 IDs read',
          'please | a word of a sentence',
          'delete | a word of a sentence',
          'and | a word of a sentence',
          'from | a word of a sentence',
          'every | a word of a sentence',
          'tool. | ends with sentence punctuation',
        ],
      );
      assert.ok(asked.items.every((i) => !i.picked), 'nothing ticked by default');
      assert.equal(selectionSummary(selected), '2 IDs · 6 suspicious tokens left out (text)');
    });

    it('adds the ticked tokens in their place', async () => {
      const selected = await readSelectedIds(['alice and user-2 please'], new ScriptedPrompter([step('pickMany', labels('alice'))]));
      assert.deepEqual(selected.ids, ['alice', 'user-2']);
      assert.deepEqual(
        selected.suspicious.map((s) => s.value),
        ['and', 'please'],
      );
    });

    it('cancels the flow on Escape', async () => {
      await assert.rejects(readSelectedIds([PROSE], new ScriptedPrompter([step('pickMany', undefined)])), UserCancelled);
    });

    it('says so when only suspicious tokens were selected and none was ticked', async () => {
      await assert.rejects(
        readSelectedIds(['please delete alice and bob'], new ScriptedPrompter([step('pickMany', [])])),
        (e: unknown) => e instanceof UserFacingError && e.message === 'No user IDs to delete: 5 tokens that do not look like IDs were left out.',
      );
    });

    it('asks nothing for a plain list', async () => {
      const selected = await readSelectedIds(['alice\nbob\ncarol'], new ScriptedPrompter([]));
      assert.deepEqual(selected.ids, ['alice', 'bob', 'carol']);
    });
  });

  it('asks which field of JSON lines of objects holds the IDs', async () => {
    const prompter = new ScriptedPrompter([step('pickOne', label('email'))]);
    const selected = await readSelectedIds(['{"id": 1, "email": "a@x.test"}\n{"id": 2, "email": "b@x.test"}'], prompter);
    assert.deepEqual(selected.ids, ['a@x.test', 'b@x.test']);
    const [question] = prompter.asked;
    assert.match(question.kind === 'pickOne' ? question.options.title : '', /JSON lines of objects: which field holds the user IDs/);
    assert.equal(selectionSummary(selected), '2 IDs (JSON lines, field “email”)');
  });

  it('refuses a CSV whose header is not on its first line, and names a title line it skipped', async () => {
    await assert.rejects(
      readSelectedIds(['a,b,c\nuser_id,name,email\nu1,Bob,x'], new ScriptedPrompter([])),
      (e: unknown) => e instanceof UserFacingError && /cannot be read safely: line 2 looks like the header of a CSV table/.test(e.message),
    );
    const selected = await readSelectedIds(['Users to delete\nuser_id,name\nu1,Bob'], new ScriptedPrompter([]));
    assert.equal(selectionSummary(selected), '1 ID (CSV column “user_id” below a title line)');
  });
});
