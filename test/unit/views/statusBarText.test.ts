import assert from 'node:assert/strict';
import { statusBarView } from '../../../src/views/status/statusBarText';

const base = { pending: 0, running: 0, mode: 'writer' as const, automaticVerification: false };

describe('status bar item', () => {
  it('is hidden when nothing is pending or running', () => {
    assert.deepEqual(statusBarView(base), { visible: false, text: '', tooltip: '' });
  });

  it('"User Erasure: 42 deletions pending", and what checks them', () => {
    const view = statusBarView({ ...base, pending: 42 });
    assert.equal(view.visible, true);
    assert.equal(view.text, 'User Erasure: 42 deletions pending');
    assert.deepEqual(view.tooltip.split('\n'), [
      '42 deletions accepted, pending at the vendor.',
      'Batch GDPR and Cooladata (with a status API) are checked on a schedule; CleverTap and EngageLab when you run Verify Now.',
      'Click to show the Erasure Jobs view.',
    ]);
    assert.equal(statusBarView({ ...base, pending: 1 }).text, 'User Erasure: 1 deletion pending', 'deletions, not users: 5 users at 3 targets are 15');
    assert.match(statusBarView({ ...base, pending: 1, automaticVerification: true }).tooltip, /^1 deletion accepted.*\nChecked on a schedule: .*CleverTap and EngageLab lookups/);
    assert.match(statusBarView({ ...base, pending: 1, mode: 'reader' }).tooltip, /Another window writes the history and checks these statuses/);
  });

  it('spins while jobs run, with or without pending IDs', () => {
    assert.equal(statusBarView({ ...base, pending: 1_234, running: 1 }).text, '$(sync~spin) User Erasure: 1,234 deletions pending');
    const running = statusBarView({ ...base, running: 2 });
    assert.equal(running.text, '$(sync~spin) User Erasure: 2 jobs running');
    assert.equal(running.tooltip, '2 jobs sending now.\nClick to show the Erasure Jobs view.');
  });
});
