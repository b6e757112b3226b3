// The bench's bare client (the floor beside each journal-on CLI row) must send what the CLI sends:
// the strict fakes accept every one of its calls, and each call's intent line is on disk before
// the fake sees the request. Without this, a floor could be measured on quick 400s.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BarePlan } from '../../../bench/bareClient';
import { bareCalls, type BareScenario } from '../../../bench/lib/bareCalls';
import { startFakeVendors, type FakeVendors } from '../../fakes';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');

const SCENARIOS: Array<[string, BareScenario]> = [
  ['Cooladata', { vendor: 'cooladata', args: [], perCall: 4 }],
  ['CleverTap', { vendor: 'clevertap', args: [], perCall: 4 }],
  ['Batch Custom Data', { vendor: 'batch', args: ['--mode', 'custom-data'], perCall: 4 }],
  ['Batch GDPR', { vendor: 'batch', args: ['--mode', 'gdpr'], perCall: 1 }],
];

describe('bench: the bare client sends what the vendors accept', function () {
  this.timeout(60_000);
  let fakes: FakeVendors;
  let dir: string;
  before(async () => {
    fakes = await startFakeVendors({ latencyMs: 5 });
    dir = mkdtempSync(path.join(os.tmpdir(), 'ue-bare-'));
  });
  after(async () => {
    await fakes.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [label, scenario] of SCENARIOS) {
    it(`${label}: every call answered 200 by the strict fake, its intent on disk first`, async () => {
      fakes.reset();
      const ids = Array.from({ length: 10 }, (_, i) => `bare-${label.replace(/\W/g, '')}-${i}`);
      const journal = path.join(dir, `${scenario.vendor}-${scenario.perCall}.jsonl`);
      const plan: BarePlan = { inFlight: 2, journal, calls: bareCalls(scenario, ids, fakes) };
      const file = `${journal}.plan.json`;
      writeFileSync(file, JSON.stringify(plan));
      const before = fakes.requests().length;
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/bareClient.ts', file], { cwd: ROOT });
      const out = JSON.parse(stdout) as { answeredIds: number; statuses: Record<string, number> };
      assert.deepEqual(out, { answeredIds: ids.length, statuses: { 200: plan.calls.length } });

      const seen = fakes.requests().slice(before);
      assert.equal(seen.length, plan.calls.length);
      assert.ok(seen.every((r) => r.kind !== 'other' && r.status === 200), `not all accepted: ${JSON.stringify(seen.map((r) => [r.kind, r.status]))}`);
      assert.deepEqual(seen.flatMap((r) => r.ids).sort(), [...ids].sort());

      const lines = readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { call: number; r: string; at: number });
      for (let k = 0; k < plan.calls.length; k++) {
        const sending = lines.find((l) => l.call === k && l.r === 'sending');
        assert.ok(sending, `no intent line for call ${k}`);
        const carried = ids.slice(k * scenario.perCall, (k + 1) * scenario.perCall);
        const request = seen.find((r) => r.ids.join() === carried.join());
        assert.ok(request && sending.at <= request.receivedAt, `call ${k} reached the fake before its intent line was written`);
        assert.ok(lines.some((l) => l.call === k && l.r === 'answered'), `no answer line for call ${k}`);
      }
    });
  }
});
