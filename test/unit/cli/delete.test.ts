// delete against each fake vendor: the wire requests, the JSON report's exact shape, exit 0/1.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FakeVendors } from '../../fakes';
import { CANARY, assertNoSecrets, deletions, runCli, useCliSuite } from './harness';
import { report } from './reportShape';

const users = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `user-${from + i}`);

describe('CLI: delete at each vendor', () => {
  let fakes: FakeVendors;
  let dir: string;
  let env: Record<string, string>;

  useCliSuite((suite) => ({ fakes, env, dir } = suite));

  async function idsFile(name: string, text: string): Promise<string> {
    const file = path.join(dir, name);
    await fs.writeFile(file, text);
    return file;
  }

  it('CleverTap: 250 identities from --ids-file go out as 100 + 100 + 50; JSON report exactly as specified; exit 0', async () => {
    const ids = users(1, 250);
    const run = await runCli(['delete', '--vendor', 'clevertap', '--ids-file', await idsFile('ct.txt', ids.join('\n')), '--yes', '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    const r = report(run);
    assert.equal(r.vendor, 'clevertap');
    assert.equal(r.dryRun, false);
    assert.deepEqual(r.results.map((x) => x.id), ids);
    for (const x of r.results) assert.deepEqual({ ...x, message: null }, { id: x.id, target: `account ${CANARY.clevertapAccount}`, outcome: 'accepted', httpStatus: 200, message: null, reference: null });
    assert.deepEqual(r.summary, { accepted: 250, done: 0, failed: 0, notFound: 0, skipped: 0, cancelled: 0, unknown: 0 });
    const sent = deletions(fakes);
    assert.deepEqual(sent.map((q) => q.ids.length).sort((a, b) => b - a), [100, 100, 50]);
    for (const q of sent) {
      assert.equal(q.method, 'POST');
      assert.equal(q.path, '/1/delete/profiles.json');
      assert.equal(q.headers['x-clevertap-account-id'], CANARY.clevertapAccount);
      assert.equal(q.headers['x-clevertap-passcode'], CANARY.clevertapPasscode);
      assert.deepEqual(Object.keys(q.json as object), ['identity']);
    }
    assert.deepEqual(sent.flatMap((q) => q.ids).sort(), [...ids].sort());
    assertNoSecrets(run);
  });

  it('CleverTap --id-type guid sends guids; a 400 batch is halved so only the bad ID fails (exit 1)', async () => {
    fakes.clevertap.configure({ invalidIds: ['__gbad'] });
    try {
      const ids = ['__guser-1', '__gbad', '__guser-2', '__guser-3'];
      const run = await runCli(['delete', '--vendor', 'clevertap', '--id-type', 'guid', '--ids', ids.join(','), '--yes', '--json'], { env });
      assert.equal(run.code, 1, run.stderr);
      const r = report(run);
      assert.deepEqual(Object.fromEntries(r.results.map((x) => [x.id, x.outcome])), { '__guser-1': 'accepted', __gbad: 'failed', '__guser-2': 'accepted', '__guser-3': 'accepted' });
      const bad = r.results.find((x) => x.id === '__gbad')!;
      assert.equal(bad.httpStatus, 400);
      for (const q of deletions(fakes)) assert.deepEqual(Object.keys(q.json as object), ['guid']);
      assertNoSecrets(run);
    } finally {
      fakes.clevertap.configure({ invalidIds: [] });
    }
  });

  it('EngageLab registration_id: one DELETE per ID, an unknown device is not-found (still exit 0)', async () => {
    const run = await runCli(['delete', '--vendor', 'engagelab', '--ids', 'rid-user-1\nrid-user-2\nrid-nobody', '--yes', '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    const r = report(run);
    assert.deepEqual(r.results.map((x) => [x.id, x.target, x.outcome, x.httpStatus]), [
      ['rid-user-1', 'EngageLab sgp', 'accepted', 200],
      ['rid-user-2', 'EngageLab sgp', 'accepted', 200],
      ['rid-nobody', 'EngageLab sgp', 'not-found', 404],
    ]);
    const sent = deletions(fakes);
    assert.deepEqual(sent.map((q) => `${q.method} ${q.path}`).sort(), ['DELETE /v4/devices/rid-nobody', 'DELETE /v4/devices/rid-user-1', 'DELETE /v4/devices/rid-user-2']);
    const basic = `Basic ${Buffer.from(`${CANARY.engagelabAppKey}:${CANARY.engagelabSecret}`).toString('base64')}`;
    for (const q of sent) assert.equal(q.headers.authorization, basic);
    assertNoSecrets(run);
  });

  it('EngageLab --id-type alias: looks the aliases up, deletes their devices, reports by alias with the registration_id as reference', async () => {
    const run = await runCli(['delete', '--vendor', 'engagelab', '--id-type', 'alias', '--ids', 'user-1,user-2,nobody', '--yes', '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    const r = report(run);
    const byId = Object.fromEntries(r.results.map((x) => [x.id, [x.outcome, x.reference]]));
    assert.deepEqual(byId, { 'user-1': ['accepted', 'rid-user-1'], 'user-2': ['accepted', 'rid-user-2'], nobody: ['not-found', null] });
    const lookups = fakes.requests().filter((q) => q.kind === 'lookup').map((q) => q.path).sort();
    assert.deepEqual(lookups, ['/v4/aliases/nobody', '/v4/aliases/user-1', '/v4/aliases/user-2']);
    assert.deepEqual(deletions(fakes).map((q) => q.path).sort(), ['/v4/devices/rid-user-1', '/v4/devices/rid-user-2']);
    assertNoSecrets(run);
  });

  it('Batch (default gdpr): one GDPR remove request per ID per app key, the request id as reference', async () => {
    const run = await runCli(['delete', '--vendor', 'batch', '--ids', 'user-1,user-2', '--yes', '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    const r = report(run);
    assert.deepEqual(r.results.map((x) => [x.id, x.target, x.outcome]), [
      ['user-1', 'android', 'accepted'],
      ['user-2', 'android', 'accepted'],
      ['user-1', 'ios', 'accepted'],
      ['user-2', 'ios', 'accepted'],
    ]);
    for (const x of r.results) assert.match(x.reference ?? '', /^[0-9a-f-]{36}$/);
    const sent = deletions(fakes);
    assert.equal(sent.length, 4);
    for (const q of sent) {
      assert.equal(q.method, 'POST');
      assert.match(q.path, /^\/1\.0\/(CANARYANDROIDKEY9x|CANARYIOSKEY4y)\/gdpr\/request$/);
      assert.equal(q.headers['x-authorization'], CANARY.batchRest);
      assert.deepEqual(q.json, { request_type: 'remove', id: { type: 'custom_id', value: q.ids[0] } });
    }
    assertNoSecrets(run);
  });

  it('Batch --mode custom-data: one bulk DELETE per app key', async () => {
    const run = await runCli(['delete', '--vendor', 'batch', '--mode', 'custom-data', '--ids', 'user-1,user-2,user-3', '--yes', '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(report(run).summary.accepted, 6);
    const sent = deletions(fakes);
    assert.deepEqual(sent.map((q) => `${q.method} ${q.path}`).sort(), ['DELETE /1.0/CANARYANDROIDKEY9x/data/users', 'DELETE /1.0/CANARYIOSKEY4y/data/users']);
    for (const q of sent) assert.deepEqual(q.json, ['user-1', 'user-2', 'user-3']);
    assertNoSecrets(run);
  });

  it('Batch --mode both: two targets per app key, labelled with the mode', async () => {
    const run = await runCli(['delete', '--vendor', 'batch', '--mode', 'both', '--ids', 'user-1', '--yes', '--json'], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(report(run).results.map((x) => x.target).sort(), ['android (custom-data)', 'android (gdpr)', 'ios (custom-data)', 'ios (gdpr)']);
    assert.equal(deletions(fakes).length, 4);
  });

  it('Cooladata: --reason goes into the body; IDs from standard input (a JSON array) with --yes', async () => {
    const run = await runCli(['delete', '--vendor', 'cooladata', '--reason', 'Ticket 42', '--yes', '--json'], { env, input: '["user-1", "user-2", "user-2", 17]' });
    assert.equal(run.code, 0, run.stderr);
    const r = report(run);
    assert.deepEqual(r.results.map((x) => [x.id, x.target, x.outcome]), [
      ['user-1', `project ${CANARY.cooladataProject}`, 'accepted'],
      ['user-2', `project ${CANARY.cooladataProject}`, 'accepted'],
      ['17', `project ${CANARY.cooladataProject}`, 'accepted'],
    ]);
    const [sent] = deletions(fakes);
    assert.equal(sent.path, `/api/v2/projects/${CANARY.cooladataProject}/users/delete`);
    assert.deepEqual(sent.json, { reason: 'Ticket 42', userIds: ['user-1', 'user-2', '17'] });
    assert.equal(sent.headers.authorization, `Token ${CANARY.cooladataToken}`);
    assert.match(run.stderr, /3 distinct ID\(s\) read \(json-array\); 1 duplicate\(s\) dropped/);
    assertNoSecrets(run);
  });

  it('reads a CSV column by its recognised header, or the one named with --csv-column', async () => {
    let run = await runCli(['delete', '--vendor', 'cooladata', '--yes', '--json'], { env, input: 'name,user_id\nAda,user-1\nBob,user-2\n' });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(report(run).results.map((x) => x.id), ['user-1', 'user-2']);
    fakes.reset();
    run = await runCli(['delete', '--vendor', 'cooladata', '--yes', '--json', '--csv-column', 'account'], { env, input: 'name,account\nAda,user-3\nBob,user-4\n' });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(report(run).results.map((x) => x.id), ['user-3', 'user-4']);
    assert.deepEqual(deletions(fakes)[0].json, { reason: 'GDPR erasure request', userIds: ['user-3', 'user-4'] });
  });

  it('exit 1 when an ID is skipped as invalid, or values that are not IDs were in the input; they are reported, never dropped', async () => {
    const long = 'x'.repeat(1024);
    const run = await runCli(['delete', '--vendor', 'batch', '--mode', 'custom-data', '--yes', '--json'], { env, input: JSON.stringify(['user-1', long, null]) });
    assert.equal(run.code, 1, run.stderr);
    const r = report(run);
    assert.deepEqual(r.summary, { accepted: 2, done: 0, failed: 0, notFound: 0, skipped: 4, cancelled: 0, unknown: 0 });
    assert.deepEqual(r.results.filter((x) => x.outcome === 'skipped').map((x) => [x.id === long ? 'long' : x.id, x.target]).sort(), [
      ['long', 'android'],
      ['long', 'ios'],
      ['null', 'android'],
      ['null', 'ios'],
    ]);
    for (const q of deletions(fakes)) assert.deepEqual(q.json, ['user-1']);
  });

  it('exit 1 when the vendor keeps failing (retries exhausted), with the vendor message; human summary without --json', async () => {
    fakes.batch.faults.enqueue({ fault: '503', count: Infinity });
    const run = await runCli(['delete', '--vendor', 'batch', '--mode', 'custom-data', '--ids', 'user-1', '--yes'], { env });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^batch: 0 accepted \(pending at vendor\), 0 done, 0 not found, 2 failed/);
    assert.match(run.stdout, /Not deleted or not confirmed:\n {2}user-1 \[android\] failed HTTP 503/);
    assert.equal(deletions(fakes).length, 2 * 5, 'five attempts per app key (maxAttempts)');
    assertNoSecrets(run);
  });

  it('a wrong credential: the vendor error is shown, the secret is not (exit 1)', async () => {
    const wrong = 'CANARY-wrong-passcode-Zz91';
    const run = await runCli(['delete', '--vendor', 'clevertap', '--ids', 'user-1', '--yes', '--json'], { env: { ...env, CLEVERTAP_PASSCODE: wrong } });
    assert.equal(run.code, 1, run.stderr);
    const [result] = report(run).results;
    assert.equal(result.outcome, 'failed');
    assert.equal(result.httpStatus, 401);
    assert.match(result.message ?? '', /region/);
    assertNoSecrets(run, [wrong]);
  });
});
