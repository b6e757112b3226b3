// A job in the journal names its vendor in each target's options; the account it names is looked
// up separately. A line whose vendor is not the account's (hand-edited, or an account id reused by
// another vendor), or a vendor this build does not know, must never send anything on Retry/Resume:
// the history would show one vendor while the IDs went to another.
import assert from 'node:assert/strict';
import type { HttpRequestSpec } from '../../../src/core/http';
import { UnsendableTargetError } from '../../../src/core/engineErrors';
import type { JobSpec } from '../../../src/core/job';
import { ACCOUNTS, testEngine } from '../helpers/engine';

function forgedJob(vendorOptions: Record<string, unknown>, accountId: string): JobSpec {
  return {
    id: `job-forged-${String(vendorOptions.vendor)}`,
    createdAt: 0,
    source: 'editor',
    title: 'forged',
    targets: [
      {
        spec: { key: `${String(vendorOptions.vendor)}:${accountId}`, accountId, accountLabel: 'EU prod', options: vendorOptions as never },
        ids: ['user-1', 'user-2'].map((id) => ({ id })),
      },
    ],
  };
}

describe('a journal job whose target names another vendor than its account', () => {
  const cases: { name: string; options: Record<string, unknown> }[] = [
    { name: 'a known vendor, not the account’s', options: { vendor: 'engagelab', idType: 'registration_id' } },
    { name: 'a vendor this build does not know', options: { vendor: 'forged-vendor', idType: 'identity' } },
    { name: 'the account’s vendor with options it does not have', options: { vendor: 'clevertap', idType: 'objectId' } },
  ];
  for (const { name, options } of cases) {
    it(`${name}: Resume and Retry refuse, nothing is sent`, async () => {
      const { engine, store } = testEngine();
      const sent: HttpRequestSpec[] = [];
      engine.services.http = () => ({
        send: async (spec: HttpRequestSpec) => {
          sent.push(spec);
          return { status: 200, headers: { 'content-type': 'application/json' }, bodyText: '{"status":"success","processed":2,"unprocessed":[]}', bodyCapped: false, durationMs: 1 };
        },
      });
      const job = await store.add(forgedJob(options, ACCOUNTS.clevertap.id));
      await assert.rejects(async () => (await engine.resume(job.id)).done, UnsendableTargetError);
      job.targets[0].set([0, 1], { outcome: 'failed', message: 'earlier', at: 1 });
      await assert.rejects(async () => (await engine.retry(job.id)).done, UnsendableTargetError);
      assert.equal(sent.length, 0, `sent: ${sent.map((s) => s.url).join(', ')}`);
    });
  }
});
