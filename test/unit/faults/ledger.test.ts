// The race behind the fault run's old flake, made deterministic over real HTTP: a proxy in front
// of the EngageLab fake holds the first request's bytes until the client has given up on it (its
// timeout), then delivers them. The fake deletes the device and answers a complete 200 within a
// millisecond, to nobody. What the product does then is truthful (retry, "not found" explained by
// the unanswered attempt; or "accepted" when the retry overtakes the held request), and the
// ledger judges each attempt by what the client got, not by the fake's log alone.
import assert from 'node:assert/strict';
import net from 'node:net';
import type { Sleep } from '../../../src/core/limits';
import type { RetryPolicy } from '../../../src/core/retry';
import { startFakeVendors, type FakeVendors, type RecordedRequest } from '../../fakes';
import { engineOnFakes } from './engineOnFakes';
import { attemptsById, ClientAttemptLog, contradictions } from './ledger';

const ID = 'rid-user-1';
const RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 20 };
const answered = (r: RecordedRequest) => r.kind === 'delete' && r.respondedAt !== undefined;

/**
 * A TCP proxy that holds everything the first connection sends until `release` says so, then
 * delivers it to the target even if the client has gone (as the network does with a request
 * already on its way). Later connections pass straight through.
 */
class HoldingProxy {
  url = '';
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private connections = 0;

  constructor(target: URL, release: (client: net.Socket) => Promise<void>) {
    this.server = net.createServer((client) => {
      this.track(client);
      client.on('error', () => undefined);
      if (++this.connections > 1) {
        const upstream = this.track(net.connect(Number(target.port), target.hostname));
        upstream.on('error', () => client.destroy());
        client.pipe(upstream).pipe(client);
        return;
      }
      const held: Buffer[] = [];
      client.on('data', (chunk: Buffer) => held.push(chunk));
      void release(client).then(() => {
        const upstream = this.track(net.connect(Number(target.port), target.hostname, () => upstream.write(Buffer.concat(held))));
        upstream.on('error', () => undefined);
        upstream.on('data', (answer) => {
          if (!client.destroyed) client.write(answer);
        });
      });
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: net.Socket): net.Socket {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  }
}

const closed = (socket: net.Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

describe('fault ledger: a request that reaches the vendor after the client gave up on it', function () {
  this.timeout(20_000);
  let fakes: FakeVendors;
  let proxy: HoldingProxy | undefined;
  let client: ClientAttemptLog | undefined;

  before(async () => {
    fakes = await startFakeVendors();
  });
  beforeEach(() => fakes.reset());
  afterEach(async () => {
    await proxy?.close();
    await client?.close();
  });
  after(async () => {
    await fakes?.close();
  });

  async function deleteThroughProxy(release: (socket: net.Socket) => Promise<void>, sleep?: Sleep) {
    proxy = await new HoldingProxy(new URL(fakes.urls.engagelab), release).listen();
    client = new ClientAttemptLog();
    const { engine, choice } = engineOnFakes({
      urls: { ...fakes.urls, engagelab: proxy.url },
      timeoutMs: 200,
      retryPolicy: RETRY,
      dispatcher: client.dispatcher,
      ...(sleep ? { sleep } : {}),
    });
    const plan = await engine.plan({ ids: [ID], choices: [choice({ vendor: 'engagelab', idType: 'registration_id' })], source: 'cli' });
    const handle = await engine.start(plan);
    await handle.done;
    await fakes.engagelab.waitForRequests(2, answered);
    const requests = fakes.engagelab.requests().filter((r) => r.kind === 'delete');
    return { result: handle.job.targets[0].resultAt(0)!, requests, attempts: attemptsById(client, requests, () => true).get(ID) ?? [] };
  }

  it('answered before the retry: the retry finds the device gone, reported "not found" with the unanswered attempt named', async () => {
    // The backoff ends only once the fake has answered the held request, so it is answered first.
    const sleep: Sleep = () => fakes.engagelab.waitForRequests(1, answered);
    const { result, requests, attempts } = await deleteThroughProxy(closed, sleep);

    // The fake's log alone reads as "a complete 200, then sent again".
    assert.deepEqual(requests.map((r) => [r.status, r.applied]), [[200, true], [404, false]]);
    // The client never read that 200: its first attempt timed out.
    assert.deepEqual(attempts.map((a) => [a.n, a.answer, a.fakeAnswer, a.applied]), [[1, 'none', 'ok', true], [2, 'error', 'error', false]]);
    assert.equal(result.outcome, 'not-found');
    assert.match(result.message ?? '', /an earlier attempt got no answer and may have deleted it/);
    assert.deepEqual(contradictions(client!, requests), []);
  });

  it('overtaken by its retry: the retry is accepted, the late request finds the device gone', async () => {
    const retryAnswered = () => fakes.engagelab.waitForRequests(1, answered);
    const { result, requests, attempts } = await deleteThroughProxy(retryAnswered);

    // In the fake's arrival order the 200 comes first and the job's last request got a 404...
    assert.deepEqual(requests.map((r) => [r.status, r.applied]), [[200, true], [404, false]]);
    // ...in the client's order the first attempt got nothing and the retry got the 200.
    assert.deepEqual(attempts.map((a) => [a.n, a.answer, a.fakeAnswer, a.applied]), [[1, 'none', 'error', false], [2, 'ok', 'ok', true]]);
    assert.equal(result.outcome, 'accepted');
    assert.deepEqual(contradictions(client!, requests), []);
  });
});
