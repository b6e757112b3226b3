// Random and adversarial selections (seeded, reproducible): parseIds never throws or hangs, never
// invents an ID (see checkInvariants for the two decoded exceptions), and well-formed input gives
// exactly its IDs. Default 10,000 cases; FUZZ_CASES and FUZZ_SEED change size and seed.
import assert from 'node:assert/strict';
import { seededRandom } from '../fakes/clock';
import { checkInvariants, checkTokenAt, fuzzCaseCount, fuzzCases, fuzzSeed, runCase } from './idsFuzzCases';

describe('parseIds fuzz', function () {
  this.timeout(120_000);
  const count = fuzzCaseCount(10_000);
  const seed = fuzzSeed();

  it(`keeps its invariants on ${count} generated selections (seed ${seed})`, () => {
    const random = seededRandom(seed ^ 0xabcdef);
    const kinds = new Map<string, number>();
    let index = 0;
    for (const testCase of fuzzCases(count, seed)) {
      kinds.set(testCase.kind, (kinds.get(testCase.kind) ?? 0) + 1);
      try {
        checkInvariants(testCase, runCase(testCase));
        checkTokenAt(testCase, random);
      } catch (error) {
        const shown = JSON.stringify(testCase).slice(0, 2000);
        assert.fail(`case ${index} (${testCase.kind}) failed: ${(error as Error).message}\n${shown}`);
      }
      index++;
    }
    assert.equal(index, count);
    if (count >= 2000) assert.ok(kinds.size >= 12, `all generators ran: ${[...kinds.keys()].join(', ')}`);
  });

  it('generates the same cases for the same seed', () => {
    const first = [...fuzzCases(50, 7)].map((c) => JSON.stringify(c));
    const again = [...fuzzCases(50, 7)].map((c) => JSON.stringify(c));
    assert.deepEqual(again, first);
  });
});
