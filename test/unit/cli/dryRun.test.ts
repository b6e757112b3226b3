// --dry-run: nothing is sent (not even EngageLab alias lookups), every request is printed with
// method, URL, headers and body, secrets redacted; --json adds "requests".
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PreviewRequest } from '../../../src/core/engine';
import type { FakeVendors } from '../../fakes';
import { CANARY, assertNoSecrets, runCli, useCliSuite } from './harness';
import { report } from './reportShape';

describe('CLI: delete --dry-run', () => {
  let fakes: FakeVendors;
  let env: Record<string, string>;
  let dir: string;

  useCliSuite((suite) => ({ fakes, env, dir } = suite));

  const ids = (n: number) => Array.from({ length: n }, (_, i) => `user-${i + 1}`).join('\n');

  it('CleverTap: prints all 3 requests for 250 IDs with the passcode redacted, sends nothing, exit 0', async () => {
    const run = await runCli(['delete', '--vendor', 'clevertap', '--dry-run'], { env, input: ids(250) });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(fakes.requests(), []);
    assert.match(run.stdout, /^Dry run: nothing was sent\. 250 ID\(s\) would be deleted at clevertap with 3 request\(s\)\./);
    assert.equal(run.stdout.match(/^POST http:\/\/127\.0\.0\.1:\d+\/1\/delete\/profiles\.json$/gm)?.length, 3);
    assert.equal(run.stdout.match(/^X-CleverTap-Passcode: \*\*\*$/gm)?.length, 3);
    assert.equal(run.stdout.match(new RegExp(`^X-CleverTap-Account-Id: ${CANARY.clevertapAccount}$`, 'gm'))?.length, 3);
    assert.ok(run.stdout.includes('{"identity":["user-201",'), 'the bodies are printed');
    assertNoSecrets(run);
  });

  it('--json: "requests" lists every request; every ID is "planned"', async () => {
    const run = await runCli(['delete', '--vendor', 'clevertap', '--id-type', 'guid', '--dry-run', '--json', '--ids', '__guser-1,__guser-2'], { env });
    assert.equal(run.code, 0, run.stderr);
    const r = report(run);
    assert.equal(r.dryRun, true);
    assert.deepEqual(r.results.map((x) => [x.id, x.outcome, x.httpStatus, x.message, x.reference]), [
      ['__guser-1', 'planned', null, null, null],
      ['__guser-2', 'planned', null, null, null],
    ]);
    assert.deepEqual(r.summary, { accepted: 0, done: 0, failed: 0, notFound: 0, skipped: 0, cancelled: 0, unknown: 0 });
    const requests = r.requests as PreviewRequest[];
    assert.equal(requests.length, 1);
    assert.deepEqual(requests[0], {
      target: `CleverTap · account ${CANARY.clevertapAccount} · guid`,
      method: 'POST',
      url: `${fakes.urls.clevertap}/1/delete/profiles.json`,
      headers: {
        'X-CleverTap-Account-Id': CANARY.clevertapAccount,
        'X-CleverTap-Passcode': '***',
        'Content-Type': 'application/json; charset=utf-8',
      },
      body: '{"guid":["__guser-1","__guser-2"]}',
      idCount: 2,
    });
    assert.deepEqual(fakes.requests(), []);
    assertNoSecrets(run);
  });

  it('Batch: the app keys in the URL paths and the REST key are redacted; one request per ID per app key', async () => {
    const run = await runCli(['delete', '--vendor', 'batch', '--dry-run', '--json', '--ids', 'user-1,user-2'], { env });
    assert.equal(run.code, 0, run.stderr);
    const requests = report(run).requests as PreviewRequest[];
    assert.deepEqual(requests.map((q) => [q.method, q.url.replace(fakes.urls.batch, ''), q.headers['X-Authorization']]), [
      ['POST', '/1.0/***/gdpr/request', '***'],
      ['POST', '/1.0/***/gdpr/request', '***'],
      ['POST', '/1.0/***/gdpr/request', '***'],
      ['POST', '/1.0/***/gdpr/request', '***'],
    ]);
    assert.deepEqual(JSON.parse(requests[0].body!), { request_type: 'remove', id: { type: 'custom_id', value: 'user-1' } });
    assert.deepEqual(fakes.requests(), []);
    assertNoSecrets(run);
  });

  it('Cooladata and EngageLab: the Authorization header keeps its scheme only', async () => {
    const cd = await runCli(['delete', '--vendor', 'cooladata', '--dry-run', '--ids', 'user-1'], { env });
    assert.equal(cd.code, 0, cd.stderr);
    assert.match(cd.stdout, /^Authorization: Token \*\*\*$/m);
    assert.match(cd.stdout, /^\{"reason":"GDPR erasure request","userIds":\["user-1"\]\}$/m);
    const el = await runCli(['delete', '--vendor', 'engagelab', '--dry-run', '--ids', 'rid-user-1'], { env });
    assert.equal(el.code, 0, el.stderr);
    assert.match(el.stdout, /^DELETE http:\/\/127\.0\.0\.1:\d+\/v4\/devices\/rid-user-1$/m);
    assert.match(el.stdout, /^Authorization: Basic \*\*\*$/m);
    assert.deepEqual(fakes.requests(), []);
    assertNoSecrets(cd);
    assertNoSecrets(el);
  });

  it('EngageLab aliases are not even looked up: the lookups are shown, and the DELETEs said to depend on them', async () => {
    const run = await runCli(['delete', '--vendor', 'engagelab', '--id-type', 'alias', '--dry-run', '--json', '--ids', 'user-1,user-2'], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(fakes.requests(), [], 'no lookup, no delete');
    const r = report(run);
    assert.deepEqual(r.results.map((x) => [x.id, x.outcome]), [['user-1', 'planned'], ['user-2', 'planned']]);
    const requests = r.requests as PreviewRequest[];
    assert.deepEqual(requests.map((q) => [q.kind, q.method, q.url.replace(fakes.urls.engagelab, '')]), [
      ['lookup', 'GET', '/v4/aliases/user-1'],
      ['lookup', 'GET', '/v4/aliases/user-2'],
    ]);
    for (const q of requests) assert.match(q.note ?? '', /DELETE \/v4\/devices\/\{registration_id\} follows for each registration_id it returns/);
    const human = await runCli(['delete', '--vendor', 'engagelab', '--id-type', 'alias', '--dry-run', '--ids', 'user-1'], { env });
    assert.match(human.stdout, /after 1 alias lookup\(s\)/);
    assert.match(human.stdout, /each DELETE \/v4\/devices\/\{registration_id\} depends on what its lookup returns/);
    assert.deepEqual(fakes.requests(), []);
    assertNoSecrets(run);
  });

  it('invalid IDs show as skipped (exit 1) and --journal writes nothing in a dry run', async () => {
    const journal = path.join(dir, 'dry.jsonl');
    const run = await runCli(['delete', '--vendor', 'engagelab', '--id-type', 'alias', '--dry-run', '--json', '--journal', journal], { env, input: `user-1\n${'a'.repeat(41)}\n` });
    assert.equal(run.code, 1, run.stderr);
    const r = report(run);
    assert.deepEqual(r.results.map((x) => x.outcome), ['planned', 'skipped']);
    assert.match(r.results[1].message ?? '', /40 bytes/);
    assert.match(run.stderr, /the journal is not written/);
    await assert.rejects(fs.stat(journal));
    assert.deepEqual(fakes.requests(), []);
  });
});
