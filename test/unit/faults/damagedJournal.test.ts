// A real journal (an EngageLab job answered in full, then a CleverTap job killed mid-run with
// SIGKILL: IDs answered, in flight and never sent), damaged FAULT_DAMAGES times (default 20 here,
// 200 in `npm run test:faults`): half one byte replaced at random, half cut inside a line at
// random. On each copy the CLI's export, status and resume run, then repair, then resume again:
// - a damaged copy (one that does not load cleanly) is never changed by any command: same bytes,
//   same modification time, no file left beside it; one whose damage still reads as a valid
//   journal (a digit changed) is only appended to, never rewritten;
// - resume refuses a damaged copy (exit 2) and never sends an ID the undamaged journal shows as
//   sent (answered or in flight), before or after repair (checked in the fakes' request log);
// - repair keeps the original as FILE.damaged-<time> (bytes and time) and every undamaged line.
// A cut exactly at a line end leaves a shorter journal that is valid: no reader can tell it from
// a run stopped there, so cuts are drawn inside lines (docs/cli.md says so).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Journal } from '../../../src/core/journal';
import { registrationIdFor, seededRandom, seedUsers, startFakeVendors, type FakeVendors } from '../../fakes';
import { CANARY_CREDENTIALS } from './canaries';
import { buildCli, startCli, type CliRun } from './cliBuild';

const CASES = positiveInt(process.env.FAULT_DAMAGES, 20);
const SEED = positiveInt(process.env.FAULT_SEED, 20_260_101);
const PAST = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

function positiveInt(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function cliEnv(fakes: FakeVendors): NodeJS.ProcessEnv {
  const c = CANARY_CREDENTIALS;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...fakes.env(),
    ENGAGELAB_APP_KEY: c.engagelab.appKey,
    ENGAGELAB_MASTER_SECRET: c.engagelab.masterSecret,
    CLEVERTAP_ACCOUNT_ID: c.clevertap.accountId,
    CLEVERTAP_PASSCODE: c.clevertap.passcode,
    USER_ERASURE_SETTINGS: JSON.stringify({ retryBaseDelayMs: 5 }),
  };
}

interface Fingerprint {
  sha256: string;
  mtimeMs: number;
}

async function fingerprint(file: string): Promise<Fingerprint> {
  const [data, info] = await Promise.all([readFile(file), stat(file)]);
  return { sha256: createHash('sha256').update(data).digest('hex'), mtimeMs: info.mtimeMs };
}

/** The complete lines of a file (a cut-off tail excluded). */
function completeLines(data: Buffer): string[] {
  const text = data.toString('utf8');
  return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').slice(0, -1);
}

interface Case {
  k: number;
  kind: 'byte' | 'cut';
  where: number;
  value: number;
}

const figures = { cases: 0, detected: 0, stillValid: 0, rewritten: 0, resent: 0, refusedResumes: 0, repaired: 0, recovered: 0, undamaged: 0, markedUnknown: 0, ms: 0 };

describe(`faults: a real journal damaged ${CASES} times (one byte, or cut short)`, function () {
  this.timeout(120_000 + CASES * 30_000);
  let fakes: FakeVendors;
  let cli: { file: string; cleanup: () => void };
  let dir: string;
  let base: Buffer;
  /** vendor:ID of every ID the undamaged journal shows as sent (answered, or in flight at the kill). */
  const sent = new Set<string>();
  let started = 0;

  const random = seededRandom(SEED ^ 0x5eed);
  const cases: Case[] = Array.from({ length: CASES }, (_, i) => ({ k: i + 1, kind: i % 2 === 0 ? 'byte' : 'cut', where: random(), value: random() }));

  before(async () => {
    started = performance.now();
    cli = await buildCli();
    dir = await mkdtemp(path.join(os.tmpdir(), 'ue-damage-'));
    const c = CANARY_CREDENTIALS;
    const devices = seedUsers(30).map((u) => ({ registrationId: registrationIdFor(u) }));
    fakes = await startFakeVendors({
      engagelab: { apps: [{ appKey: c.engagelab.appKey, masterSecret: c.engagelab.masterSecret, devices }] },
      clevertap: { accounts: [{ accountId: c.clevertap.accountId, passcode: c.clevertap.passcode, profiles: [] }] },
    });
    const env = cliEnv(fakes);
    const journal = path.join(dir, 'base.jsonl');
    const answered = await startCli(cli.file, ['delete', '--vendor', 'engagelab', '--ids', devices.map((d) => d.registrationId).join(','), '--journal', journal, '--yes'], env).done;
    assert.equal(answered.code, 0, answered.stderr);

    // Three CleverTap calls answered, the fourth applied with its answer lost, the rest held: killed.
    fakes.clevertap.faults.enqueue({ fault: 'slow', delayMs: 0, count: 3 });
    fakes.clevertap.faults.enqueue({ fault: 'timeout-after', holdMs: 600_000, count: 1 });
    fakes.clevertap.faults.enqueue({ fault: 'timeout', holdMs: 600_000, count: Infinity });
    const ids = seedUsers(1000, 'ct-user-');
    const killed = startCli(cli.file, ['delete', '--vendor', 'clevertap', '--ids', ids.join(','), '--journal', journal, '--yes'], env);
    await fakes.waitForRequests(6, (r) => r.vendor === 'clevertap' && r.kind === 'delete');
    for (let i = 0; i < 500 && ((await readFile(journal, 'utf8')).match(/"o":"accepted"/g)?.length ?? 0) < 30 + 3; i++) await new Promise((r) => setTimeout(r, 10));
    killed.kill('SIGKILL');
    assert.equal((await killed.done).signal, 'SIGKILL');
    fakes.clevertap.faults.clear();

    base = await readFile(journal);
    const found = await Journal.examine(journal);
    assert.equal(found.damage, undefined, 'the undamaged journal loads cleanly');
    for (const job of found.jobs) {
      for (const target of job.targets) {
        target.ids.forEach((id, i) => {
          const outcome = target.outcomeAt(i);
          if (outcome !== 'planned' && outcome !== 'cancelled') sent.add(`${target.spec.options.vendor}:${id}`);
        });
      }
    }
    assert.ok(sent.size > 30 + 300 && sent.size < 30 + 1000, `some CleverTap IDs sent, some never: ${sent.size}`);
  });

  after(async () => {
    await fakes?.close();
    cli?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
    figures.ms = Math.round(performance.now() - started);
    console.log(`\n    damaged-journal figures: ${JSON.stringify(figures)}`);
  });

  /** IDs sent by the last command that the undamaged journal shows as sent already. */
  function resentIds(): string[] {
    return fakes
      .requests()
      .filter((r) => r.kind === 'delete')
      .flatMap((r) => r.ids.map((id) => `${r.vendor}:${id}`))
      .filter((key) => sent.has(key));
  }

  function damage(c: Case): Buffer {
    const data = Buffer.from(base);
    if (c.kind === 'byte') {
      const at = Math.floor(c.where * data.length);
      data[at] = (data[at] + 1 + Math.floor(c.value * 255)) % 256;
      return data;
    }
    // A cut inside a line: never right after a newline, never the whole file.
    let at = 1 + Math.floor(c.where * (data.length - 1));
    while (data[at - 1] === 10) at--;
    return data.subarray(0, at);
  }

  for (const c of cases) {
    it(`case ${c.k}: ${c.kind === 'byte' ? 'one byte replaced' : 'cut short inside a line'}: nothing rewritten, nothing sent twice, every undamaged line kept`, async () => {
      figures.cases++;
      const damaged = damage(c);
      const file = path.join(dir, `case-${c.k}.jsonl`);
      await writeFile(file, damaged);
      await utimes(file, PAST, PAST);
      const before = await fingerprint(file);
      const found = await Journal.examine(file);
      const detected = found.damage !== undefined;
      if (detected) figures.detected++;
      else figures.stillValid++;
      const env = cliEnv(fakes);
      const problems: string[] = [];

      const untouched = async (after: string) => {
        const now = await fingerprint(file);
        const leftBeside = (await readdir(dir)).filter((f) => f.startsWith(`case-${c.k}.jsonl.`) && !f.includes('.damaged-'));
        if (detected && (now.sha256 !== before.sha256 || now.mtimeMs !== before.mtimeMs)) problems.push(`${after} changed the damaged file`);
        if (!detected && !(await readFile(file)).subarray(0, damaged.length).equals(damaged)) problems.push(`${after} rewrote bytes of a file that loads`);
        if (leftBeside.length > 0) problems.push(`${after} left ${leftBeside.join(', ')}`);
      };

      fakes.reset();
      for (const args of [
        ['export', '--journal', file, '--format', 'csv'],
        ['status', '--journal', file, '--json'],
      ]) {
        await startCli(cli.file, args, env).done;
        await untouched(args[0]);
      }
      const resume: CliRun = await startCli(cli.file, ['resume', '--journal', file, '--yes', '--json'], env).done;
      await untouched('resume');
      if (detected && resume.code !== 2) problems.push(`resume on a damaged journal ended ${resume.code}, not 2`);
      if (detected && resume.code === 2) figures.refusedResumes++;
      const resent = resentIds();
      if (resent.length > 0) problems.push(`resume sent ${resent.length} ID(s) already sent, e.g. ${resent[0]}`);

      if (detected) {
        fakes.reset();
        const repair = await startCli(cli.file, ['repair', '--journal', file], env).done;
        if (found.damage?.kind === 'not-a-journal') {
          if (repair.code !== 2) problems.push(`repair of a file that is no journal ended ${repair.code}`);
          await untouched('repair');
        } else if (repair.code !== 0) {
          problems.push(`repair ended ${repair.code}: ${repair.stderr.slice(-300)}`);
        } else {
          figures.repaired++;
          figures.markedUnknown += Number(/(\d+) ID\(s\) that looked never sent/.exec(repair.stdout)?.[1] ?? 0);
          const copy = (await readdir(dir)).find((f) => f.startsWith(`case-${c.k}.jsonl.damaged-`));
          if (!copy) problems.push('no .damaged- copy');
          else {
            const kept = await fingerprint(path.join(dir, copy));
            if (kept.sha256 !== before.sha256 || kept.mtimeMs !== before.mtimeMs) problems.push('the .damaged- copy differs from the original');
          }
          // Every line of the undamaged journal that is still whole in the damaged copy is in the repaired one.
          const baseLines = new Set(completeLines(base));
          const whole = completeLines(damaged).filter((line) => baseLines.has(line));
          const repairedLines = new Set(completeLines(await readFile(file)));
          const recovered = whole.filter((line) => repairedLines.has(line)).length;
          figures.undamaged += whole.length;
          figures.recovered += recovered;
          if (recovered !== whole.length) problems.push(`repair kept ${recovered} of ${whole.length} undamaged lines`);

          await startCli(cli.file, ['resume', '--journal', file, '--yes', '--json'], env).done;
          const again = resentIds();
          if (again.length > 0) problems.push(`resume after repair sent ${again.length} ID(s) already sent, e.g. ${again[0]}`);
        }
      }
      if (problems.some((p) => /changed|rewrote|left /.test(p))) figures.rewritten++;
      if (problems.some((p) => /already sent/.test(p))) figures.resent++;
      assert.deepEqual(problems, [], `case ${c.k} (${c.kind} at ${Math.floor(c.where * base.length)}; ${detected ? `damaged: ${found.damage?.problems[0]}` : 'still loads'})`);
    });
  }

  it('figures: every damaged copy was refused by resume and repaired with every undamaged line', () => {
    assert.equal(figures.cases, CASES);
    assert.equal(figures.rewritten, 0);
    assert.equal(figures.resent, 0);
    assert.equal(figures.recovered, figures.undamaged);
    assert.ok(figures.detected > 0);
  });
});
