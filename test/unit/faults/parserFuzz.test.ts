// The ID reader against FAULT_FUZZ_CASES random and adversarial selections (default 1,000 here —
// the unit suite already runs 10,000 with its own seed — and 10,000 in `npm run test:faults`,
// seed FAULT_FUZZ_SEED): no crash, no hang (a watchdog ends the worker when one case takes longer
// than FAULT_FUZZ_HANG_MS), and every ID read is text of the input (the generator's invariants:
// a substring, or a decoded JSON string literal / unescaped CSV field present in the input).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';

const CASES = positiveInt(process.env.FAULT_FUZZ_CASES, 1_000);
const SEED = positiveInt(process.env.FAULT_FUZZ_SEED, 0xfa17);
const HANG_MS = positiveInt(process.env.FAULT_FUZZ_HANG_MS, 20_000);

function positiveInt(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

interface Done {
  type: 'done';
  cases: number;
  failures: string[];
  kinds: Record<string, number>;
  slowest: { ms: number; kind: string; index: number; chars: number };
}

describe(`faults: the ID reader on ${CASES.toLocaleString('en-US')} random and adversarial selections (seed ${SEED})`, function () {
  this.timeout(600_000);
  let dir: string;
  let worker: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ue-fuzz-'));
    worker = path.join(dir, 'fuzzWorker.js');
    buildSync({ entryPoints: [path.join(__dirname, 'fuzzWorker.ts')], outfile: worker, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('never crashes, never hangs, and every ID comes from the input', async () => {
    const done = await new Promise<Done>((resolve, reject) => {
      const w = new Worker(worker, { workerData: { count: CASES, seed: SEED } });
      let current = { index: -1, kind: '', chars: 0 };
      let since = Date.now();
      const watchdog = setInterval(() => {
        if (Date.now() - since > HANG_MS) {
          clearInterval(watchdog);
          void w.terminate();
          reject(new Error(`hang: case ${current.index} (${current.kind}, ${current.chars} characters) ran longer than ${HANG_MS} ms`));
        }
      }, 250);
      w.on('message', (m: { type: 'start'; index: number; kind: string; chars: number } | Done) => {
        if (m.type === 'start') {
          current = m;
          since = Date.now();
        } else {
          clearInterval(watchdog);
          resolve(m);
        }
      });
      w.on('error', (error) => {
        clearInterval(watchdog);
        reject(new Error(`crash in case ${current.index} (${current.kind}): ${error.message}`));
      });
      w.on('exit', (code) => {
        clearInterval(watchdog);
        if (code !== 0) reject(new Error(`the fuzz worker exited with ${code} in case ${current.index}`));
      });
    });
    console.log(`      ${done.cases} cases; slowest: ${Math.round(done.slowest.ms)} ms (${done.slowest.kind}, ${done.slowest.chars.toLocaleString('en-US')} characters); generators: ${Object.keys(done.kinds).length}`);
    assert.equal(done.cases, CASES);
    assert.deepEqual(done.failures, []);
    if (CASES >= 2_000) assert.ok(Object.keys(done.kinds).length >= 12, 'every generator ran');
  });
});
