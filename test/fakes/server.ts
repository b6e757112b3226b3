import http from 'node:http';
import type { Socket } from 'node:net';
import { seededRandom } from './clock';
import { FaultController, faultApplies, type ResolvedFault } from './faults';
import { decodePath, emptyReply, htmlPage, parseJson, type JsonParse } from './http-util';
import { RequestLog } from './log';
import { Gate, TimerSet } from './timers';
import type { CommonFakeOptions, RecordedRequest, Reply, RequestKind, VendorName } from './types';

/** What a vendor fake sees of one request, body already read. */
export interface RequestContext {
  method: string;
  path: string;
  rawPath: string;
  query: Record<string, string>;
  searchParams: URLSearchParams;
  headers: Record<string, string>;
  bodyText: string;
  /** `bodyText` parsed once on arrival (the log keeps it too): a 10,000-ID body is not parsed twice. */
  json: JsonParse;
}

export interface Outcome {
  reply: Reply;
  /** The deletion was performed on the fake's state. */
  applied: boolean;
}

/**
 * A vendor's decision about a request, taken on arrival (auth, validation, limits).
 * Either `reply` (answer without touching state) or `commit` (run after latency, may change state).
 */
export interface Prepared {
  kind: RequestKind;
  ids?: string[];
  account?: string;
  overLimit?: boolean;
  reply?: Reply;
  commit?: () => Outcome;
  /** Frees a concurrency slot; called once the request is answered or dropped. */
  release?: () => void;
}

export interface FakeServerInit extends CommonFakeOptions {
  /** Shared log (startFakeVendors passes one so `seq` is global). */
  log?: RequestLog;
}

/** Knobs that can be changed while a fake runs. */
export interface RuntimeSettings {
  latencyMs: number;
  jitterMs: number;
  completionDelayMs: number;
}

const DEFAULT_MAX_BODY = 8 * 1024 * 1024;

/**
 * Shared HTTP machinery of the fake vendors: loopback server, request recording, latency,
 * fault injection, a gate to hold answers, and a close() that leaves no socket or timer behind.
 * A vendor subclass only implements `route` (decide), `errorReply` (its error shape) and
 * `resetState` (back to the seed).
 */
export abstract class FakeVendorServer {
  abstract readonly vendor: VendorName;
  readonly faults = new FaultController();
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). Set once listening. */
  url = '';
  protected readonly clock: () => number;
  protected readonly settings: RuntimeSettings;
  private readonly log: RequestLog;
  private readonly ownsLog: boolean;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new TimerSet();
  private readonly gate = new Gate();
  private readonly jitter: () => number;
  private readonly maxBodyBytes: number;
  private readonly keepBodies: boolean;
  private readonly host: string;
  private readonly port: number;
  private active = 0;
  private closing?: Promise<void>;

  protected constructor(init: FakeServerInit) {
    this.clock = init.now ?? Date.now;
    this.settings = {
      latencyMs: init.latencyMs ?? 0,
      jitterMs: init.jitterMs ?? 0,
      completionDelayMs: init.completionDelayMs ?? 0,
    };
    this.log = init.log ?? new RequestLog();
    this.ownsLog = init.log === undefined;
    this.jitter = seededRandom(init.seed ?? 1);
    this.maxBodyBytes = init.maxBodyBytes ?? DEFAULT_MAX_BODY;
    this.keepBodies = init.keepBodies ?? true;
    this.host = init.host ?? '127.0.0.1';
    this.port = init.port ?? 0;
    this.server = http.createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Decide what to do with a request (called on arrival). */
  protected abstract route(ctx: RequestContext): Prepared;
  /** The vendor's own error body for a status (used by route and by injected faults). */
  protected abstract errorReply(status: number, message: string): Reply;
  /** Put the vendor state back to the seed. */
  protected abstract resetState(): void;

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const addr = this.server.address();
    if (addr === null || typeof addr === 'string') throw new Error('fake server has no TCP address');
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    this.url = `http://${host}:${addr.port}`;
    return this;
  }

  /** This vendor's recorded requests, in arrival order (copies). */
  requests(): RecordedRequest[] {
    return this.log.all(this.vendor);
  }

  /** IDs of every request whose deletion was applied, one entry per application. */
  appliedIds(): string[] {
    return this.requests().filter((r) => r.applied).flatMap((r) => r.ids);
  }

  /** Resolves once `count` of this vendor's requests match `filter` (event-driven, no timers). */
  waitForRequests(count: number, filter: (r: RecordedRequest) => boolean = () => true): Promise<void> {
    return this.log.waitFor(count, (r) => r.vendor === this.vendor && filter(r));
  }

  /** Hold every answer until resume() (requests are still received, recorded and limited). */
  pause(): void {
    this.gate.close();
  }

  resume(): void {
    this.gate.open();
  }

  /** Requests received and not yet answered or dropped. */
  get inFlight(): number {
    return this.active;
  }

  /** Change latency / completion delay while running. */
  configureTiming(p: Partial<RuntimeSettings>): void {
    for (const key of ['latencyMs', 'jitterMs', 'completionDelayMs'] as const) {
      const v = p[key];
      if (v !== undefined) this.settings[key] = v;
    }
  }

  /** Clear this vendor's log entries and faults, and put its state back to the seed. */
  reset(): void {
    this.faults.clear();
    this.log.clear(this.vendor);
    this.resetState();
  }

  /** Close the server, destroy open sockets and cancel every pending delay. Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = new Promise<void>((resolve) => {
      this.timers.cancelAll();
      this.gate.shutdown();
      if (this.ownsLog) this.log.rejectWaiters('fake closed');
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  /** Deletion accepted at `acceptedAt` is complete now? */
  protected isComplete(acceptedAt: number): boolean {
    return this.clock() >= acceptedAt + this.settings.completionDelayMs;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const socket = req.socket;
    const arrived = performance.now();
    const receivedAt = this.clock();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    const searchParams = new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : '');
    const query: Record<string, string> = {};
    for (const [k, v] of searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    let body: { text: string; tooLarge: boolean };
    try {
      body = await readBody(req, this.maxBodyBytes);
    } catch {
      return; // client went away mid-body
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const path = decodePath(rawPath);
    const parsed = parseJson(body.text);
    const rec = this.log.add({
      vendor: this.vendor,
      receivedAt,
      clientPort: socket.remotePort,
      method,
      path,
      rawPath,
      query,
      headers,
      bodyText: this.keepBodies ? body.text : '',
      ...(parsed.ok && this.keepBodies ? { json: parsed.value } : {}),
      ids: [],
      kind: 'other',
      status: 0,
      applied: false,
      overLimit: false,
    });
    this.active++;

    let prepared: Prepared;
    if (body.tooLarge) {
      prepared = { kind: 'other', reply: this.errorReply(413, 'request body too large') };
    } else {
      try {
        prepared = this.route({ method, path, rawPath, query, searchParams, headers, bodyText: body.text, json: parsed });
      } catch (e) {
        prepared = { kind: 'other', reply: this.errorReply(500, `fake server error: ${(e as Error).message}`) };
      }
    }
    rec.kind = prepared.kind;
    rec.ids = prepared.ids ?? [];
    if (prepared.account !== undefined) rec.account = prepared.account;
    rec.overLimit = prepared.overLimit ?? false;
    const fault = this.faults.take({ method, path, kind: prepared.kind, account: prepared.account });
    if (fault) rec.fault = fault.fault;
    this.log.changed();

    try {
      await this.respond(rec, prepared, fault, socket, res, arrived);
    } finally {
      this.active--;
      prepared.release?.();
      rec.respondedAt = this.clock();
      rec.servedMs = performance.now() - arrived;
      this.log.changed();
    }
  }

  private async respond(
    rec: RecordedRequest,
    prepared: Prepared,
    fault: ResolvedFault | undefined,
    socket: Socket,
    res: http.ServerResponse,
    arrived: number,
  ): Promise<void> {
    const perform = (): Outcome => {
      const out = prepared.commit ? prepared.commit() : { reply: prepared.reply ?? emptyReply(500), applied: false };
      rec.applied = out.applied;
      return out;
    };
    if (!(await this.gate.pass())) return drop(rec, socket, false);
    if (fault?.fault === 'reset-before') return drop(rec, socket, true);
    const latency = this.settings.latencyMs + (this.settings.jitterMs > 0 ? this.jitter() * this.settings.jitterMs : 0);
    // The latency is the vendor's time from arrival to answer: reading and routing the body is part
    // of it, not added to it (a 10,000-ID body takes the fake a few ms of its own); never less.
    if (latency > 0 && !(await this.timers.sleepUntil(arrived + latency))) return drop(rec, socket, false);
    if (!fault) return send(rec, res, perform().reply);

    switch (fault.fault) {
      case 'slow':
        if (!(await this.timers.sleep(fault.delayMs ?? 1000))) return drop(rec, socket, false);
        return send(rec, res, perform().reply);
      case '429':
      case '500':
      case '503': {
        if (faultApplies(fault)) perform();
        const status = Number(fault.fault);
        const reply = this.errorReply(status, FAULT_MESSAGES[status]);
        if (status === 429 && fault.retryAfter !== undefined) {
          reply.headers = { ...reply.headers, 'retry-after': String(fault.retryAfter) };
        }
        return send(rec, res, reply);
      }
      case 'empty':
        if (faultApplies(fault)) perform();
        return send(rec, res, emptyReply(fault.status ?? 502));
      case 'html': {
        if (faultApplies(fault)) perform();
        const status = fault.status ?? 502;
        return send(rec, res, { status, headers: { 'content-type': 'text/html' }, body: htmlPage(status) });
      }
      case 'truncated': {
        const reply = faultApplies(fault) ? perform().reply : this.errorReply(500, FAULT_MESSAGES[500]);
        return sendTruncated(rec, res, socket, reply);
      }
      case 'reset-after':
        perform();
        return drop(rec, socket, true);
      case 'timeout':
      case 'timeout-after':
        if (fault.fault === 'timeout-after') perform();
        await this.timers.sleep(fault.holdMs ?? 60_000, socket);
        return drop(rec, socket, false);
    }
  }
}

const FAULT_MESSAGES: Record<number, string> = {
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

function send(rec: RecordedRequest, res: http.ServerResponse, reply: Reply): void {
  rec.status = reply.status;
  const body = reply.body ?? '';
  if (res.destroyed || res.headersSent) return;
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Headers announce more bytes than are sent, then the socket ends. */
function sendTruncated(rec: RecordedRequest, res: http.ServerResponse, socket: Socket, reply: Reply): void {
  rec.status = reply.status;
  const full = Buffer.from(reply.body && reply.body.length >= 2 ? reply.body : '{"status":"success","fake":"truncated"}');
  const partial = full.subarray(0, Math.max(1, Math.floor(full.length / 2)));
  if (res.destroyed || res.headersSent) return;
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    ...reply.headers,
    'content-length': String(full.length + 64),
  });
  res.write(partial, () => socket.end());
}

function drop(rec: RecordedRequest, socket: Socket, reset: boolean): void {
  rec.status = 0;
  if (socket.destroyed) return;
  if (reset) socket.resetAndDestroy();
  else socket.destroy();
}

function readBody(req: http.IncomingMessage, max: number): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    let ended = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      ended = true;
      resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge });
    });
    req.on('error', reject);
    req.on('close', () => {
      if (!ended) reject(new Error('request closed before its body ended'));
    });
  });
}
