// Worker-thread entry (bundled by parserFuzz.test.ts): runs the ID-reader fuzz cases of
// test/unit/idsFuzzCases.ts and reports after every case, so the main thread can tell a hang
// from slow progress and name the case that hung.
import { parentPort, workerData } from 'node:worker_threads';
import '../helpers/installVendorCatalog';
import { seededRandom } from '../../fakes/clock';
import { checkInvariants, checkTokenAt, fuzzCases, runCase } from '../idsFuzzCases';

const { count, seed } = workerData as { count: number; seed: number };
const random = seededRandom(seed ^ 0xabcdef);
const failures: string[] = [];
const kinds: Record<string, number> = {};
let slowest = { ms: 0, kind: '', index: -1, chars: 0 };
let index = 0;
for (const testCase of fuzzCases(count, seed)) {
  parentPort!.postMessage({ type: 'start', index, kind: testCase.kind, chars: testCase.selections.reduce((n, s) => n + s.length, 0) });
  kinds[testCase.kind] = (kinds[testCase.kind] ?? 0) + 1;
  const started = performance.now();
  try {
    checkInvariants(testCase, runCase(testCase));
    checkTokenAt(testCase, random);
  } catch (error) {
    if (failures.length < 10) failures.push(`case ${index} (${testCase.kind}): ${(error as Error).message.slice(0, 300)} :: ${JSON.stringify(testCase).slice(0, 300)}`);
  }
  const ms = performance.now() - started;
  if (ms > slowest.ms) slowest = { ms, kind: testCase.kind, index, chars: testCase.selections.reduce((n, s) => n + s.length, 0) };
  index++;
}
parentPort!.postMessage({ type: 'done', cases: index, failures, kinds, slowest });
