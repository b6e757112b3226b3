import assert from 'node:assert/strict';
import { confirmDeletion } from '../../../src/commands/deletion/confirmDeletion';
import { confirmationText, showId } from '../../../src/commands/deletion/confirmationText';
import { requireSomethingToSend, usersToDelete } from '../../../src/commands/deletion/planCheck';
import { readSelectedIds } from '../../../src/commands/deletion/selectedIds';
import { typedCountProblem } from '../../../src/commands/deletion/typedCount';
import { UserCancelled, UserFacingError } from '../../../src/commands/errors';
import type { TargetChoice } from '../../../src/core/engine';
import { ACCOUNTS, testEngine } from '../helpers/engine';
import { ScriptedPrompter, step } from '../helpers/scriptedPrompter';

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

  it('shows the preview and asks again; then asks for the typed count above the threshold', async () => {
    const { selected, plan } = await planOf('u1 u2 u3 u4');
    let previews = 0;
    const prompter = new ScriptedPrompter([
      step('confirm', 'Preview requests'),
      step('confirm', (q) => q.buttons[0]),
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

  it('needs no typed count at or below the threshold', async () => {
    const { selected, plan } = await planOf('u1 u2');
    const prompter = new ScriptedPrompter([step('confirm', 'Delete 2 users')]);
    await confirmDeletion({ prompter, threshold: 2, showPreview: async () => undefined }, plan, selected);
  });

  it('cancels on Escape at the dialog or at the typed count', async () => {
    const { selected, plan } = await planOf('u1 u2');
    const deps = (prompter: ScriptedPrompter) => ({ prompter, threshold: 1, showPreview: async () => undefined });
    await assert.rejects(confirmDeletion(deps(new ScriptedPrompter([step('confirm', undefined)])), plan, selected), UserCancelled);
    await assert.rejects(confirmDeletion(deps(new ScriptedPrompter([step('confirm', 'Delete 2 users'), step('input', undefined)])), plan, selected), UserCancelled);
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
