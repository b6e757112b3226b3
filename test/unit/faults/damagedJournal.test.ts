// A real journal (an EngageLab job answered in full, then a CleverTap job killed mid-run with
// SIGKILL: IDs answered, in flight and never sent), damaged FAULT_DAMAGES times (default 20 here,
// 200 in `npm run test:faults`): half one byte replaced at random, half cut inside a line at
// random. On each copy the CLI's export, status and resume run, then repair, then resume again:
// - a damaged copy (one that does not load cleanly) is never changed by any command: same bytes,
//   same modification time, no file left beside it; one whose damage still reads as a valid
//   journal (a digit changed) is only appended to, never rewritten;
// - resume refuses a damaged copy (exit 2) and never sends an ID the undamaged journal shows as
//   sent (answered or in flight), before or after repair (checked in the fakes' request log);
// - repair keeps the original as FILE.damaged-<time> (bytes and time) and every undamaged record:
//   every whole line, except the state lines of a job whose job line is damaged (they cannot load
//   without it; they stay in the .damaged copy, and are counted apart).
// A cut exactly at a line end leaves a shorter journal that is valid: no reader can tell it from
// a run stopped there, so cuts are drawn inside lines (docs/cli.md says so). Every line carries a
// checksum: a changed byte that still reads as valid JSON (a digit, a character of an ID) is found
// too; a copy that still loads (the byte hit the checksum's field name) must load exactly as the
// undamaged journal, and resume must never send an ID the undamaged journal does not hold.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Journal } from '../../../src/core/journal';
import { registrationIdFor, seededRandom, seedUsers, startFakeVendors, type FakeVendors } from '../../fakes';
import { CANARY_CREDENTIALS } from './canaries';
import { buildCli, cliEnv, positiveInt, startCli, type CliRun } from './cliBuild';

const CASES = positiveInt(process.env.FAULT_DAMAGES, 20);
const SEED = positiveInt(process.env.FAULT_SEED, 20_260_101);
const PAST = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
const FAST_RETRIES = { USER_ERASURE_SETTINGS: JSON.stringify({ retryBaseDelayMs: 5 }) };

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

const figures = {
  cases: 0,
  detected: 0,
  stillValid: 0,
  rewritten: 0,
  resent: 0,
  refusedResumes: 0,
  repaired: 0,
  recovered: 0,
  undamaged: 0,
  orphaned: 0,
  markedUnknown: 0,
  forgedSent: 0,
  ms: 0,
};

/** The job a state or job line belongs to ("j":"<job>", or the job record's "id"). */
function jobOfLine(line: string): string | undefined {
  return /^\{"t":"s",(?:"c":"[0-9a-f]{8}",)?"j":"([^"]*)"/.exec(line)?.[1] ?? /^\{"t":"j",(?:"c":"[0-9a-f]{8}",)?"job":\{"id":"([^"]*)"/.exec(line)?.[1];
}

describe(`faults: a real journal damaged ${CASES} times (one byte, or cut short)`, function () {
  this.timeout(120_000 + CASES * 30_000);
  let fakes: FakeVendors;
  let cli: { file: string; cleanup: () => void };
  let dir: string;
  let base: Buffer;
  /** vendor:ID of every ID the undamaged journal shows as sent (answered, or in flight at the kill). */
  const sent = new Set<string>();
  /** vendor:ID → outcome, for every ID the undamaged journal holds. */
  const known = new Map<string, string>();
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
    const env = cliEnv(fakes, FAST_RETRIES);
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
          known.set(`${target.spec.options.vendor}:${id}`, outcome);
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

  /** IDs sent since the last reset that the undamaged journal shows as sent already; counts those it does not hold at all. */
  function resentIds(): string[] {
    const keys = fakes
      .requests()
      .filter((r) => r.kind === 'delete')
      .flatMap((r) => r.ids.map((id) => `${r.vendor}:${id}`));
    figures.forgedSent += keys.filter((key) => !known.has(key)).length;
    return keys.filter((key) => sent.has(key));
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
      const env = cliEnv(fakes, FAST_RETRIES);
      const problems: string[] = [];
      if (!detected) {
        const loaded = new Map<string, string>();
        for (const job of found.jobs) for (const t of job.targets) t.ids.forEach((id, i) => loaded.set(`${t.spec.options.vendor}:${id}`, t.outcomeAt(i)));
        const differs = [...known].filter(([key, outcome]) => loaded.get(key) !== outcome).length + [...loaded.keys()].filter((key) => !known.has(key)).length;
        if (differs > 0) problems.push(`a copy that still loads shows ${differs} ID(s) otherwise than the undamaged journal`);
      }

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
          // Every line of the undamaged journal still whole in the damaged copy is in the repaired
          // one, unless its job's line is not whole (then it cannot load: counted apart).
          const baseLines = new Set(completeLines(base));
          const intact = completeLines(damaged).filter((line) => baseLines.has(line));
          const jobsWhole = new Set(intact.filter((line) => line.startsWith('{"t":"j"')).map(jobOfLine));
          const whole = intact.filter((line) => !line.startsWith('{"t":"s"') || jobsWhole.has(jobOfLine(line)));
          figures.orphaned += intact.length - whole.length;
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
    assert.equal(figures.forgedSent, 0);
    assert.ok(figures.detected > 0);
  });
});
