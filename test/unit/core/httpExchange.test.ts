// One exchange of core/http against a real loopback server: what body is read (and where it is
// cut), when a request counts as timed out or aborted, and that nothing stays attached to the
// caller's signal once the exchange is over.
import assert from 'node:assert/strict';
import { getEventListeners, setMaxListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient, HttpTransportError, type HttpClient } from '../../../src/core/http';
import { Redactor } from '../../../src/core/redact';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

describe('core/http: one exchange', function () {
  this.timeout(20_000);
  let server: http.Server;
  let base: string;
  let handler: Handler = (_req, res) => res.end();
  before(async () => {
    server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const client = (timeoutMs = 5_000, maxBodyBytes = 64): HttpClient => createHttpClient({ timeoutMs, maxBodyBytes, redactor: new Redactor() });
  const failure = async (promise: Promise<unknown>): Promise<HttpTransportError> => {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof HttpTransportError, `not a transport error: ${String(error)}`);
      return error;
    }
    assert.fail('the request succeeded');
  };

  it('reads a body of announced length as sent, a leading byte-order mark included', async () => {
    handler = (_req, res) => {
      const body = Buffer.from('\ufeff{"status":"success"} é', 'utf8');
      res.writeHead(200, { 'content-length': String(body.length) });
      res.end(body);
    };
    const answer = await client().send({ method: 'POST', url: `${base}/x`, headers: {}, body: '{}' });
    assert.equal(answer.bodyText, '\ufeff{"status":"success"} é');
    assert.equal(answer.bodyCapped, false);
  });

  it('cuts a body longer than the cap, announced or chunked, and says so', async () => {
    for (const announce of [true, false]) {
      handler = (_req, res) => {
        const body = 'x'.repeat(200);
        res.writeHead(500, announce ? { 'content-length': '200' } : {});
        res.end(body);
      };
      const answer = await client().send({ method: 'GET', url: `${base}/big`, headers: {} });
      assert.equal(answer.bodyText, 'x'.repeat(64), announce ? 'announced' : 'chunked');
      assert.equal(answer.bodyCapped, true);
    }
  });

  it('fails, as a broken connection, an answer that ends before its announced length', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': '40' });
      res.write('{"status":"succ', () => res.socket?.destroy());
    };
    const error = await failure(client().send({ method: 'POST', url: `${base}/short`, headers: {}, body: '{}' }));
    assert.equal(error.failure, 'connection');
    assert.equal(error.mayHaveReachedVendor, true);
  });

  it('times out an answer that does not come, as one that may have reached the vendor', async () => {
    handler = () => undefined; // never answers
    const error = await failure(client(300).send({ method: 'POST', url: `${base}/slow`, headers: {}, body: '{}' }));
    assert.equal(error.failure, 'timeout');
    assert.equal(error.mayHaveReachedVendor, true);
  });

  it("reports the caller's own abort as aborted, already aborted or mid-request", async () => {
    handler = () => undefined;
    const before = new AbortController();
    before.abort();
    assert.equal((await failure(client().send({ method: 'GET', url: `${base}/a`, headers: {} }, before.signal))).failure, 'aborted');
    const during = new AbortController();
    setTimeout(() => during.abort(), 100);
    assert.equal((await failure(client().send({ method: 'GET', url: `${base}/b`, headers: {} }, during.signal))).failure, 'aborted');
  });

  it("leaves nothing on the caller's signal once an exchange is over, answered or failed", async () => {
    const own = new AbortController();
    // As the scheduler does for the signal all its calls share.
    setMaxListeners(0, own.signal);
    handler = (_req, res) => res.end('ok');
    const http1 = client();
    await Promise.all(Array.from({ length: 20 }, () => http1.send({ method: 'GET', url: `${base}/ok`, headers: {} }, own.signal)));
    handler = (req) => req.socket.destroy();
    await Promise.all(Array.from({ length: 5 }, () => failure(http1.send({ method: 'GET', url: `${base}/reset`, headers: {} }, own.signal))));
    assert.equal(getEventListeners(own.signal, 'abort').length, 0);
  });
});
