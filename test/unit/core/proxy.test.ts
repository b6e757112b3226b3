// Vendor requests through a real forward proxy on loopback: plain-HTTP forwarding, CONNECT tunnels,
// NO_PROXY, and proxies that refuse (407, nothing listening) — which must never read as "may have
// reached the vendor".
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HttpTransportError, createHttpClient, type HttpClient } from '../../../src/core/http';
import {
  ProxyConfigurationError,
  ProxyRouter,
  parseNoProxy,
  parseProxyUrl,
  proxySecrets,
  routesFromEditorSettings,
  type ProxyConfig,
} from '../../../src/core/proxy';
import { Redactor } from '../../../src/core/redact';
import { closedPort, startForwardProxy, startTlsFront, type ForwardProxy, type TlsFront } from '../../proxy/forwardProxy';

const BASE: ProxyConfig = { noProxy: [], strictSsl: true, httpsSource: 'HTTPS_PROXY', httpSource: 'HTTP_PROXY' };

describe('vendor requests through a forward proxy', () => {
  let vendor: http.Server;
  let vendorUrl: string;
  let received: string[];
  let proxy: ForwardProxy;
  let guarded: ForwardProxy;
  let front: TlsFront;
  const routers: ProxyRouter[] = [];

  before(async () => {
    vendor = http.createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.end(`answered ${req.url}`);
    });
    await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
    vendorUrl = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}`;
    proxy = await startForwardProxy();
    guarded = await startForwardProxy({ credentials: { user: 'agent', password: 'Pr0xy-S3cret' } });
    front = await startTlsFront(vendorUrl);
  });
  beforeEach(() => {
    received = [];
    proxy.reset();
    guarded.reset();
  });
  after(async () => {
    await Promise.all(routers.map((r) => r.close()));
    await Promise.all([proxy.close(), guarded.close(), front.close()]);
    vendor.closeAllConnections();
    await new Promise<void>((resolve) => vendor.close(() => resolve()));
  });

  function client(config: Partial<ProxyConfig>, redactor = new Redactor()): HttpClient {
    const router = new ProxyRouter({ ...BASE, ...config });
    routers.push(router);
    return createHttpClient({ routes: router, timeoutMs: 5_000, redactor });
  }

  async function refusal(send: Promise<unknown>): Promise<HttpTransportError> {
    const error = await send.then(
      () => assert.fail('the request succeeded'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof HttpTransportError, String(error));
    return error;
  }

  it('forwards plain-HTTP requests in absolute-URI form (HTTP_PROXY)', async () => {
    const response = await client({ httpProxy: proxy.url }).send({ method: 'POST', url: `${vendorUrl}/v4/devices/abc?x=1`, headers: {}, body: '{}' });
    assert.equal(response.status, 200);
    assert.equal(response.bodyText, 'answered /v4/devices/abc?x=1');
    assert.deepEqual(
      proxy.requests().map((r) => [r.kind, r.method, r.target, r.status]),
      [['forward', 'POST', `${vendorUrl}/v4/devices/abc?x=1`, 200]],
    );
  });

  it('tunnels HTTPS requests with CONNECT (HTTPS_PROXY), the vendor certificate checked unless strictSsl is off', async () => {
    const response = await client({ httpsProxy: proxy.url, strictSsl: false }).send({ method: 'GET', url: `${front.url}/status`, headers: {} });
    assert.equal(response.bodyText, 'answered /status');
    assert.deepEqual(proxy.requests().map((r) => [r.kind, r.target, r.status]), [['connect', new URL(front.url).host, 200]]);

    // Strict: the test certificate is not trusted by this process, and that is a refusal before sending.
    const error = await refusal(client({ httpsProxy: proxy.url }).send({ method: 'DELETE', url: `${front.url}/v4/devices/x`, headers: {} }));
    assert.equal(error.mayHaveReachedVendor, false);
    assert.match(error.message, /certificate was not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\) through the proxy http:\/\/127\.0\.0\.1:\d+/);
    assert.deepEqual(received, ['GET /status']);
  });

  it('one proxy variable serves both schemes', async () => {
    await client({ httpsProxy: proxy.url }).send({ method: 'GET', url: `${vendorUrl}/a`, headers: {} });
    await client({ httpProxy: proxy.url, strictSsl: false }).send({ method: 'GET', url: `${front.url}/b`, headers: {} });
    assert.deepEqual(proxy.requests().map((r) => r.kind), ['forward', 'connect']);
  });

  it('NO_PROXY entries that name the host (with or without its port) go direct; others still use the proxy', async () => {
    const port = new URL(vendorUrl).port;
    for (const noProxy of ['127.0.0.1', `127.0.0.1:${port}`, 'example.com, 127.0.0.1', '*']) {
      await client({ httpProxy: proxy.url, noProxy: [noProxy] }).send({ method: 'GET', url: `${vendorUrl}/direct`, headers: {} });
    }
    assert.deepEqual(proxy.requests(), [], 'nothing went through the proxy');
    for (const noProxy of ['localhost', '127.0.0.1:1', 'example.com', '']) {
      await client({ httpProxy: proxy.url, noProxy: [noProxy] }).send({ method: 'GET', url: `${vendorUrl}/proxied`, headers: {} });
    }
    assert.equal(proxy.requests().length, 4);
    assert.equal(received.length, 8);
  });

  it('sends the credentials of the proxy URL as Proxy-Authorization', async () => {
    const url = guarded.url.replace('//', '//agent:Pr0xy-S3cret@');
    const response = await client({ httpProxy: url }).send({ method: 'GET', url: `${vendorUrl}/ok`, headers: {} });
    assert.equal(response.status, 200);
    assert.equal(guarded.requests()[0].proxyAuthorization, `Basic ${Buffer.from('agent:Pr0xy-S3cret').toString('base64')}`);
  });

  for (const scheme of ['http', 'https'] as const) {
    it(`a 407 from the proxy (${scheme === 'http' ? 'forwarding' : 'CONNECT'}) names the proxy, credentials hidden, and nothing reached the vendor`, async () => {
      const url = guarded.url.replace('//', '//agent:wrong-Pr0xy-pass@');
      const redactor = new Redactor();
      redactor.addSecret(...proxySecrets({ httpProxy: url }));
      const target = scheme === 'http' ? `${vendorUrl}/v4/devices/x` : `${front.url}/v4/devices/x`;
      const error = await refusal(client({ httpProxy: url, strictSsl: false }, redactor).send({ method: 'DELETE', url: target, headers: {} }));
      assert.equal(error.mayHaveReachedVendor, false);
      assert.match(error.message, /^the proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+ refused .*407 Proxy Authentication Required/);
      assert.doesNotMatch(error.message, /wrong-Pr0xy-pass|agent/);
      assert.equal(guarded.requests()[0].status, 407);
      assert.deepEqual(received, []);
    });
  }

  it("the editor's settings: http.proxy with http.noProxy; proxySupport \"off\" and an empty proxy go direct", async () => {
    const editor = (settings: Partial<Parameters<typeof routesFromEditorSettings>[0]>) => routesFromEditorSettings({ proxy: '', strictSsl: true, noProxy: [], ...settings });
    const through = editor({ proxy: proxy.url });
    assert.ok(through instanceof ProxyRouter);
    routers.push(through);
    await createHttpClient({ routes: through, timeoutMs: 5_000, redactor: new Redactor() }).send({ method: 'GET', url: `${vendorUrl}/e`, headers: {} });
    assert.equal(proxy.requests().length, 1);
    const bypassed = editor({ proxy: proxy.url, noProxy: ['127.0.0.1'] })!;
    routers.push(bypassed as ProxyRouter);
    assert.equal(bypassed.route(`${vendorUrl}/x`).proxy, undefined);
    assert.equal(editor({ proxy: proxy.url, support: 'off' }), undefined);
    assert.equal(editor({ proxy: '  ' }), undefined);
  });

  it('an http.proxy that cannot be used: every request refused before sending, naming the setting, never its value', async () => {
    const routes = routesFromEditorSettings({ proxy: 'http://agent:Pr0xy-S3cret@', strictSsl: true, noProxy: [] });
    const error = await refusal(createHttpClient({ routes, timeoutMs: 5_000, redactor: new Redactor() }).send({ method: 'DELETE', url: `${vendorUrl}/v4/devices/x`, headers: {} }));
    assert.equal(error.failure, 'refused');
    assert.equal(error.mayHaveReachedVendor, false);
    assert.match(error.message, /^the setting http\.proxy is not a valid proxy URL .*: nothing was sent$/);
    assert.doesNotMatch(error.message, /Pr0xy|agent/);
    assert.deepEqual(received, []);
  });

  it('a proxy that is not listening: a clear message naming it, nothing reached the vendor', async () => {
    const port = await closedPort();
    for (const target of [`${vendorUrl}/a`, `${front.url}/b`]) {
      const error = await refusal(client({ httpProxy: `http://127.0.0.1:${port}`, strictSsl: false }).send({ method: 'DELETE', url: target, headers: {} }));
      assert.equal(error.mayHaveReachedVendor, false);
      assert.equal(error.message, `the proxy http://127.0.0.1:${port} could not be reached (ECONNREFUSED): nothing reached the vendor`);
    }
    assert.deepEqual(received, []);
  });

  it('a proxy that closes the connection on CONNECT: one attempt, ended (not retried forever past the timeout), nothing reached the vendor', async () => {
    let connects = 0;
    const closing = http.createServer();
    closing.on('connect', (_req, socket) => {
      connects++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
    try {
      const at = `http://127.0.0.1:${(closing.address() as AddressInfo).port}`;
      const error = await refusal(client({ httpsProxy: at }).send({ method: 'DELETE', url: `${front.url}/c`, headers: {} }));
      assert.equal(error.mayHaveReachedVendor, false);
      assert.equal(error.message, `the proxy ${at} closed the connection before opening a tunnel to the vendor (UND_ERR_SOCKET): nothing reached the vendor`);
      assert.equal(connects, 1);
      assert.deepEqual(received, []);
    } finally {
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    }
  });

  it('a proxy that never answers CONNECT: ended after the tunnel wait, nothing reached the vendor', async () => {
    const silent = http.createServer();
    const held: Socket[] = [];
    silent.on('connect', (_req, socket: Socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const at = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const error = await refusal(client({ httpsProxy: at, tunnelAnswerMs: 300 }).send({ method: 'DELETE', url: `${front.url}/d`, headers: {} }));
      assert.equal(error.mayHaveReachedVendor, false);
      assert.equal(error.message, `the proxy ${at} did not answer the tunnel request (CONNECT) within 0.3 s: nothing reached the vendor`);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('requests refused locally by undici', () => {
  let vendor: http.Server;
  let vendorUrl: string;
  let arrived = 0;
  before(async () => {
    vendor = http.createServer((_req, res) => {
      arrived++;
      res.end();
    });
    await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
    vendorUrl = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}`;
  });
  after(async () => {
    vendor.closeAllConnections();
    await new Promise<void>((resolve) => vendor.close(() => resolve()));
  });

  for (const [what, value] of [
    ['a zero-width space', 'PASS\u200bCODE-secret'],
    ['a line break', 'PASSCODE-secret\r\nX-Injected: 1'],
    ['a character beyond Latin-1', 'PASSCODE-secret-\u2603'],
  ]) {
    it(`a header value with ${what} is not sent, said so, and the value is not shown`, async () => {
      const redactor = new Redactor();
      redactor.addSecret(value);
      const client = createHttpClient({ timeoutMs: 5_000, redactor });
      const error = await client.send({ method: 'POST', url: `${vendorUrl}/1/delete`, headers: { 'X-CleverTap-Passcode': value } }).then(
        () => assert.fail('sent'),
        (e: unknown) => e as HttpTransportError,
      );
      assert.ok(error instanceof HttpTransportError);
      assert.equal(error.failure, 'refused');
      assert.equal(error.mayHaveReachedVendor, false);
      assert.match(error.message, /^refused locally before sending \(invalid x-clevertap-passcode header\): nothing was sent$/i);
      assert.equal(arrived, 0);
    });
  }
});

describe('proxy settings', () => {
  it('reads proxy URLs as curl does, and refuses what cannot be used without echoing it', () => {
    assert.equal(parseProxyUrl('proxy.corp:3128', 'HTTPS_PROXY').href, 'http://proxy.corp:3128/');
    assert.equal(parseProxyUrl(' https://u:p@proxy.corp ', 'HTTPS_PROXY').host, 'proxy.corp');
    for (const bad of ['http://', 'http://user:pa ss@[bad', 'socks5://127.0.0.1:1080', '://x', 'http://p@ss:w0rd-secret@:80']) {
      assert.throws(
        () => parseProxyUrl(bad, 'HTTPS_PROXY'),
        (error: Error) => error instanceof ProxyConfigurationError && /^HTTPS_PROXY/.test(error.message) && !error.message.includes('secret'),
        bad,
      );
    }
    assert.throws(() => new ProxyRouter({ ...BASE, httpProxy: 'http://[::1' }), ProxyConfigurationError);
  });

  it('NO_PROXY: hosts, subdomains, ports, IPv6, wildcard', () => {
    const bypass = (entries: string, url: string) => parseNoProxy([entries]).some((rule) => rule.matches(new URL(url)));
    assert.ok(bypass('corp.example', 'https://api.corp.example/x'));
    assert.ok(bypass('.corp.example', 'https://corp.example/x'));
    assert.ok(bypass('*.corp.example', 'https://a.b.corp.example/x'));
    assert.ok(!bypass('corp.example', 'https://notcorp.example/x'));
    assert.ok(bypass('api.clevertap.com:443', 'https://api.clevertap.com/1/delete'));
    assert.ok(!bypass('api.clevertap.com:8443', 'https://api.clevertap.com/1/delete'));
    assert.ok(bypass('[::1]:8080', 'http://[::1]:8080/'));
    assert.ok(bypass('::1', 'http://[::1]:8080/'));
    assert.ok(bypass('a.test b.test,LOCALHOST', 'http://localhost:1/'));
    assert.ok(bypass('*', 'https://anything.example/'));
    assert.ok(!bypass('', 'http://127.0.0.1:1/'), 'loopback is proxied unless named');
  });

  it('proxy credentials are secrets for the redactor (as typed, decoded and as sent)', () => {
    const secrets = proxySecrets({ httpsProxy: 'http://agent:p%40ss-w0rd@proxy:3128', httpProxy: 'agent2:other-pass@proxy:8080' });
    assert.ok(secrets.includes('p%40ss-w0rd'));
    assert.ok(secrets.includes('p@ss-w0rd'));
    assert.ok(secrets.includes('other-pass'));
    assert.ok(secrets.includes(Buffer.from('agent:p@ss-w0rd').toString('base64')));
  });
});
