import assert from 'node:assert/strict';
import type { JournalLoadReport } from '../../../src/core/journal';
import { loadLogLine, loadNotices, openFailureNotice, REPAIR_HISTORY, SHOW_JOBS, SHOW_LOG, TRY_AGAIN } from '../../../src/history/historyNotices';

function report(extra: Partial<JournalLoadReport> = {}): JournalLoadReport {
  return {
    file: '/storage/journal.jsonl',
    mode: 'writer',
    jobs: 3,
    ids: 100_000,
    lines: 40,
    bytes: 3 * 1024 * 1024,
    loadMs: 212.4,
    problems: [],
    unknownAfterCrash: 0,
    droppedByRetention: 0,
    ...extra,
  };
}

describe('what opening the history tells the engineer', () => {
  it('a clean load says nothing; the log line gives size, time and role', () => {
    assert.deepEqual(loadNotices(report()), []);
    assert.equal(
      loadLogLine(report({ droppedByRetention: 2 })),
      'Erasure history /storage/journal.jsonl: 3 jobs, 100,000 ID records, 3072.0 KiB loaded in 212 ms; this window writes it; 2 jobs older than the retention dropped',
    );
    assert.match(loadLogLine(report({ mode: 'reader' })), /read-only here \(another window writes it\)$/);
  });

  it('unreadable lines and IDs sent without an answer are announced, with the way forward', () => {
    const notices = loadNotices(report({ problems: ['line 7: bad JSON', 'line 9: bad JSON'], unknownAfterCrash: 1 }));
    assert.deepEqual(
      notices.map((n) => [n.level, n.buttons]),
      [
        ['warning', [SHOW_LOG]],
        ['warning', [SHOW_JOBS]],
      ],
    );
    assert.match(notices[0].message, /^2 lines of the erasure history could not be read and were skipped/);
    assert.match(notices[1].message, /^1 ID was sent before VS Code closed, but no answer was recorded: it shows as "Unknown \(sent, no answer\)"\. Retry Failed sends it again if you choose; Resume does not\.$/);
  });

  it('a read-only window leaves announcements to the writer', () => {
    assert.deepEqual(loadNotices(report({ mode: 'reader', problems: ['x'], unknownAfterCrash: 4 })), []);
  });

  it('a journal that cannot be opened: an error that says deletions still work and how to keep evidence', () => {
    const notice = openFailureNotice('EACCES: permission denied');
    assert.equal(notice.level, 'error');
    assert.deepEqual(notice.buttons, [SHOW_LOG, TRY_AGAIN]);
    assert.match(notice.message, /could not open its erasure history \(EACCES: permission denied\)\. Deletions still work, but jobs run in this window are kept in memory only/);
    assert.match(notice.message, /Export Job… \/ Export History…/);
  });
});

describe('a damaged history', () => {
  it('is announced with the damaged lines, that nothing was changed, and Repair History… first', () => {
    const damaged = loadNotices(report({ mode: 'reader', problems: ['line 7: not valid JSON'], damage: { kind: 'damaged', file: '/storage/journal.jsonl', lines: [7, 8, 9, 12], problems: [] } }));
    assert.equal(damaged.length, 1);
    assert.equal(damaged[0].level, 'error');
    assert.deepEqual(damaged[0].buttons, [REPAIR_HISTORY, SHOW_LOG]);
    assert.match(damaged[0].message, /^The erasure history is damaged: lines 7–9 and 12 cannot be read\. It is open read-only and is not changed; nothing can be started/);
    const foreign = loadNotices(report({ mode: 'reader', damage: { kind: 'not-a-journal', file: '/storage/journal.jsonl', lines: [], problems: [] } }));
    assert.match(foreign[0].message, /^The erasure history file is not a User Erasure journal \(it is empty\)\. It is left untouched/);
    assert.match(loadLogLine(report({ mode: 'reader', damage: { kind: 'damaged', file: 'x', lines: [3], problems: [] } })), /read-only here until repaired \(damaged: line 3 cannot be read\)$/);
  });
});
