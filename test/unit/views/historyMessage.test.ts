import assert from 'node:assert/strict';
import { historyViewText } from '../../../src/views/jobs/historyMessage';

describe('Erasure Jobs view message for the history state', () => {
  it('says nothing in the window that writes the history', () => {
    assert.deepEqual(historyViewText('writer', undefined, undefined), {});
  });

  it('shows why a window is read-only', () => {
    const reason = 'The erasure history is open read-only here: another window (process 42) writes it.';
    assert.deepEqual(historyViewText('reader', reason, undefined), { message: reason, description: 'read-only' });
  });

  it('warns plainly when nothing is saved', () => {
    const text = historyViewText('memory', undefined, 'EACCES: permission denied');
    assert.equal(text.description, 'not saved');
    assert.match(text.message ?? '', /^The erasure history could not be opened \(EACCES: permission denied\): jobs of this window are kept in memory only/);
  });

  it('says "Loading history…" while the history loads (a message also keeps the empty view\'s welcome away)', () => {
    assert.deepEqual(historyViewText('loading', 'The erasure history is still loading; try again in a moment.', undefined), {
      message: 'Loading history…',
      description: 'loading history…',
    });
  });
});
