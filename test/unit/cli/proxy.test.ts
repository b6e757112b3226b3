// The CLI behind a proxy: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) for every vendor request,
// loopback endpoints included, through a real forward proxy on loopback that records what passes.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { FakeVendors } from '../../fakes';
import { LOOPBACK_CERT_FILE, closedPort, startForwardProxy, startTlsFront, type ForwardProxy } from '../../proxy/forwardProxy';
import { CANARY, assertNoSecrets, deletions, parseJson, runCli, useCliSuite } from './harness';

interface JsonResult {
  id: string;
  outcome: string;
  message: string | null;
}

const PROXY_PASSWORD = 'CANARY-proxy-pass-6Tq3';

describe('CLI: behind a proxy', () => {
  let fakes: FakeVendors;
  let env: Record<string, string>;
  let dir: string;
  let proxy: ForwardProxy;
  let guarded: ForwardProxy;
  let n = 0;

  useCliSuite((suite) => ({ fakes, env, dir } = suite));
  before(async () => {
    proxy = await startForwardProxy();
    guarded = await startForwardProxy({ credentials: { user: 'agent', password: PROXY_PASSWORD } });
  });
  beforeEach(() => {
    proxy.reset();
    guarded.reset();
  });
  after(async () => {
    await proxy.close();
    await guarded.close();
  });

  const results = (stdout: string) => (parseJson({ stdout } as never) as { results: JsonResult[] }).results;
  const journal = () => path.join(dir, `proxy-${++n}.jsonl`);

  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) {
    it(`${name} carries every vendor request, loopback test endpoints included`, async () => {
      const run = await runCli(['delete', '--vendor', 'clevertap', '--ids', 'user-1,user-2', '--yes', '--json'], { env: { ...env, [name]: proxy.url } });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(results(run.stdout).map((r) => r.outcome), ['accepted', 'accepted']);
      const through = proxy.requests();
      assert.ok(through.length > 0 && through.every((r) => r.kind === 'forward' && r.target.startsWith(`${fakes.urls.clevertap}/`)));
      assert.equal(through.length, fakes.requests().length, 'every request the vendor saw came through the proxy');
    });
  }

  it('NO_PROXY naming the loopback host sends directly', async () => {
    for (const noProxy of [{ NO_PROXY: '127.0.0.1' }, { no_proxy: 'example.com,127.0.0.1' }] as Record<string, string>[]) {
      const run = await runCli(['delete', '--vendor', 'cooladata', '--ids', 'user-3', '--yes'], { env: { ...env, HTTPS_PROXY: proxy.url, ...noProxy } });
      assert.equal(run.code, 0, run.stderr);
    }
    assert.deepEqual(proxy.requests(), []);
    assert.equal(deletions(fakes).length, 2);
  });

  it('HTTPS through a CONNECT tunnel, the vendor certificate verified (NODE_EXTRA_CA_CERTS)', async () => {
    const front = await startTlsFront(fakes.urls.cooladata);
    try {
      const tlsEnv = { ...env, HTTPS_PROXY: proxy.url, USER_ERASURE_COOLADATA_BASE_URL: front.url, NODE_EXTRA_CA_CERTS: LOOPBACK_CERT_FILE };
      const run = await runCli(['delete', '--vendor', 'cooladata', '--ids', 'user-4', '--yes', '--json'], { env: tlsEnv });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(results(run.stdout).map((r) => r.outcome), ['accepted']);
      assert.deepEqual(proxy.requests().map((r) => [r.kind, r.target, r.status]), [['connect', new URL(front.url).host, 200]]);
    } finally {
      await front.close();
    }
  });

  it('a proxy answering 407: the IDs end "not sent" naming the proxy (credentials hidden), nothing reaches the vendor, resume sends them', async () => {
    const file = journal();
    const wrong = guarded.url.replace('//', `//agent:${PROXY_PASSWORD}-wrong@`);
    const run = await runCli(['delete', '--vendor', 'clevertap', '--ids', 'user-5,user-6', '--yes', '--json', '--journal', file], { env: { ...env, HTTPS_PROXY: wrong } });
    assert.equal(run.code, 1, run.stderr);
    for (const r of results(run.stdout)) {
      assert.equal(r.outcome, 'cancelled');
      assert.match(r.message ?? '', /^not sent: the proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+ refused the request: 407 Proxy Authentication Required/);
    }
    assert.ok(guarded.requests().every((r) => r.status === 407));
    assert.deepEqual(fakes.requests(), []);
    assertNoSecrets(run, [PROXY_PASSWORD, 'agent:']);

    const right = guarded.url.replace('//', `//agent:${PROXY_PASSWORD}@`);
    const resumed = await runCli(['resume', '--journal', file, '--yes', '--json'], { env: { ...env, HTTPS_PROXY: right } });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(results(resumed.stdout).map((r) => [r.id, r.outcome]), [['user-5', 'accepted'], ['user-6', 'accepted']]);
    assert.equal(deletions(fakes).length, 1);
    assertNoSecrets(resumed, [PROXY_PASSWORD]);
  });

  it('a proxy that refuses the connection: "not sent" naming it, nothing reaches the vendor', async () => {
    const port = await closedPort();
    const run = await runCli(['delete', '--vendor', 'engagelab', '--ids', 'rid-1', '--yes', '--json'], { env: { ...env, http_proxy: `127.0.0.1:${port}` } });
    assert.equal(run.code, 1, run.stderr);
    const [result] = results(run.stdout);
    assert.equal(result.outcome, 'cancelled');
    assert.equal(result.message, `not sent: the proxy http://127.0.0.1:${port} could not be reached (ECONNREFUSED): nothing reached the vendor`);
    assert.deepEqual(fakes.requests(), []);
  });

  it('an invalid proxy URL is a configuration error: exit 2, nothing sent, the value never echoed', async () => {
    for (const bad of [`http://agent:${PROXY_PASSWORD}@[::1`, 'socks5://127.0.0.1:1080', 'http://']) {
      const run = await runCli(['delete', '--vendor', 'batch', '--ids', 'user-7', '--yes'], { env: { ...env, HTTPS_PROXY: bad } });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /HTTPS_PROXY/);
      assertNoSecrets(run, [PROXY_PASSWORD]);
    }
    assert.deepEqual(fakes.requests(), []);
  });
});

describe('CLI: credentials no request can carry', () => {
  let fakes: FakeVendors;
  let env: Record<string, string>;
  useCliSuite((suite) => ({ fakes, env } = suite));

  for (const [name, value, vendor] of [
    ['CLEVERTAP_PASSCODE', `${CANARY.clevertapPasscode}\u200b`, 'clevertap'],
    ['CLEVERTAP_ACCOUNT_ID', `${CANARY.clevertapAccount}\u00a0X`, 'clevertap'],
    ['COOLADATA_API_TOKEN', `CANARY-cd\r\nX-Injected: 1`, 'cooladata'],
    ['BATCH_REST_API_KEY', `CANARY-batch\u2060rest`, 'batch'],
    ['BATCH_API_KEYS', `android=CANARY\u200bANDROIDKEY9x`, 'batch'],
    ['ENGAGELAB_MASTER_SECRET', `CANARY-el master`, 'engagelab'],
  ] as const) {
    it(`${name} with an invisible, control or space character: exit 2, named, never shown, nothing sent`, async () => {
      const run = await runCli(['delete', '--vendor', vendor, '--ids', 'user-1', '--yes'], { env: { ...env, [name]: value } });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, new RegExp(`${name}( entry 1: the key)? contains a (character outside ASCII|control character|space)`));
      assertNoSecrets(run, [value, value.slice(0, 12)]);
      assert.deepEqual(fakes.requests(), []);
    });
  }
});
