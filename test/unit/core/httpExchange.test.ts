// One exchange of core/http against a real loopback server: what body is read (and where it is
// cut), when a request counts as timed out or aborted, and that nothing stays attached to the
// caller's signal once the exchange is over.
import assert from 'node:assert/strict';
import { getEventListeners, setMaxListeners } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { createHttpClient, HttpTransportError, type HttpClient } from '../../../src/core/http';
import { Redactor } from '../../../src/core/redact';
import { ACCOUNTS, testEngine } from '../helpers/engine';
import { ids } from '../helpers/jobs';

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

  it('decodes the same bytes the same way, announced or chunked: invalid UTF-8, a character split between packets', async () => {
    const bytes = Buffer.concat([Buffer.from('\ufeff{"status":"', 'utf8'), Buffer.from([0xff, 0xc3]), Buffer.from('é"}', 'utf8')]);
    const cut = bytes.indexOf(Buffer.from('é', 'utf8')) + 1; // between the two bytes of é
    for (const announce of [true, false]) {
      handler = (_req, res) => {
        res.writeHead(200, announce ? { 'content-length': String(bytes.length) } : {});
        res.write(bytes.subarray(0, cut), () => setTimeout(() => res.end(bytes.subarray(cut)), 20));
      };
      const answer = await client().send({ method: 'POST', url: `${base}/bytes`, headers: {}, body: '{}' });
      assert.equal(answer.bodyText, bytes.toString('utf8'), announce ? 'announced' : 'chunked');
      assert.equal(answer.bodyCapped, false);
    }
  });

  it("reports a timeout or the caller's abort while an announced body is still coming as such", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': '40' });
      res.write('{"status":"succ'); // and the rest never comes
    };
    const timedOut = await failure(client(300).send({ method: 'POST', url: `${base}/stall`, headers: {}, body: '{}' }));
    assert.deepEqual([timedOut.failure, timedOut.mayHaveReachedVendor], ['timeout', true]);
    const own = new AbortController();
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': '40' });
      res.write('{"status":"succ', () => own.abort());
    };
    const aborted = await failure(client().send({ method: 'POST', url: `${base}/stall`, headers: {}, body: '{}' }, own.signal));
    assert.deepEqual([aborted.failure, aborted.mayHaveReachedVendor], ['aborted', true]);
  });
});

describe('core/http: framing an answer cannot be read from', function () {
  this.timeout(20_000);
  let answer = '';
  let server: net.Server;
  let url: string;
  before(async () => {
    server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => socket.end(answer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('takes no answer, as one that may have reached the vendor, when the length is announced twice or with chunked', async () => {
    const success = '{"status":"success"}';
    const heads = [
      `content-length: ${success.length}\r\ntransfer-encoding: chunked`,
      `content-length: ${success.length}\r\ncontent-length: ${success.length}`,
      `content-length: ${success.length}, ${success.length}`,
      `content-length: +${success.length}`,
    ];
    const http1 = createHttpClient({ timeoutMs: 5_000, redactor: new Redactor() });
    for (const head of heads) {
      answer = `HTTP/1.1 200 OK\r\n${head}\r\n\r\n${success}`;
      try {
        const response = await http1.send({ method: 'POST', url, headers: {}, body: '{}' });
        assert.fail(`read as ${response.status} ${response.bodyText}: ${head}`);
      } catch (error) {
        assert.ok(error instanceof HttpTransportError, `${head}: ${String(error)}`);
        assert.deepEqual([error.failure, error.mayHaveReachedVendor], ['connection', true], head);
      }
    }
  });
});

describe('core/http under a real run: the shared abort signal', function () {
  this.timeout(20_000);
  it('dozens of requests in flight on one job signal raise no MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    // Answers are held until this many requests are in flight at once (EngageLab sends up to 128).
    const together = 24;
    let inFlight = 0;
    let mostInFlight = 0;
    const held: http.ServerResponse[] = [];
    const server = http.createServer((_req, res) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      res.on('finish', () => inFlight--);
      held.push(res);
      if (held.length === together) for (const r of held.splice(0)) r.end('{"success":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { engine, redactor } = testEngine();
      const http1 = createHttpClient({ timeoutMs: 10_000, redactor });
      engine.services.http = () => http1;
      engine.services.baseUrlOverride = () => base;
      const plan = await engine.plan({
        ids: ids(together * 2),
        choices: [{ account: ACCOUNTS.engagelab, options: { vendor: 'engagelab', idType: 'registration_id' } }],
        source: 'editor',
      });
      const handle = await engine.start(plan);
      await handle.done;
      await new Promise((resolve) => setImmediate(resolve)); // a warning is emitted on the next tick
      assert.equal(handle.job.counts().accepted, together * 2);
      assert.ok(mostInFlight > 10, `only ${mostInFlight} requests were in flight at once`);
      assert.deepEqual(warnings.map((w) => w.name).filter((name) => name === 'MaxListenersExceededWarning'), []);
    } finally {
      process.off('warning', onWarning);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
