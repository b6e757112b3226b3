// Kill the CLI mid-job (SIGKILL, at a random request) FAULT_KILLS times (default 4 here, 20 in
// `npm run test:faults`), each with a journal, then `resume`: afterwards every ID was received by
// the fake exactly once, except IDs the journal calls "unknown" (in flight at the kill: received
// at most once, never again), and the resume report names them as unknown. Canary secrets are
// searched in every output, the log (USER_ERASURE_DEBUG=1), the journal and the exports.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { JobState } from '../../../src/core/job';
import { JobStore } from '../../../src/core/jobStore';
import { openJournal, UNKNOWN_AFTER_RELOAD } from '../../../src/core/journal';
import { registrationIdFor, seededRandom, seedUsers, startFakeVendors, type FakeVendors, type RecordedRequest, type VendorName } from '../../fakes';
import { CANARY_CREDENTIALS, findCanaries } from './canaries';
import { buildCli, cliEnv, positiveInt, startCli, type CliRun } from './cliBuild';

const KILLS = positiveInt(process.env.FAULT_KILLS, 4);
const SEED = positiveInt(process.env.FAULT_SEED, 20_260_101);
const VENDORS: VendorName[] = ['clevertap', 'engagelab', 'batch', 'cooladata'];
/** IDs per job and the delete requests that job takes (Batch: 2 app keys × (GDPR per ID + 1 bulk call)). */
const SIZE: Record<VendorName, { ids: number; requests: (n: number) => number }> = {
  clevertap: { ids: 3_000, requests: (n) => Math.ceil(n / 100) },
  cooladata: { ids: 3_000, requests: (n) => Math.ceil(n / 100) },
  engagelab: { ids: 600, requests: (n) => n },
  batch: { ids: 150, requests: (n) => 2 * (n + 1) },
};

/** The fake's requests that belong to a target of the job (Batch: by app key and route). */
function requestsOfTarget(job: JobState, key: string, requests: readonly RecordedRequest[]): RecordedRequest[] {
  const spec = job.target(key).spec;
  const o = spec.options;
  return requests.filter((r) => {
    if (r.vendor !== o.vendor || r.kind !== 'delete') return false;
    if (o.vendor !== 'batch') return true;
    const apiKey = CANARY_CREDENTIALS.batch.apps.find((a) => a.label === o.appKeyLabel)!.apiKey;
    return r.account === apiKey && r.path.endsWith(o.mode === 'gdpr' ? '/gdpr/request' : '/data/users');
  });
}

interface KillFigure {
  kill: number;
  vendor: VendorName;
  ids: number;
  killedAtRequest: number;
  resumed: number;
  unknown: number;
  unknownReceived: number;
  exactlyOnce: number;
}

describe(`faults: the CLI killed mid-job ${KILLS} times, then resumed`, function () {
  this.timeout(60_000 + KILLS * 60_000);
  let fakes: FakeVendors;
  let cli: { file: string; cleanup: () => void };
  let dir: string;
  const figures: KillFigure[] = [];
  const scanned: { where: string; text: string }[] = [];
  const random = seededRandom(SEED);

  before(async () => {
    cli = await buildCli();
    dir = await mkdtemp(path.join(os.tmpdir(), 'ue-kills-'));
    const c = CANARY_CREDENTIALS;
    const devices = seedUsers(SIZE.engagelab.ids).map((u) => ({ registrationId: registrationIdFor(u) }));
    fakes = await startFakeVendors({
      latencyMs: 15,
      jitterMs: 10,
      cooladata: { projects: [{ projectId: c.cooladata.projectId, token: c.cooladata.token, users: [] }] },
      engagelab: { apps: [{ appKey: c.engagelab.appKey, masterSecret: c.engagelab.masterSecret, devices }] },
      clevertap: { accounts: [{ accountId: c.clevertap.accountId, passcode: c.clevertap.passcode, profiles: [] }] },
      batch: { accounts: [{ restKey: c.batch.restKey, apps: c.batch.apps.map((a) => ({ apiKey: a.apiKey, label: a.label, users: [] })) }] },
    });
  });

  after(async () => {
    await fakes?.close();
    cli?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (figures.length > 0) {
      console.log(`\n    kill figures (${figures.length} kills):`);
      for (const f of figures) console.log(`      ${JSON.stringify(f)}`);
    }
  });

  for (let kill = 1; kill <= KILLS; kill++) {
    const vendor = VENDORS[(kill - 1) % VENDORS.length];
    it(`kill ${kill} (${vendor}): after resume every ID was received exactly once, or is reported unknown`, async () => {
      fakes.reset();
      const size = SIZE[vendor];
      const ids = vendor === 'engagelab' ? seedUsers(size.ids).map(registrationIdFor) : seedUsers(size.ids, `k${kill}-user-`);
      const idsFile = path.join(dir, `ids-${kill}.txt`);
      const journalFile = path.join(dir, `journal-${kill}.jsonl`);
      await writeFile(idsFile, `${ids.join('\n')}\n`);
      const env = cliEnv(fakes, { USER_ERASURE_DEBUG: '1' });
      const args = ['delete', '--vendor', vendor, '--ids-file', idsFile, '--journal', journalFile, '--yes', '--json', ...(vendor === 'batch' ? ['--mode', 'both'] : [])];

      // Kill when the fake has received a random number of the job's requests (plus 0–15 ms).
      const expected = size.requests(ids.length);
      const killAt = 1 + Math.floor(random() * Math.max(1, Math.floor(expected * 0.9)));
      const first = startCli(cli.file, args, env);
      const arrived = fakes.waitForRequests(killAt, (r) => r.kind === 'delete').then(() => 'arrived' as const);
      const ended = first.done.then(() => 'ended' as const);
      const which = await Promise.race([arrived, ended]);
      if (which === 'arrived') {
        await new Promise((r) => setTimeout(r, Math.floor(random() * 15)));
        first.kill('SIGKILL');
      }
      const killed: CliRun = await first.done;
      assert.equal(killed.signal, 'SIGKILL', `the CLI ended before the kill (exit ${killed.code}): ${killed.stderr.slice(-500)}`);

      const resumed = await startCli(cli.file, ['resume', '--journal', journalFile, '--yes', '--json'], env).done;
      assert.equal(resumed.signal, null);
      const report = JSON.parse(resumed.stdout) as { results: { id: string; target: string; outcome: string }[] };
      const exports: CliRun[] = [];
      for (const format of ['csv', 'json']) exports.push(await startCli(cli.file, ['export', '--journal', journalFile, '--format', format], env).done);
      for (const [where, run] of [['killed delete', killed], ['resume', resumed], ['csv export', exports[0]], ['json export', exports[1]]] as const) {
        scanned.push({ where: `kill ${kill} ${where} stdout`, text: run.stdout }, { where: `kill ${kill} ${where} stderr`, text: run.stderr });
      }
      scanned.push({ where: `kill ${kill} journal`, text: await readFile(journalFile, 'utf8') });

      const opened = await openJournal(journalFile, { store: new JobStore(), followMs: 0 });
      const requests = fakes.requests();
      const figure: KillFigure = { kill, vendor, ids: ids.length, killedAtRequest: killAt, resumed: 0, unknown: 0, unknownReceived: 0, exactlyOnce: 0 };
      try {
        assert.equal(opened.jobs.length, 1, 'one job in the journal');
        const job = opened.jobs[0];
        const problems: string[] = [];
        // How often resume's report calls each ID unknown (an ID may be unknown at several Batch targets).
        const reportedUnknown = new Map<string, number>();
        for (const r of report.results) if (r.outcome === 'unknown') reportedUnknown.set(r.id, (reportedUnknown.get(r.id) ?? 0) + 1);
        for (const target of job.targets) {
          const received = new Map<string, number>();
          const applied = new Map<string, number>();
          for (const r of requestsOfTarget(job, target.spec.key, requests)) {
            for (const id of r.ids) {
              received.set(id, (received.get(id) ?? 0) + 1);
              if (r.applied) applied.set(id, (applied.get(id) ?? 0) + 1);
            }
          }
          for (let i = 0; i < target.size; i++) {
            const id = target.ids[i];
            const outcome = target.outcomeAt(i);
            const n = received.get(id) ?? 0;
            if (outcome === 'unknown') {
              figure.unknown++;
              if (n > 0) figure.unknownReceived++;
              if (n > 1) problems.push(`${target.spec.key} ${id}: unknown but received ${n} times`);
              if (target.resultAt(i)?.message !== UNKNOWN_AFTER_RELOAD) problems.push(`${target.spec.key} ${id}: unknown for another reason: ${target.resultAt(i)?.message}`);
              const left = reportedUnknown.get(id) ?? 0;
              if (left === 0) problems.push(`${target.spec.key} ${id}: unknown in the journal, not reported as unknown by resume`);
              else reportedUnknown.set(id, left - 1);
            } else if (outcome === 'accepted') {
              if (n !== 1 || (applied.get(id) ?? 0) !== 1) problems.push(`${target.spec.key} ${id}: accepted but received ${n} times (applied ${applied.get(id) ?? 0})`);
              else figure.exactlyOnce++;
            } else {
              problems.push(`${target.spec.key} ${id}: ended ${outcome}`);
            }
          }
        }
        figure.resumed = Number(/resuming (\d+) ID/.exec(resumed.stderr)?.[1] ?? 0);
        figures.push(figure);
        assert.deepEqual(problems.slice(0, 10), [], `${problems.length} problem(s); resume stderr: ${resumed.stderr.slice(-800)}`);
        assert.equal(figure.exactlyOnce + figure.unknown, job.targets.reduce((n, t) => n + t.size, 0));
      } finally {
        await opened.journal.close();
      }
    });
  }

  it('no canary secret in any output, log, journal or export of the killed and resumed runs', () => {
    assert.ok(scanned.length > 0);
    assert.ok(scanned.some((s) => s.where.endsWith('resume stderr') && s.text.includes('[info]')), 'the request log (USER_ERASURE_DEBUG) was scanned');
    const hits = scanned.flatMap((s) => findCanaries(s.where, s.text));
    assert.deepEqual(hits.slice(0, 5), []);
  });
});
