import assert from 'node:assert/strict';
import type { StatusCheckReport, TargetCheckReport } from '../../../src/core/statusChecks';
import { SHOW_LOG, verifyReportText } from '../../../src/commands/status/verifyReport';

function target(extra: Partial<TargetCheckReport> & Pick<TargetCheckReport, 'targetKey' | 'kind'>): TargetCheckReport {
  return { jobId: 'job-1', pending: 0, checked: 0, changed: 0, stillPending: 0, problems: [], ...extra };
}

function report(targets: TargetCheckReport[]): StatusCheckReport {
  const sum = (k: 'pending' | 'checked' | 'changed' | 'stillPending') => targets.reduce((n, t) => n + t[k], 0);
  return { targets, pending: sum('pending'), checked: sum('checked'), changed: sum('changed'), stillPending: sum('stillPending') };
}

const names: Record<string, string> = { b: 'Batch · Prod · iOS · GDPR remove', c: 'Cooladata · main', t: 'CleverTap · EU' };
const describe_ = (_job: string, key: string) => names[key];

describe('Verify Now report', () => {
  it('says what was checked and which targets have no status API, with their note', () => {
    const text = verifyReportText(
      report([
        target({ targetKey: 'b', kind: 'checked', pending: 4, checked: 4, changed: 3, stillPending: 1 }),
        target({ targetKey: 'c', kind: 'no-status-api', pending: 5, stillPending: 5, note: 'queued at Cooladata (status API not configured)' }),
        target({ jobId: 'job-2', targetKey: 'c', kind: 'no-status-api', pending: 2, stillPending: 2, note: 'queued at Cooladata (status API not configured)' }),
      ]),
      describe_,
    );
    assert.equal(text.level, 'info');
    assert.deepEqual(text.buttons, []);
    assert.equal(
      text.message,
      'Verified 4 pending IDs at the vendors: 3 resolved, 1 still pending. ' +
        'No status API — Cooladata · main: 7 IDs stay pending (queued at Cooladata (status API not configured)).',
    );
  });

  it('warns, with Show Log, when checks gave up or a target could not be checked', () => {
    const text = verifyReportText(
      report([
        target({ targetKey: 't', kind: 'checked', pending: 3, checked: 1, stillPending: 3, problems: ['2 IDs: HTTP 503: maintenance'] }),
        target({ targetKey: 'b', kind: 'unavailable', pending: 1, stillPending: 1, note: 'The account is no longer configured' }),
      ]),
      describe_,
    );
    assert.equal(text.level, 'warning');
    assert.deepEqual(text.buttons, [SHOW_LOG]);
    assert.match(text.message, /^Verified 3 pending IDs at the vendors: 0 resolved, 3 still pending\. Could not check — Batch · Prod · iOS · GDPR remove: 1 ID stays pending \(The account is no longer configured\)\. /);
    assert.match(text.message, /1 check gave up after retries; those IDs stay as they were \(details in the log\)\.$/);
  });

  it('says so when the engineer cancelled', () => {
    const text = verifyReportText(report([target({ targetKey: 'b', kind: 'checked', pending: 10, checked: 2, changed: 2, stillPending: 8 })]), describe_, true);
    assert.match(text.message, /^Verification cancelled after 2 answers: 2 resolved\./);
  });
});
