import assert from 'node:assert/strict';
import { BACK_TO_CONFIRMATION, CANCEL_DELETION, confirmDeletion } from '../../../src/commands/deletion/confirmDeletion';
import { confirmationText } from '../../../src/commands/deletion/confirmationText';
import { showId } from '../../../src/core/shownText';
import { requireSomethingToSend, usersToDelete } from '../../../src/commands/deletion/planCheck';
import { readSelectedIds } from '../../../src/commands/deletion/selectedIds';
import { typedCountProblem } from '../../../src/commands/deletion/typedCount';
import { UserCancelled, UserFacingError } from '../../../src/commands/errors';
import type { TargetChoice } from '../../../src/core/engine';
import { ACCOUNTS, testEngine } from '../helpers/engine';
import { label, ScriptedPrompter, step, typed } from '../helpers/scriptedPrompter';

const choices: TargetChoice[] = [
  { account: ACCOUNTS.clevertap, options: { vendor: 'clevertap', idType: 'identity' } },
  { account: ACCOUNTS.batch, options: { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' } },
  { account: ACCOUNTS.batch, options: { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'Android' } },
];

async function planOf(text: string, targets = choices) {
  const { engine } = testEngine();
  const selected = await readSelectedIds([text], new ScriptedPrompter([]));
  const plan = await engine.plan({ ids: selected.ids, choices: targets, source: 'editor' });
  return { selected, plan };
}

describe('deletion confirmation', () => {
  it('names vendors, accounts, counts per target, first IDs, skipped IDs and caveats', async () => {
    const long = 'L'.repeat(1024);
    const { selected, plan } = await planOf(`u1 u2 u3 u2 "with space" u4 u5 u6 ${long}`);
    const text = confirmationText(plan, selected);
    assert.equal(text.count, 8, 'the long ID is still sent to CleverTap');
    assert.equal(text.message, 'Delete 8 users at CleverTap (EU prod) and Batch (Prod: iOS, Android)? This cannot be undone.');
    assert.equal(text.deleteButton, 'Delete 8 users');
    assert.equal(text.previewButton, 'Preview requests');
    const lines = text.detail.split('\n');
    assert.equal(lines[0], 'Selection: 8 IDs · 1 duplicate removed (text).');
    assert.ok(lines.includes('CleverTap · EU prod · identity: 8 IDs'));
    assert.ok(lines.includes('  First: u1, u2, u3, "with space", u4, …'));
    assert.ok(lines.includes('Batch · Prod · iOS · GDPR remove: 7 IDs'));
    assert.ok(lines.some((l) => /^ {2}Skipped \(invalid\): 1 — e\.g\. L{39}…: too long for Batch/.test(l)));
    assert.ok(lines.includes('Before you confirm:'));
    assert.ok(lines.includes('CleverTap:'));
    assert.ok(lines.some((l) => /^ {2}• Irreversible/.test(l)));
    assert.equal(lines.filter((l) => l === 'Batch:').length, 1, 'caveats once per vendor');
  });

  it('shows IDs with escape sequences, C1 controls or bidi overrides escaped, never raw', async () => {
    const { selected, plan } = await planOf('abc\u202edcba x\u001b[2Kforged\u009b ok', [choices[0]]);
    const { detail } = confirmationText(plan, selected);
    assert.doesNotMatch(detail, /[\u001b\u009b\u202e]/);
    assert.match(detail, /First: "abc\\u202edcba", ok/);
    assert.match(detail, /Skipped \(invalid\): 1 — e\.g\. "x\\u001b\[2Kforged\\x9b"/);
  });

  it('counts an EngageLab alias once however many devices it resolved to', async () => {
    const { plan } = await planOf('a b');
    plan.spec.targets[0].ids = [{ id: 'rid-1', origin: 'alice' }, { id: 'rid-2', origin: 'alice' }, { id: 'bob', origin: 'bob', preset: { outcome: 'not-found', message: 'alias not found' } }];
    plan.spec.targets = [plan.spec.targets[0]];
    assert.equal(usersToDelete(plan, 2), 1);
  });

  it('counts a user sent to any target once, and not at all when every target skips it', async () => {
    const { selected, plan } = await planOf(`a b bad\u0001 ${'L'.repeat(1024)}`);
    assert.equal(selected.ids.length, 4);
    assert.equal(usersToDelete(plan, selected.ids.length), 3, 'the long ID goes to CleverTap only; the control character nowhere');
  });

  it('refuses a plan that sends nothing, with the reasons', async () => {
    const { plan } = await planOf('bad\u0001id', [choices[0]]);
    assert.throws(
      () => requireSomethingToSend(plan),
      (e: unknown) => e instanceof UserFacingError && /Nothing to delete.*CleverTap · EU prod · identity: 1 ID invalid \(e\.g\. contains a control character/.test(e.message),
    );
  });

  it('asks for the optional ticket first, shows it in the dialog, and returns it (trimmed)', async () => {
    const { selected, plan } = await planOf('u1 u2');
    const prompter = new ScriptedPrompter([
      step('input', (q) => {
        assert.equal(q.options.title, 'Ticket reference (optional)');
        assert.equal(q.options.value, 'ZD-1', 'the last ticket of this window is offered');
        assert.match(q.options.validate?.('ZD-1\nx') ?? '', /control characters/);
        return ' JIRA-123 ';
      }),
      step('confirm', (q) => {
        assert.equal(q.detail.split('\n')[0], 'Ticket: JIRA-123');
        return 'Delete 2 users';
      }),
    ]);
    assert.equal(await confirmDeletion({ prompter, threshold: 2, showPreview: async () => undefined }, plan, selected, { offered: 'ZD-1' }), 'JIRA-123');
    const none = new ScriptedPrompter([typed(''), step('confirm', (q) => (assert.ok(!q.detail.includes('Ticket')), 'Delete 2 users'))]);
    assert.equal(await confirmDeletion({ prompter: none, threshold: 2, showPreview: async () => undefined }, plan, selected), undefined);
    const fromSelection = new ScriptedPrompter([step('confirm', 'Delete 2 users')]);
    assert.equal(await confirmDeletion({ prompter: fromSelection, threshold: 2, showPreview: async () => undefined }, plan, selected, { fromSelection: 'ZD-9' }), 'ZD-9');
  });

  it('the first (default, Enter) button is the safe Preview; the preview gets a non-modal question, then the dialog again; the typed count above the threshold', async () => {
    const { selected, plan } = await planOf('u1 u2 u3 u4');
    let previews = 0;
    const prompter = new ScriptedPrompter([
      typed(''),
      step('confirm', (q) => {
        assert.deepEqual(q.buttons, ['Preview requests', 'Delete 4 users'], 'Enter presses the first button: the safe one');
        return q.buttons[0];
      }),
      step('pickOne', (q) => {
        assert.equal(previews, 1, 'asked once the preview is open');
        assert.match(q.options.title, /nothing has been sent/);
        return label(BACK_TO_CONFIRMATION)(q);
      }),
      step('confirm', 'Delete 4 users'),
      step('input', (q) => {
        assert.equal(q.options.validate?.('3'), 'Type 4 to proceed.');
        assert.equal(q.options.validate?.('4'), undefined);
        return '4';
      }),
    ]);
    await confirmDeletion({ prompter, threshold: 3, showPreview: async () => previews++ }, plan, selected);
    assert.equal(previews, 1);
    assert.equal(prompter.remaining, 0);
  });

  it('cancels from the question after the preview (or Escape there)', async () => {
    const { selected, plan } = await planOf('u1 u2');
    for (const answer of [label(CANCEL_DELETION), undefined]) {
      const prompter = new ScriptedPrompter([typed(''), step('confirm', 'Preview requests'), answer === undefined ? step('pickOne', undefined) : step('pickOne', answer)]);
      await assert.rejects(confirmDeletion({ prompter, threshold: 5, showPreview: async () => undefined }, plan, selected), UserCancelled);
    }
  });

  it('needs no typed count at or below the threshold', async () => {
    const { selected, plan } = await planOf('u1 u2');
    const prompter = new ScriptedPrompter([typed(''), step('confirm', 'Delete 2 users')]);
    await confirmDeletion({ prompter, threshold: 2, showPreview: async () => undefined }, plan, selected);
  });

  it('cancels on Escape at the ticket, the dialog or the typed count', async () => {
    const { selected, plan } = await planOf('u1 u2');
    const deps = (prompter: ScriptedPrompter) => ({ prompter, threshold: 1, showPreview: async () => undefined });
    await assert.rejects(confirmDeletion(deps(new ScriptedPrompter([step('input', undefined)])), plan, selected), UserCancelled);
    await assert.rejects(confirmDeletion(deps(new ScriptedPrompter([typed(''), step('confirm', undefined)])), plan, selected), UserCancelled);
    await assert.rejects(confirmDeletion(deps(new ScriptedPrompter([typed(''), step('confirm', 'Delete 2 users'), step('input', undefined)])), plan, selected), UserCancelled);
  });

  it('accepts the count typed with separators', () => {
    assert.equal(typedCountProblem(' 1,234 ', 1234), undefined);
    assert.equal(typedCountProblem('1 234', 1234), undefined);
    assert.equal(typedCountProblem('1233', 1234), 'Type 1234 to proceed.');
    assert.equal(typedCountProblem('', 1234), 'Type 1234 to proceed.');
  });

  it('quotes IDs with spaces or separators and shortens long ones', () => {
    assert.equal(showId('plain'), 'plain');
    assert.equal(showId('a b'), '"a b"');
    assert.equal(showId('a,b'), '"a,b"');
    assert.equal(showId(''), '""');
    assert.equal(showId('x'.repeat(50)), `${'x'.repeat(39)}…`);
  });
});
