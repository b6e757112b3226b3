import assert from 'node:assert/strict';
import { planVerify, verifyConfirmation, verifyProgressMessage } from '../../../src/commands/status/verifyPlan';
import { JobStore } from '../../../src/core/jobStore';
import type { TargetSpec } from '../../../src/core/job';
import type { NoStatusCheck, StatusChecker } from '../../../src/vendors/vendor';
import { ids, jobSpec, setOutcome } from '../helpers/jobs';

const checker = (automatic: boolean, idsPerCall = 1): StatusChecker => ({
  automatic,
  limits: { idsPerCall, maxInFlight: 1, pacingKey: 'x' },
  check: async () => ({ kind: 'settled', results: [] }),
});

describe('Verify Now: what it will cost', () => {
  it('counts lookups (API calls) and status checks per target before anything is asked; says which cannot be checked', async () => {
    const store = new JobStore();
    const job = await store.add(
      jobSpec([
        { ids: ids(50_000) },
        { options: { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' }, ids: ids(15) },
        { options: { vendor: 'batch', mode: 'custom-data', appKeyLabel: 'iOS' }, ids: ids(3) },
        { options: { vendor: 'engagelab', idType: 'registration_id' }, ids: ids(4) },
      ]),
    );
    await setOutcome(store, job.id, 0, Array.from({ length: 50_000 }, (_, i) => i), { outcome: 'accepted' });
    await setOutcome(store, job.id, 1, Array.from({ length: 15 }, (_, i) => i), { outcome: 'accepted' });
    await setOutcome(store, job.id, 2, [0, 1, 2], { outcome: 'accepted' });
    // EngageLab: nothing pending, so nothing asked.
    const checkers: Record<string, StatusChecker | NoStatusCheck> = { clevertap: checker(false), batch: checker(true) };
    const asked: string[] = [];
    const plan = await planVerify([job], async (spec: TargetSpec) => {
      asked.push(spec.key);
      if (spec.options.vendor === 'batch' && spec.options.mode === 'custom-data') return { pendingNote: 'Batch has no status API for Custom Data deletes' };
      return checkers[spec.options.vendor];
    });
    assert.equal(asked.length, 3, 'targets without pending IDs are not looked at');
    assert.deepEqual([plan.checked, plan.calls, plan.costlyCalls], [50_015, 50_015, 50_000]);
    const text = verifyConfirmation(plan, 1);
    assert.equal(
      text.message,
      "Verify 50,015 pending deletions of 1 job? This makes 50,000 lookups at CleverTap — API calls that count against the vendor's limits. 15 status checks are made at status APIs meant for polling.",
    );
    assert.equal(text.button, 'Verify (50,015 calls)');
    assert.match(text.detail, /Batch · EU prod · iOS · Custom Data delete: 3 pending IDs, not checked — Batch has no status API/);
    assert.equal(verifyProgressMessage(1200, 50_015), '1,200 / 50,015 pending IDs checked');
  });

  it('a chunked status API makes fewer calls than IDs; a checker that cannot be built is "not checked"', async () => {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ options: { vendor: 'cooladata', reason: 'r' }, ids: ids(250) }, { ids: ids(2) }]));
    await setOutcome(store, job.id, 0, Array.from({ length: 250 }, (_, i) => i), { outcome: 'accepted' });
    await setOutcome(store, job.id, 1, [0, 1], { outcome: 'accepted' });
    const plan = await planVerify([job], async (spec) => {
      if (spec.options.vendor === 'clevertap') throw new Error('The account is no longer configured');
      return checker(true, 100);
    });
    assert.deepEqual([plan.checked, plan.calls, plan.costlyCalls], [250, 3, 0]);
    assert.match(verifyConfirmation(plan, 1).detail, /not checked — The account is no longer configured/);
  });
});
