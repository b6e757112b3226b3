import '../helpers/vscodeStub';
import assert from 'node:assert/strict';
import type { JournalLoadReport } from '../../../src/core/journal';
import { silentLogger } from '../../../src/core/logger';
import type { HistoryMode } from '../../../src/history/historySession';
import type { ExtensionServices } from '../../../src/services';
import { announceHistory, announceTakeovers } from '../../../src/views/status/historyAnnouncements';
import { ScriptedPrompter, step } from '../helpers/scriptedPrompter';

const load = (extra: Partial<JournalLoadReport> = {}): JournalLoadReport => ({
  file: '/s/journal.jsonl',
  mode: 'writer',
  jobs: 1,
  ids: 10,
  lines: 3,
  bytes: 100,
  loadMs: 1,
  problems: [],
  unknownAfterCrash: 0,
  droppedByRetention: 0,
  ...extra,
});

function fakeHistory(mode: HistoryMode, lastLoad?: JournalLoadReport) {
  const listeners = new Set<(mode: HistoryMode) => void>();
  const history = {
    mode,
    failure: 'EACCES: permission denied' as string | undefined,
    journal: lastLoad ? { lastLoad } : undefined,
    reopened: 0,
    async reopen() {
      history.reopened++;
      return load();
    },
    onDidChangeMode(listener: (mode: HistoryMode) => void) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    set(next: HistoryMode) {
      history.mode = next;
      for (const listener of listeners) listener(next);
    },
  };
  return history;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('history announcements', () => {
  it('a journal that cannot be opened: the error, and Try Again opens it again', async () => {
    const history = fakeHistory('memory');
    const prompter = new ScriptedPrompter([
      step('notify', (q) => {
        assert.equal(q.level, 'error');
        assert.match(q.message, /could not open its erasure history \(EACCES: permission denied\)/);
        return 'Try Again';
      }),
    ]);
    await announceHistory({ history, prompter, logger: silentLogger } as unknown as ExtensionServices, undefined);
    assert.equal(history.reopened, 1);
    assert.equal(prompter.remaining, 0, 'the clean load after Try Again says nothing more');
  });

  it('a window that takes over from a crashed writer tells what its load found; a reopen does not repeat it', async () => {
    const history = fakeHistory('reader', load({ unknownAfterCrash: 3 }));
    const prompter = new ScriptedPrompter([step('notify', (q) => (assert.match(q.message, /^3 IDs were sent before VS Code closed/), undefined))]);
    announceTakeovers({ history, prompter, logger: silentLogger } as unknown as ExtensionServices);
    history.set('writer');
    await settle();
    assert.equal(prompter.remaining, 0);
    history.set('closed');
    history.set('writer');
    await settle();
    assert.equal(prompter.asked.length, 1, 'closed → writer (a reopen) is not a take-over');
  });
});
