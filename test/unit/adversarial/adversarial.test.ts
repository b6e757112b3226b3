// The real CLI code against hostile fake vendors written from the contract alone
// (independentFakes.ts). The rule checked everywhere: an ID ends accepted / done / not-found (and the
// exit status is 0) only on the vendor's documented success or documented "does not exist".
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promises as fs } from 'node:fs';
import { batchSecretsSchema } from '../../../src/vendors/batch';
import { cooladataAccountSchema } from '../../../src/vendors/cooladata';
import { ensureCliBuilt, killStrays, startCli } from '../cli/harness';
import { createHttpClient } from '../../../src/core/http';
import { Redactor } from '../../../src/core/redact';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { batchVendor } from '../../../src/vendors/batch';
import { clevertapVendor } from '../../../src/vendors/clevertap';
import { engagelabVendor } from '../../../src/vendors/engagelab';
import type { VendorClientEnv } from '../../../src/vendors/vendor';
import { startHostileVendor, type HostileVendor, type Reply, type Received, type Route } from './independentFakes';
import { CLAIMS, cli, erase, hostileEnv, leakedPieces, resultsOf, SECRET, tempFile, type IdReport, type Run, type Vendor } from './driver';

const json = (status: number, value: unknown, headers?: Record<string, string>): Reply => ({ status, body: JSON.stringify(value), headers });
const html = (status: number, title: string): Reply => ({
  status,
  body: `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><hr><center>nginx</center></body></html>`,
  headers: { 'Content-Type': 'text/html' },
});
const text = (status: number, body: string, contentType = 'text/plain'): Reply => ({ status, body, headers: { 'Content-Type': contentType } });

function assertNoClaim(run: Run & { results: IdReport[] }, what: string, ids?: readonly string[]): void {
  const shown = `${what}\nexit ${run.code}\n${run.stdout.slice(0, 1500)}\n${run.stderr.slice(0, 800)}`;
  const concerned = ids ? run.results.filter((r) => ids.includes(r.id)) : run.results;
  for (const r of concerned) assert.ok(!CLAIMS.has(r.outcome), `${r.id} ended "${r.outcome}" on: ${shown}`);
  if (!ids) assert.notEqual(run.code, 0, `exit 0 on: ${shown}`);
}

/** Answers every request of `route` with `reply`; the other routes answer as documented. */
const on = (route: Route, reply: Reply | ((r: Received) => Reply | undefined)) => (r: Received) =>
  r.route === route ? (typeof reply === 'function' ? reply(r) : reply) : undefined;

/** Answers that are nobody's documented success. */
const HOSTILE_2XX: [string, Reply][] = [
  ['200 HTML page', html(200, 'Welcome')],
  ['200 {"success": false}', json(200, { success: false })],
  ['200 {"status":"fail"}', json(200, { status: 'fail' })],
  ['200 {"status":"fail","error":…,"code":400}', json(200, { status: 'fail', error: 'Invalid identity', code: 400 })],
  ['200 nested error body', json(200, { error: { code: 27002, message: 'unknown error' } })],
  ['200 flat error body', json(200, { code: 1, message: 'SERVER_ERROR' })],
  ['200 success and an error at once', json(200, { success: true, status: 'success', token: 't-1', request_id: 'r-1', error: { code: 5, message: 'but failed' } })],
  ['200 Batch-style error with a token', json(200, { token: 't-1', request_id: 'r-1', error_code: 31, error_message: 'MALFORMED_PARAMETER' })],
  ['200 truncated JSON', text(200, '{"success": tr', 'application/json')],
  ['200 truncated JSON (status)', text(200, '{"status":"succ', 'application/json')],
  ['200 JSON null', text(200, 'null', 'application/json')],
  ['200 JSON []', text(200, '[]', 'application/json')],
  ['200 JSON "success" string', text(200, '"ok"', 'application/json')],
  ['200 text OK', text(200, 'OK')],
  ['200 {"success":false} as text/html', text(200, '{"success":false}', 'text/html')],
  ['200 HTML served as application/json', { ...html(200, 'Login'), headers: { 'Content-Type': 'application/json' } }],
  ['200 huge body (2 MB)', text(200, `{"success":true,"status":"success","token":"t","pad":"${'x'.repeat(2 * 1024 * 1024)}"}`, 'application/json')],
  ['200 body cut mid-way (connection reset)', { ...json(200, { success: true, status: 'success', token: 't-1', request_id: 'r-1' }), cutAfterBytes: 6 }],
  ['no answer at all (connection closed)', { status: 200, hangUp: true }],
  ['301 to another host', { status: 301, headers: { Location: 'http://127.0.0.1:9/steal' } }],
  ['302 to another host', { status: 302, headers: { Location: 'http://127.0.0.1:9/steal' } }],
  ['307 to another host', { status: 307, headers: { Location: 'http://127.0.0.1:9/steal' } }],
  ['308 to another host', { status: 308, headers: { Location: 'http://127.0.0.1:9/steal' } }],
  ['300 Multiple Choices', text(300, 'choose')],
  ['304 Not Modified', { status: 304 }],
  ['103 Early Hints, then 200 HTML', { ...html(200, 'Maintenance'), informational: true }],
  ['202 with an error body', json(202, { error: 'queued nothing', status: 'fail' })],
];

/** Not-found answers that do not say the ID itself is missing. */
const FOREIGN_404: [string, Reply][] = [
  ['404 HTML from a gateway', html(404, '404 Not Found')],
  ['404 empty body', { status: 404 }],
  ['404 text Not Found', text(404, 'Not Found')],
  ['404 EngageLab 7010 (route missing)', json(404, { error: { code: 7010, message: "request api doesn't exist" } })],
  ['404 {"message":"Not Found"}', json(404, { message: 'Not Found' })],
  ['404 Spring style', json(404, { timestamp: '2026-01-01T00:00:00Z', status: 404, error: 'Not Found', path: '/v4/devices/x' })],
  ['404 Kong style', json(404, { message: 'no Route matched with those values' })],
  ['404 app key not found (names the registration_id)', json(404, { error: { code: 1004, message: 'appkey not found for this registration_id' } })],
  ['404 app does not exist', json(404, { error: { code: 1005, message: 'app does not exist; device lookup skipped' } })],
  ['404 Batch ROUTE_NOT_FOUND', json(404, { error_code: 20, error_message: 'ROUTE_NOT_FOUND' })],
  ['404 CleverTap account not found', json(404, { status: 'fail', error: 'Account not found for this identity', code: 404 })],
  ['404 project not found', text(404, 'project not found')],
];

const DELETE_ROUTE: Record<Vendor, Route> = {
  cooladata: 'cooladata-delete',
  engagelab: 'engagelab-delete',
  clevertap: 'clevertap-delete',
  batch: 'batch-gdpr-create',
};

/** EngageLab's [sdk] success forms (an empty 2xx, the text "success"), and Cooladata's empty 200: nobody else's. */
const OTHER_VENDORS_SUCCESS: [string, Reply, Vendor[]][] = [
  ['200 text "success"', text(200, 'success'), ['cooladata', 'clevertap', 'batch']],
  ['200 empty body', { status: 200 }, ['clevertap', 'batch']],
  ['204 No Content', { status: 204 }, ['clevertap', 'batch']],
  ['200 {"success": true}', json(200, { success: true }), ['cooladata', 'clevertap', 'batch']],
];

describe('Adversarial: the real CLI against independent hostile vendors', function () {
  let fake: HostileVendor;
  let evil: http.Server;
  let evilHits = 0;

  before(async () => {
    fake = await startHostileVendor();
    evil = http.createServer((_req, res) => {
      evilHits++;
      res.end('stolen');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    await fake.close();
    evil.closeAllConnections();
    await new Promise<void>((resolve) => evil.close(() => resolve()));
  });
  beforeEach(() => {
    fake.reset();
    evilHits = 0;
  });
  afterEach(killStrays);

  const evilUrl = () => `http://127.0.0.1:${(evil.address() as AddressInfo).port}/steal`;
  /** Redirects point at the evil server (its port is known only once started). */
  const aimed = (reply: Reply): Reply =>
    reply.headers?.Location ? { ...reply, headers: { ...reply.headers, Location: evilUrl() } } : reply;

  describe('delete answers that are not the documented success', () => {
    const vendors: [Vendor, string[]][] = [
      ['cooladata', []],
      ['engagelab', []],
      ['clevertap', []],
      ['batch', []],
      ['batch', ['--mode', 'custom-data']],
    ];
    for (const [vendor, flags] of vendors) {
      const route: Route = flags.includes('custom-data') ? 'batch-custom-data' : DELETE_ROUTE[vendor];
      it(`${vendor}${flags.length ? ` ${flags.join(' ')}` : ''}: none of ${HOSTILE_2XX.length + FOREIGN_404.length} hostile answers ends accepted/done/not-found`, async () => {
        const others = OTHER_VENDORS_SUCCESS.filter(([, , to]) => to.includes(vendor)).map(([name, reply]): [string, Reply] => [name, reply]);
        for (const [name, reply] of [...HOSTILE_2XX, ...FOREIGN_404, ...others]) {
          fake.reset();
          fake.script(on(route, aimed(reply)));
          const run = await erase(fake, vendor, ['u-1', 'u-2'], flags);
          assertNoClaim(run, `${vendor} ${name}`);
          assert.equal(run.results.length, 2, `${name}: one result per ID\n${run.stdout}${run.stderr}`);
          assert.equal(evilHits, 0, `${name}: a redirect was followed`);
        }
      });
    }

    it('a redirect to another host is never followed with credentials, and never a success', async () => {
      for (const status of [301, 302, 303, 307, 308]) {
        fake.reset();
        fake.script(() => ({ status, headers: { Location: evilUrl() } }));
        for (const vendor of ['cooladata', 'engagelab', 'clevertap', 'batch'] as const) assertNoClaim(await erase(fake, vendor, ['u-1']), `${status} ${vendor}`);
      }
      assert.equal(evilHits, 0);
    });

    it('the documented successes are accepted (the suite can tell success from failure)', async () => {
      for (const vendor of ['cooladata', 'engagelab', 'clevertap', 'batch'] as const) {
        const run = await erase(fake, vendor, ['u-1', 'u-2']);
        assert.equal(run.code, 0, `${vendor}: ${run.stdout}${run.stderr}`);
        assert.deepEqual(run.results.map((r) => r.outcome), ['accepted', 'accepted']);
      }
      // EngageLab's [sdk] forms: an empty body, the text "success", 204.
      for (const reply of [{ status: 200 }, text(200, 'success'), { status: 204 }] as Reply[]) {
        fake.script(on('engagelab-delete', reply));
        assert.equal((await erase(fake, 'engagelab', ['u-1'])).results[0].outcome, 'accepted');
      }
    });
  });

  describe('EngageLab: only an answer that says the device does not exist is "not found"', () => {
    it('delete: the device-missing wordings are not-found, any other 404 is not', async () => {
      const missing: Reply[] = [
        json(404, { error: { code: 27001, message: 'registration_id not found' } }),
        json(404, { error: { code: 27001, message: 'The device does not exist' } }),
        json(404, { code: 27001, message: 'registration id does not exist' }),
      ];
      // Short IDs too: taking the ID out of the words must not break the words ("a" inside "registration").
      for (const reply of missing) {
        fake.script(on('engagelab-delete', reply));
        const run = await erase(fake, 'engagelab', ['u-1', 'a', 'e']);
        assert.deepEqual(run.results.map((r) => r.outcome), ['not-found', 'not-found', 'not-found'], String(reply.body));
      }
      const notAboutTheDevice: Reply[] = [
        ...FOREIGN_404.map(([, r]) => r),
        // The ID itself carries the device word: a path echoed back must not make it "device not found".
        json(404, { code: 404, message: 'resource /v4/devices/device-1 not found' }),
        json(404, { error: { code: 404, message: 'Not found: device-1' } }),
        json(404, { error: { code: 1011, message: 'master secret not found for this device' } }),
        json(404, { error: { code: 1012, message: 'user not found: authentication failed for device registration' } }),
        json(200, { error: { code: 27001, message: 'registration_id not found' } }),
        json(400, { error: { code: 27001, message: 'registration_id not found' } }),
      ];
      for (const reply of notAboutTheDevice) {
        fake.reset();
        fake.script(on('engagelab-delete', reply));
        assertNoClaim(await erase(fake, 'engagelab', ['device-1']), `${reply.status} ${String(reply.body)}`);
      }
    });

    it('alias lookup: null or [] is not found; any other shape never claims anything, and no other device is deleted', async () => {
      for (const empty of [{ registration_ids: null }, { registration_ids: [] }]) {
        fake.reset();
        fake.script(on('engagelab-alias', (r) => (r.segment === 'gone' ? json(200, empty) : undefined)));
        const run = await erase(fake, 'engagelab', ['gone', 'here'], ['--id-type', 'alias']);
        assert.deepEqual(Object.fromEntries(run.results.map((r) => [r.id, r.outcome])), { here: 'accepted', gone: 'not-found' });
      }
      const odd: [string, Reply][] = [
        ['platform map', json(200, { registration_ids: { android: ['a-1'], web: ['w-1'] } })],
        ['objects with platforms', json(200, { registration_ids: [{ platform: 'web', registration_id: 'w-1' }] })],
        ['a string', json(200, { registration_ids: 'a-1' })],
        ['missing field', json(200, {})],
        ['wrapped in data', json(200, { data: { registration_ids: [] } })],
        ['null entries', json(200, { registration_ids: ['a-1', null] })],
        ['an empty registration_id', json(200, { registration_ids: [''] })],
        ['a dot-segment registration_id', json(200, { registration_ids: ['..'] })],
        ['[] with an error', json(200, { registration_ids: [], error: { code: 1, message: 'lookup failed' } })],
        ['null with code 1', json(200, { registration_ids: null, code: 21004, message: 'alias lookup failed' })],
        ['success true only', json(200, { success: true })],
        ['HTML 200', html(200, 'Home')],
        ['truncated', text(200, '{"registration_ids": ["a-', 'application/json')],
        ...HOSTILE_2XX,
        ...FOREIGN_404,
      ];
      for (const [name, reply] of odd) {
        fake.reset();
        fake.script(on('engagelab-alias', aimed(reply)));
        const run = await erase(fake, 'engagelab', ['al-1'], ['--id-type', 'alias']);
        assertNoClaim(run, `alias answer: ${name}`);
        const deletes = fake.received.filter((r) => r.route === 'engagelab-delete' || r.route === 'unknown');
        assert.ok(
          deletes.every((d) => d.route === 'engagelab-delete' && d.segment !== '' && d.segment !== '..'),
          `${name}: sent ${deletes.map((d) => `${d.method} ${d.target}`).join(', ')}`,
        );
      }
    });
    it('alias lookups carry no platform filter; an alias whose devices are not all deleted never ends all accepted', async () => {
      fake.script((r) => {
        if (r.route === 'engagelab-alias') return json(200, { registration_ids: ['and-1', 'web-1', 'hmos-1'] });
        if (r.route === 'engagelab-delete' && r.segment === 'web-1') return html(200, 'Web push maintenance');
        if (r.route === 'engagelab-delete' && r.segment === 'hmos-1') return json(404, { error: { code: 7010, message: "request api doesn't exist" } });
        return undefined;
      });
      const run = await erase(fake, 'engagelab', ['al-1'], ['--id-type', 'alias']);
      const lookups = fake.received.filter((r) => r.route === 'engagelab-alias');
      assert.deepEqual(lookups.map((r) => r.target), ['/v4/aliases/al-1'], 'one lookup, no ?platform= filter');
      const byDevice = Object.fromEntries(run.results.map((r) => [r.reference, r.outcome]));
      assert.equal(byDevice['and-1'], 'accepted');
      assert.ok(!CLAIMS.has(byDevice['web-1']) && !CLAIMS.has(byDevice['hmos-1']), JSON.stringify(run.results));
      assert.notEqual(run.code, 0);
    });
  });

  describe('connection tests trust only the vendor\'s own answer', () => {
    const redactor = new Redactor();
    const clientEnv = (): VendorClientEnv => ({
      http: createHttpClient({ timeoutMs: 1000, redactor }),
      settings: DEFAULT_SETTINGS,
      redactor,
      baseUrlOverride: fake.baseUrl,
    });
    const checks: [string, Route, () => Promise<{ ok: boolean; message: string }>][] = [
      ['EngageLab', 'engagelab-device', () => engagelabVendor.testConnection!({ id: 'e', label: 'E', vendor: 'engagelab', dataCenter: 'sgp' }, { appKey: SECRET.engagelabAppKey, masterSecret: SECRET.engagelabSecret }, clientEnv())],
      ['CleverTap', 'clevertap-profile', () => clevertapVendor.testConnection!({ id: 'c', label: 'C', vendor: 'clevertap', region: 'eu', accountId: 'A' }, { passcode: SECRET.clevertapPasscode }, clientEnv())],
      ['Batch', 'unknown', () => batchVendor.testConnection!({ id: 'b', label: 'B', vendor: 'batch', appKeyLabels: ['android'] }, { restKey: SECRET.batchRest, appKeys: { android: SECRET.batchAppKey } }, clientEnv())],
    ];
    for (const [name, route, check] of checks) {
      it(`${name}: no hostile answer reads as "Connected"`, async () => {
        const hostile: [string, Reply][] = [
          ...HOSTILE_2XX,
          ...FOREIGN_404,
          ['200 fail with an auth error', json(200, { status: 'fail', error: 'Invalid passcode', code: 401 })],
          ['200 {}', json(200, {})],
        ];
        // Batch's list is documented as an array: an empty one is its success.
        for (const [what, reply] of hostile.filter(([what]) => !(name === 'Batch' && what === '200 JSON []'))) {
          fake.reset();
          fake.script((r) => (r.route === route || (route === 'unknown' && r.target.endsWith('/gdpr/requests')) ? aimed(reply) : undefined));
          const result = await check();
          assert.equal(result.ok, false, `${name} ${what}: ${result.message}`);
          assert.deepEqual(leakedPieces(result.message), []);
        }
        assert.equal(evilHits, 0);
      });
    }
    it('the documented answers do read as "Connected"', async () => {
      fake.script((r) => (r.target.endsWith('/gdpr/requests') ? json(200, []) : r.route === 'engagelab-device' ? json(404, { error: { code: 27001, message: 'registration_id not found' } }) : undefined));
      for (const [name, , check] of checks) assert.equal((await check()).ok, true, name);
    });
  });

  describe('verification and status checks never mark done on a foreign answer', () => {
    async function deleteThenCheck(vendor: Vendor, route: Route, reply: Reply, flags: string[] = [], env = hostileEnv(fake)): Promise<Run & { results: IdReport[] }> {
      fake.reset();
      const journal = await tempFile('journal.jsonl');
      const first = await erase(fake, vendor, ['u-1'], [...flags, '--journal', journal], env);
      assert.equal(first.results[0]?.outcome, 'accepted', `${vendor} delete: ${first.stdout}${first.stderr}`);
      fake.script(on(route, reply));
      const run = await cli(['status', '--journal', journal, '--json'], env);
      return { ...run, results: resultsOf(run) };
    }

    it('EngageLab device lookup', async () => {
      const hostile: [string, Reply][] = [
        ...HOSTILE_2XX,
        ...FOREIGN_404,
        ['200 {}', json(200, {})],
        ['200 empty', { status: 200 }],
        ['204', { status: 204 }],
        ['404 path echo naming the device', json(404, { code: 404, message: 'resource /v4/devices/u-1 device not found on this gateway' })],
      ];
      for (const [name, reply] of hostile) assertNoDone(await deleteThenCheck('engagelab', 'engagelab-device', aimed(reply)), `EngageLab lookup ${name}`);
      const gone = await deleteThenCheck('engagelab', 'engagelab-device', json(404, { error: { code: 27001, message: 'registration_id not found' } }));
      assert.equal(gone.results[0].outcome, 'done');
    });

    it('CleverTap profile lookup', async () => {
      const hostile: [string, Reply][] = [
        ...HOSTILE_2XX,
        ...FOREIGN_404,
        ['200 fail account not found', json(200, { status: 'fail', error: 'Account not found', code: 401 })],
        ['200 fail passcode not found for identity', json(200, { status: 'fail', error: 'Passcode not found for this account identity', code: 401 })],
        ['200 fail region', json(200, { status: 'fail', error: 'Invalid region: identity lookup not found on this cluster' })],
        ['200 success without record', json(200, { status: 'success' })],
        ['200 success record null with an error', json(200, { status: 'success', record: null, error: 'lookup failed' })],
        ['404 profile not found with route words', json(404, { status: 'fail', error: 'API endpoint /1/profile.json not found' })],
      ];
      for (const [name, reply] of hostile) assertNoDone(await deleteThenCheck('clevertap', 'clevertap-profile', aimed(reply)), `CleverTap lookup ${name}`);
      for (const reply of [json(200, { status: 'fail', error: 'Profile not found', code: 404 }), json(200, { status: 'fail', error: 'Profile u-1 not found' }), json(200, { status: 'success', record: null })]) {
        assert.equal((await deleteThenCheck('clevertap', 'clevertap-profile', reply)).results[0].outcome, 'done', String(reply.body));
      }
    });

    it('Batch GDPR status: done only without an error; "user not found" only as such', async () => {
      const done = (extra: Record<string, unknown>) => (r: Received) =>
        json(200, { request_id: r.segment, status: 'done', request_type: 'remove', id: { type: 'custom_id', value: 'u-1' }, ...extra });
      const hostile: [string, Reply | ((r: Received) => Reply)][] = [
        ...HOSTILE_2XX,
        ...FOREIGN_404,
        ['done, error "app not found"', done({ error: 'app not found' })],
        ['done, error "User not found in app"', done({ error: 'User not found in this app' })],
        ['done, error "internal error"', done({ error: 'internal error' })],
        ['done, error object', done({ error: { code: 'INTERNAL', message: 'internal' } })],
        ['done, errors list', done({ errors: ['removal failed'] })],
        ['done, error_message', done({ error_message: 'removal failed' })],
        ['done, success false', done({ success: false })],
        ['done about another request', done({ request_id: 'req-other' })],
        ['done about another ID', done({ id: { type: 'custom_id', value: 'u-2' } })],
        ['status completed', (r) => json(200, { request_id: r.segment, status: 'completed' })],
        ['status success', (r) => json(200, { request_id: r.segment, status: 'success' })],
        ['status failed', (r) => json(200, { request_id: r.segment, status: 'failed', error: 'x' })],
      ];
      for (const [name, reply] of hostile) {
        const answer = typeof reply === 'function' ? reply : () => aimed(reply);
        assertNoDone(await checkBatch(answer), `Batch status ${name}`);
      }
      assert.equal((await checkBatch(done({}))).results[0].outcome, 'done');
      assert.equal((await checkBatch(done({ error: 'User not found.' }))).results[0].outcome, 'not-found');
    });

    async function checkBatch(answer: (r: Received) => Reply): Promise<Run & { results: IdReport[] }> {
      fake.reset();
      const env = hostileEnv(fake);
      const journal = await tempFile('journal.jsonl');
      const first = await erase(fake, 'batch', ['u-1'], ['--journal', journal], env);
      assert.equal(first.results[0]?.outcome, 'accepted');
      fake.script((r) => (r.route === 'batch-gdpr-status' ? answer(r) : undefined));
      const run = await cli(['status', '--journal', journal, '--json'], env);
      return { ...run, results: resultsOf(run) };
    }

    it('Batch: a GDPR request id given for two IDs is followed for the first only', async () => {
      fake.reset();
      const env = hostileEnv(fake, { USER_ERASURE_SETTINGS: JSON.stringify({ retryBaseDelayMs: 1, batchGdprConcurrency: 1 }) });
      const journal = await tempFile('journal.jsonl');
      fake.script((r) =>
        r.route === 'batch-gdpr-create' ? json(200, { request_id: 'req-same' }) : r.route === 'batch-gdpr-status' ? json(200, { request_id: 'req-same', status: 'done' }) : undefined,
      );
      const run = await erase(fake, 'batch', ['u-1', 'u-2'], ['--journal', journal], env);
      assert.deepEqual(run.results.map((r) => r.outcome), ['accepted', 'unknown'], run.stdout);
      const status = await cli(['status', '--journal', journal, '--json'], env);
      assert.deepEqual(resultsOf(status).map((r) => [r.id, r.outcome]), [['u-1', 'done'], ['u-2', 'unknown']]);
    });

    it('Cooladata status API', async () => {
      const env = hostileEnv(fake, { COOLADATA_STATUS_PATH: '/api/v2/projects/{projectId}/users/delete/status' });
      const hostile: [string, Reply][] = [
        ...HOSTILE_2XX,
        ...FOREIGN_404,
        ['overall success', json(200, { status: 'success' })],
        ['overall ok', json(200, { status: 'ok' })],
        ['completed with an error', json(200, { 'u-1': { status: 'completed', error: 'could not delete' } })],
        ['done with a failure reason', json(200, { 'u-1': { status: 'done', reason: 'deletion failed: locked' } })],
        ['not deleted', json(200, { 'u-1': 'not deleted' })],
        ['another ID', json(200, { 'u-2': 'deleted' })],
        ['list about another ID', json(200, [{ userId: 'u-2', status: 'done' }])],
      ];
      for (const [name, reply] of hostile) assertNoDone(await deleteThenCheck('cooladata', 'cooladata-status', aimed(reply), [], env), `Cooladata status ${name}`);
      assert.equal((await deleteThenCheck('cooladata', 'cooladata-status', json(200, { 'u-1': 'deleted' }), [], env)).results[0].outcome, 'done');
    });
  });

  describe('CleverTap partial answers, whatever the field is called', () => {
    const shapes: [string, (ids: string[]) => unknown][] = [
      ['unprocessed list', () => ({ status: 'success', unprocessed: ['u-2'] })],
      ['failed objects', () => ({ status: 'success', failed: [{ identity: 'u-2', error: 'bad' }] })],
      ['not_processed', () => ({ status: 'success', not_processed: ['u-2'] })],
      ['unprocessed_identities', () => ({ status: 'success', unprocessed_identities: ['u-2'] })],
      ['failed_identities', () => ({ status: 'success', failed_identities: ['u-2'] })],
      ['errors', () => ({ status: 'success', errors: [{ identity: 'u-2', message: 'bad' }] })],
      ['invalid', () => ({ status: 'success', invalid: ['u-2'] })],
      ['rejected', () => ({ status: 'success', rejected: ['u-2'] })],
      ['skipped', () => ({ status: 'success', skipped: ['u-2'] })],
      ['notProcessed', () => ({ status: 'success', notProcessed: ['u-2'] })],
      ['nested in result', () => ({ status: 'success', result: { processed: 1, unprocessed: ['u-2'] } })],
      ['nested in data', () => ({ status: 'success', data: { failed: ['u-2'] } })],
      ['unprocessed map', () => ({ status: 'success', unprocessed: { 'u-2': 'bad identity' } })],
      ['processed count only', (ids) => ({ status: 'success', processed: ids.filter((i) => i !== 'u-2').length })],
      ['processed as text', (ids) => ({ status: 'success', processed: String(ids.filter((i) => i !== 'u-2').length) })],
      ['status partial', () => ({ status: 'partial', processed: 1 })],
      ['status partial_success', () => ({ status: 'partial_success' })],
    ];
    it(`u-2 is never accepted in any of ${shapes.length} shapes`, async () => {
      for (const [name, shape] of shapes) {
        fake.reset();
        fake.script(
          on('clevertap-delete', (r) => {
            const ids = JSON.parse(r.body).identity as string[];
            return ids.includes('u-2') ? json(200, shape(ids)) : json(200, { status: 'success' });
          }),
        );
        const run = await erase(fake, 'clevertap', ['u-1', 'u-2', 'u-3']);
        assertNoClaim(run, `CleverTap ${name}`, ['u-2']);
        assert.notEqual(run.code, 0, name);
      }
    });
  });

  describe('secrets echoed back by the vendor never reach output, journal or export', () => {
    const secrets = Object.values(SECRET);
    /**
     * Bodies echoing the secrets (each in turn) at the start, URL-encoded, in an HTML title, and
     * across the 100-, 300- and 500-character cuts of messages, as text and in each vendor's error shape.
     */
    function echoes(): string[] {
      const out: string[] = secrets.flatMap((secret) => [`${secret} is not valid`, `invalid key ${encodeURIComponent(secret)}`]);
      out.push(`<html><head><title>${secrets[0]}</title></head></html>`);
      let n = 0;
      for (const cut of [80, 100, 300, 500]) {
        for (const shift of [2, 5, 13]) {
          const secret = secrets[n++ % secrets.length];
          const before = 'x'.repeat(cut - shift);
          out.push(`${before}${secret} tail`, JSON.stringify({ error: { code: 27001, message: `${before}${secret}` } }));
          out.push(JSON.stringify({ status: 'fail', error: `${before}${secret}` }), JSON.stringify({ error_code: 31, error_message: `${before}${secret}` }));
        }
      }
      return out;
    }

    /** The index of the ID "e-<index>" a request carries, in its path or body. */
    const echoIndex = (r: Received): number => Number(/e-(\d+)/.exec(`${r.target} ${r.body}`)?.[1] ?? 0);
    /** The echo meant for the ID a request carries. */
    const echoFor = (r: Received): string => echoes()[echoIndex(r)];
    const echoIds = () => echoes().map((_, i) => `e-${i}`);
    /** One call per ID, so each ID gets its own echo. */
    const oneIdPerCall = (fake: HostileVendor, extra: Record<string, string> = {}) =>
      hostileEnv(fake, {
        USER_ERASURE_SETTINGS: JSON.stringify({ retryBaseDelayMs: 1, maxAttempts: 2, cooladataChunkSize: 1, clevertapChunkSize: 1, batchCustomDataChunkSize: 1 }),
        // The engine's log on standard error too: every request and answer it writes is checked.
        USER_ERASURE_DEBUG: '1',
        ...extra,
      });

    it('in delete answers (every vendor, every status kind), the journal and the export', async () => {
      const journal = await tempFile('journal.jsonl');
      const env = oneIdPerCall(fake);
      let printed = '';
      for (const [vendor, flags, route] of [
        ['cooladata', [], 'cooladata-delete'],
        ['engagelab', [], 'engagelab-delete'],
        ['clevertap', [], 'clevertap-delete'],
        ['batch', [], 'batch-gdpr-create'],
        ['batch', ['--mode', 'custom-data'], 'batch-custom-data'],
      ] as [Vendor, string[], Route][]) {
        fake.reset();
        fake.script(on(route, (r) => ({ status: [200, 400, 404, 401][echoIndex(r) % 4], body: echoFor(r) })));
        const run = await erase(fake, vendor, echoIds(), [...flags, '--journal', journal], env);
        assert.equal(run.results.length, echoIds().length, `${vendor}: ${run.stderr}`);
        printed += run.stdout + run.stderr;
      }
      const exported = await cli(['export', '--journal', journal, '--format', 'json'], env);
      const csv = await cli(['export', '--journal', journal, '--format', 'csv'], env);
      assert.equal(exported.code, 0, exported.stderr);
      const journalText = await fs.readFile(journal, 'utf8');
      assert.match(printed, /\*\*\*/, 'the echoed secrets are shown masked');
      assert.deepEqual(leakedPieces(printed), [], 'printed');
      assert.deepEqual(leakedPieces(journalText), [], 'journal');
      assert.deepEqual(leakedPieces(exported.stdout + csv.stdout), [], 'export');
    });

    it('in status answers and alias lookups', async () => {
      let printed = '';
      const env = oneIdPerCall(fake, { COOLADATA_STATUS_PATH: '/api/v2/projects/{projectId}/users/delete/status' });
      const statusOf = (r: Received) => [200, 404, 400][echoIndex(r) % 3];
      for (const [vendor, route] of [
        ['engagelab', 'engagelab-device'],
        ['clevertap', 'clevertap-profile'],
        ['batch', 'batch-gdpr-status'],
        ['cooladata', 'cooladata-status'],
      ] as [Vendor, Route][]) {
        const journal = await tempFile('journal.jsonl');
        fake.reset();
        await erase(fake, vendor, echoIds(), ['--journal', journal], env);
        fake.script((r) => {
          if (r.route !== route) return undefined;
          const body = echoFor(r);
          if (statusOf(r) !== 200) return { status: statusOf(r), body };
          if (route === 'batch-gdpr-status') return json(200, { request_id: r.segment, status: 'done', id: { value: r.segment?.replace(/^req-/, '') }, error: body });
          if (route === 'cooladata-status') return json(200, { [JSON.parse(r.body).userIds[0]]: { status: 'failed', error: body } });
          return { status: 200, body };
        });
        const run = await cli(['status', '--journal', journal, '--json'], env);
        assert.equal(resultsOf(run).length, echoIds().length, `${vendor}: ${run.stderr}`);
        printed += run.stdout + run.stderr + (await fs.readFile(journal, 'utf8')) + (await cli(['export', '--journal', journal, '--format', 'csv'], env)).stdout;
      }
      fake.reset();
      fake.script(on('engagelab-alias', (r) => ({ status: statusOf(r), body: echoFor(r) })));
      const run = await erase(fake, 'engagelab', echoIds(), ['--id-type', 'alias'], env);
      printed += run.stdout + run.stderr;
      assert.match(printed, /\*\*\*/, 'the echoed secrets are shown masked');
      assert.deepEqual(leakedPieces(printed), []);
    });
    it('echoed JSON-escaped (PHP writes "/" as "\\/", others use \\u escapes), even in a body cut short', async () => {
      const slashy = { token: 'Hq4v/Zt9+KxWm2/Lp7N', passcode: 'Yb6n/Tf2+VsKr8/Jm4C', rest: 'Pw5h/Nc3+XgZe7/Qt9L', app: 'Ua8dMk4RvYj2Hs6B' };
      const env = oneIdPerCall(fake, {
        COOLADATA_API_TOKEN: slashy.token,
        CLEVERTAP_PASSCODE: slashy.passcode,
        BATCH_REST_API_KEY: slashy.rest,
      });
      const php = (v: string) => v.replace(/\//g, '\\/');
      const unicode = (v: string) => [...v].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
      const bodies = Object.values(slashy).flatMap((secret) => [
        `{"status":"fail","error":"bad credential ${php(secret)}","code":401}`,
        `{"error":{"code":27001,"message":"bad ${unicode(secret)}"}}`,
        `{"error_code":10,"error_message":"key ${php(secret)} rejec`,
      ]);
      const ids = bodies.map((_, i) => `e-${i}`);
      let printed = '';
      for (const [vendor, route] of [
        ['cooladata', 'cooladata-delete'],
        ['clevertap', 'clevertap-delete'],
        ['batch', 'batch-gdpr-create'],
      ] as [Vendor, Route][]) {
        fake.reset();
        fake.script(on(route, (r) => ({ status: 400, body: bodies[echoIndex(r)] })));
        const run = await erase(fake, vendor, ids, [], env);
        assert.equal(run.results.length, ids.length, run.stderr);
        printed += run.stdout + run.stderr;
      }
      const pieces = leakedPieces(printed, Object.values(slashy).flatMap((s) => s.split('/')));
      assert.deepEqual(pieces, []);
    });
  });

  describe('vendor text cannot rewrite the terminal', () => {
    it('escape sequences and backspaces in any answer reach neither the human output nor the journal', async () => {
      const paint = '\u001b[2K\r\u001b[1A u-1 accepted \u0008\u0008\u009b2J';
      const bodies = [paint, JSON.stringify({ status: 'fail', error: paint }), JSON.stringify({ error: { code: 1, message: paint } }), JSON.stringify({ error_code: 31, error_message: paint })];
      let printed = '';
      for (const [vendor, route] of [
        ['cooladata', 'cooladata-delete'],
        ['engagelab', 'engagelab-delete'],
        ['clevertap', 'clevertap-delete'],
        ['batch', 'batch-gdpr-create'],
      ] as [Vendor, Route][]) {
        for (const [i, body] of bodies.entries()) {
          fake.reset();
          const journal = await tempFile('journal.jsonl');
          fake.script(on(route, { status: [200, 400][i % 2], body }));
          const run = await cli(['delete', '--vendor', vendor, '--ids', 'u-1', '--yes', '--journal', journal], hostileEnv(fake));
          printed += run.stdout + run.stderr + (await fs.readFile(journal, 'utf8'));
        }
      }
      assert.doesNotMatch(printed, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u);
      assert.doesNotMatch(printed, /\\u001b|\\u0008|\\u009b/, 'not even escaped in the journal');
    });
  });

  describe('what is sent is what the dry run shows, for odd IDs', () => {
    const ODD = ['.', '..', '%2e', '%2E%2e', 'a/b', 'a?b', 'a#b', 'é👍', 'a b', '%00', '%2F', '..%2f', '.a', '...', 'a\\b', ';x', 'x;y=1', '@:+&=$,'];

    it('EngageLab registration_ids and aliases: request lines equal the dry run; dot segments are skipped and never sent', async () => {
      for (const idType of ['registration_id', 'alias']) {
        fake.reset();
        const flags = ['--id-type', idType];
        const dry = await cli(['delete', '--vendor', 'engagelab', '--ids', JSON.stringify(ODD), '--dry-run', '--json', ...flags], hostileEnv(fake));
        assert.equal(fake.received.length, 0, 'a dry run sends nothing');
        const shown = (JSON.parse(dry.stdout).requests as { method: string; url: string }[]).map((q) => `${q.method} ${new URL(q.url).pathname}${new URL(q.url).search}`);
        // Each alias resolves to one registration_id "rid-of-<alias>", deleted after the lookup.
        fake.script(on('engagelab-alias', (r) => json(200, { registration_ids: [`rid-of-${r.segment}`] })));
        const run = await erase(fake, 'engagelab', ODD, flags);
        const sentLines = fake.received.filter((r) => (idType === 'alias' ? r.route === 'engagelab-alias' : true)).map((r) => `${r.method} ${r.target}`);
        assert.deepEqual([...sentLines].sort(), [...shown].sort(), `${idType}: sent vs dry run`);
        const sentIds = fake.received.filter((r) => (idType === 'alias' ? r.route === 'engagelab-alias' : true)).map((r) => r.segment);
        for (const id of ['.', '..', '%2e', '%2E%2e']) {
          assert.ok(!sentIds.includes(id) && !sentIds.includes(decodeURIComponent(id)), `${id} was sent`);
          assert.equal(run.results.find((r) => r.id === id)?.outcome, 'skipped', id);
        }
        assert.ok(fake.received.every((r) => r.route !== 'unknown'), 'a request went to another route');
        assert.deepEqual(new Set(sentIds), new Set(ODD.filter((id) => !['.', '..', '%2e', '%2E%2e'].includes(id))), `${idType}: each ID reached the vendor as written`);
      }
    });

    it('body and query vendors: every ID reaches the vendor exactly as written', async () => {
      for (const vendor of ['cooladata', 'clevertap', 'batch'] as const) {
        fake.reset();
        const run = await erase(fake, vendor, ODD);
        assert.equal(run.code, 0, `${vendor}: ${run.stderr}`);
        const got = fake.received.flatMap((r) => {
          const body = JSON.parse(r.body);
          return body.userIds ?? body.identity ?? [body.id.value];
        });
        assert.deepEqual(new Set(got), new Set(ODD), vendor);
      }
      // CleverTap verification puts the identity in the query.
      fake.reset();
      const journal = await tempFile('journal.jsonl');
      await erase(fake, 'clevertap', ODD, ['--journal', journal]);
      await cli(['status', '--journal', journal, '--json'], hostileEnv(fake));
      const looked = fake.received.filter((r) => r.route === 'clevertap-profile').map((r) => new URL(r.target, 'http://x').searchParams.get('identity'));
      assert.deepEqual(new Set(looked), new Set(ODD));
    });

    it('a Cooladata project id or Batch app key that would change the path sends nothing', async () => {
      for (const [vendor, extra] of [
        ['cooladata', { COOLADATA_PROJECT_ID: '..' }],
        ['cooladata', { COOLADATA_PROJECT_ID: '%2e' }],
        ['batch', { BATCH_API_KEYS: 'android=..' }],
        ['batch', { BATCH_API_KEYS: 'android=.' }],
      ] as [Vendor, Record<string, string>][]) {
        fake.reset();
        const env = hostileEnv(fake, extra);
        const dry = await cli(['delete', '--vendor', vendor, '--ids', 'u-1', '--dry-run', '--json'], env);
        const run = await erase(fake, vendor, ['u-1'], [], env);
        assert.equal(fake.received.length, 0, `${vendor} ${JSON.stringify(extra)}: sent ${fake.received.map((r) => r.target).join(', ')}`);
        for (const r of [run, dry]) {
          assert.equal(r.code, 2, `a configuration error: ${r.stderr}`);
          assert.equal(r.stdout, '');
          assert.match(r.stderr, /(COOLADATA_PROJECT_ID|BATCH_API_KEYS entry 1 \(android\): the key) cannot be sent in a URL path/);
        }
      }
      // A status path that URL normalisation would change is not used: nothing is asked, the IDs stay accepted.
      fake.reset();
      const env = hostileEnv(fake, { COOLADATA_STATUS_PATH: '/api/v2/projects/{projectId}/../../status' });
      const journal = await tempFile('journal.jsonl');
      await erase(fake, 'cooladata', ['u-1'], ['--journal', journal], env);
      const status = await cli(['status', '--journal', journal, '--json'], env);
      assert.deepEqual(fake.received.map((r) => r.route), ['cooladata-delete']);
      assert.equal(resultsOf(status)[0].outcome, 'accepted');
      assert.match(status.stdout, /status not checked: the status endpoint path/);
            // The extension's account form validates with the same schemas.
      const account = { id: 'a', label: 'A', vendor: 'cooladata' as const };
      assert.equal(cooladataAccountSchema.safeParse({ ...account, projectId: '..' }).success, false);
      assert.equal(cooladataAccountSchema.safeParse({ ...account, projectId: 'p-1' }).success, true);
      assert.equal(batchSecretsSchema.safeParse({ restKey: 'r', appKeys: { ios: '%2e' } }).success, false);
      assert.equal(batchSecretsSchema.safeParse({ restKey: 'r', appKeys: { ios: 'K1' } }).success, true);
    });

    it('a Batch GDPR request id that would change the status path is never followed', async () => {
      for (const rid of ['..', '.', '%2e']) {
        fake.reset();
        const journal = await tempFile('journal.jsonl');
        fake.script(on('batch-gdpr-create', json(200, { request_id: rid })));
        const run = await erase(fake, 'batch', ['u-1'], ['--journal', journal]);
        fake.script(() => json(200, { status: 'done', request_id: rid, id: { value: 'u-1' } }));
        const status = await cli(['status', '--journal', journal, '--json'], hostileEnv(fake));
        const statusCalls = fake.received.filter((r) => r.method === 'GET');
        assert.deepEqual(statusCalls.map((r) => r.target), [], `${rid}: sent`);
        assert.notEqual(resultsOf(status)[0]?.outcome ?? run.results[0].outcome, 'done');
      }
    });
  });

  describe('nothing is sent twice after a fault', () => {
    it('an answer lost mid-body or never given: the ID is unknown, and resume does not send it again', async () => {
      for (const [vendor, route] of [
        ['engagelab', 'engagelab-delete'],
        ['clevertap', 'clevertap-delete'],
        ['cooladata', 'cooladata-delete'],
        ['batch', 'batch-gdpr-create'],
      ] as [Vendor, Route][]) {
        for (const reply of [{ status: 200, hangUp: true }, { ...json(200, { success: true }), cutAfterBytes: 3 }] as Reply[]) {
          fake.reset();
          const journal = await tempFile('journal.jsonl');
          fake.script(on(route, (r) => (r.target.includes('lost') || r.body.includes('lost') ? reply : undefined)));
          const run = await erase(fake, vendor, ['ok-1', 'lost-1'], ['--journal', journal]);
          const lost = run.results.find((r) => r.id === 'lost-1');
          assert.equal(lost?.outcome, 'unknown', `${vendor}: ${run.stdout}`);
          const sentBefore = fake.received.length;
          const resumed = await cli(['resume', '--journal', journal, '--yes', '--json'], hostileEnv(fake));
          assert.equal(fake.received.length, sentBefore, `${vendor}: resume sent again: ${resumed.stdout}${resumed.stderr}`);
          // Within the run, an unanswered delete may be retried (maxAttempts, documented); never by resume.
          const lostSends = fake.received.filter((r) => r.target.includes('lost') || r.body.includes('lost')).length;
          assert.ok(lostSends <= 2, `${vendor}: lost-1 sent ${lostSends} times`);
        }
      }
    });

    it('the bundled CLI killed (SIGKILL) with requests in flight, then resume: no ID is ever sent twice', async () => {
      await ensureCliBuilt();
      const journal = await tempFile('journal.jsonl');
      const env = hostileEnv(fake, { USER_ERASURE_SETTINGS: JSON.stringify({ retryBaseDelayMs: 1, engagelabConcurrency: 2 }) });
      const ids = Array.from({ length: 12 }, (_, i) => `k-${i + 1}`);
      let answered = 0;
      // The first 4 deletions are answered; the next ones are held (received, never answered).
      fake.script(on('engagelab-delete', () => (answered++ < 4 ? undefined : { status: 200, hold: true })));
      const child = startCli(['delete', '--vendor', 'engagelab', '--ids', ids.join(','), '--yes', '--json', '--journal', journal], { env });
      for (let i = 0; i < 1000 && fake.received.length < 6; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      child.child.kill('SIGKILL');
      await child.done;
      const inFlight = fake.received.slice(4).map((r) => r.segment);
      assert.equal(inFlight.length, 2, 'two requests were in flight at the kill');
      fake.script(() => undefined);
      const resumed = await cli(['resume', '--journal', journal, '--yes', '--json'], env);
      const sent = fake.received.map((r) => r.segment);
      assert.equal(new Set(sent).size, sent.length, `an ID was sent twice: ${sent.join(' ')}`);
      assert.deepEqual(new Set(sent), new Set(ids), 'every ID was sent once');
      const outcomes = Object.fromEntries(resultsOf(resumed).map((r) => [r.id, r.outcome]));
      for (const id of inFlight) assert.equal(outcomes[id!], 'unknown', `${id} (in flight at the kill): ${resumed.stdout}${resumed.stderr}`);
      assert.notEqual(resumed.code, 0, 'IDs sent without an answer are reported: exit 1');
    });

    it('a body that stops mid-way (no reset) times out as unknown and is not sent again', async () => {
      const env = hostileEnv(fake, { USER_ERASURE_SETTINGS: JSON.stringify({ maxAttempts: 1, requestTimeoutMs: 1000 }) });
      const journal = await tempFile('journal.jsonl');
      fake.script(on('engagelab-delete', { ...json(200, { success: true }), stallAfterBytes: 4 }));
      const run = await erase(fake, 'engagelab', ['slow-1'], ['--journal', journal], env);
      assert.equal(run.results[0].outcome, 'unknown', run.stdout);
      await cli(['resume', '--journal', journal, '--yes', '--json'], env);
      assert.equal(fake.received.length, 1);
    });
  });
});

function assertNoDone(run: Run & { results: IdReport[] }, what: string): void {
  const shown = `${what}\nexit ${run.code}\n${run.stdout.slice(0, 1200)}\n${run.stderr.slice(0, 600)}`;
  assert.ok(run.results.length > 0, `no result: ${shown}`);
  for (const r of run.results) assert.ok(r.outcome !== 'done' && r.outcome !== 'not-found', `${r.id} ended "${r.outcome}" on: ${shown}`);
}
