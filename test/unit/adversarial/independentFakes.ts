// Hostile fake vendors written from /work/shared/vendor-contracts.md alone (not from test/fakes): one
// loopback server playing every vendor by path, answering each route with the contract's documented
// success unless a test scripts another answer — every [unknown] variant, and hostile ones (2xx with
// error bodies, HTML, redirects, bodies cut off, secrets echoed back). Every request is recorded as
// it arrived on the wire (request line, headers, body).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Route =
  | 'cooladata-delete'
  | 'cooladata-status'
  | 'engagelab-delete'
  | 'engagelab-device'
  | 'engagelab-alias'
  | 'clevertap-delete'
  | 'clevertap-profile'
  | 'batch-gdpr-create'
  | 'batch-gdpr-status'
  | 'batch-custom-data'
  | 'unknown';

export interface Received {
  route: Route;
  method: string;
  /** The request target exactly as sent on the request line (path and query, still encoded). */
  target: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The path segment the vendor reads the ID (or request id / app key / project) from, decoded. */
  segment?: string;
}

export interface Reply {
  status: number;
  body?: string | Buffer;
  /** Default: application/json when the body parses as JSON, else text/plain. */
  headers?: Record<string, string>;
  /** Send the headers and this much of the body, then reset the connection. */
  cutAfterBytes?: number;
  /** Send the headers and the start of the body, then say nothing more (the client must time out). */
  stallAfterBytes?: number;
  /** Send 1xx informational answers first (103 Early Hints). */
  informational?: boolean;
  /** Close the connection without any answer. */
  hangUp?: boolean;
  /** Never answer (the connection stays open until the client goes away or the fake closes). */
  hold?: boolean;
}

export type Script = (request: Received) => Reply | undefined;

const json = (status: number, value: unknown): Reply => ({ status, body: JSON.stringify(value) });

/** The contract's documented success (or documented record) for each route. */
export function documentedAnswer(request: Received): Reply {
  switch (request.route) {
    case 'cooladata-delete':
      return { status: 200 };
    case 'cooladata-status':
      return json(200, Object.fromEntries((JSON.parse(request.body || '{}').userIds ?? []).map((id: string) => [id, 'completed'])));
    case 'engagelab-delete':
      return json(200, { success: true });
    case 'engagelab-device':
      return json(200, { tags: ['t'], alias: 'someone' });
    case 'engagelab-alias':
      return json(200, { registration_ids: [`rid-of-${request.segment}`] });
    case 'clevertap-delete':
      return json(200, { status: 'success' });
    case 'clevertap-profile':
      return json(200, { status: 'success', record: { identity: new URL(request.target, 'http://x').searchParams.get('identity') } });
    case 'batch-gdpr-create':
      return json(200, { request_id: `req-${JSON.parse(request.body).id.value}` });
    case 'batch-gdpr-status':
      return json(200, { request_id: request.segment, status: 'done', request_type: 'remove', id: { type: 'custom_id', value: request.segment?.replace(/^req-/, '') } });
    case 'batch-custom-data':
      return json(200, { token: '0f6e5c1a-3a43-4a3e-9d8f-1f0e2d3c4b5a' });
    case 'unknown':
      return json(404, { error: { code: 7010, message: "request api doesn't exist" } });
  }
}

/** Which vendor route a request line names, read the way a vendor's router would (one decoded segment). */
function routeOf(method: string, target: string): { route: Route; segment?: string } {
  const path = target.split('?')[0];
  const parts = path.split('/');
  const seg = (i: number) => {
    try {
      return decodeURIComponent(parts[i] ?? '');
    } catch {
      return parts[i];
    }
  };
  if (/^\/api\/v2\/projects\/[^/]+\/users\/delete$/.test(path) && method === 'POST') return { route: 'cooladata-delete', segment: seg(4) };
  if (/^\/api\/v2\/projects\/[^/]+\/users\/delete\/status$/.test(path) && method === 'POST') return { route: 'cooladata-status', segment: seg(4) };
  if (/^\/v4\/devices\/[^/]+$/.test(path)) {
    if (method === 'DELETE') return { route: 'engagelab-delete', segment: seg(3) };
    if (method === 'GET') return { route: 'engagelab-device', segment: seg(3) };
  }
  if (/^\/v4\/aliases\/[^/]+$/.test(path) && method === 'GET') return { route: 'engagelab-alias', segment: seg(3) };
  if (path === '/1/delete/profiles.json' && method === 'POST') return { route: 'clevertap-delete' };
  if (path === '/1/profile.json' && method === 'GET') return { route: 'clevertap-profile' };
  if (/^\/1\.0\/[^/]+\/gdpr\/request$/.test(path) && method === 'POST') return { route: 'batch-gdpr-create', segment: seg(2) };
  if (/^\/1\.0\/[^/]+\/gdpr\/request\/[^/]+$/.test(path) && method === 'GET') return { route: 'batch-gdpr-status', segment: seg(5) };
  if (/^\/1\.0\/[^/]+\/data\/users$/.test(path) && method === 'DELETE') return { route: 'batch-custom-data', segment: seg(2) };
  return { route: 'unknown' };
}

export interface HostileVendor {
  baseUrl: string;
  received: Received[];
  /** Answers by this script (undefined → the documented answer) until reset. */
  script(script: Script): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startHostileVendor(): Promise<HostileVendor> {
  let script: Script = () => undefined;
  const received: Received[] = [];
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.url ?? '';
      const { route, segment } = routeOf(req.method ?? '', target);
      const request: Received = { route, method: req.method ?? '', target, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), segment };
      received.push(request);
      let reply: Reply;
      try {
        reply = script(request) ?? documentedAnswer(request);
      } catch (error) {
        reply = { status: 500, body: `fake script failed: ${String(error)}` };
      }
      send(res, reply);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    script: (s) => (script = s),
    reset: () => {
      script = () => undefined;
      received.length = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: http.ServerResponse, reply: Reply): void {
  if (reply.hangUp) {
    res.socket?.destroy();
    return;
  }
  if (reply.hold) return;
  const body = reply.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body, 'utf8');
  const headers: Record<string, string> = { ...reply.headers };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type') && body.length > 0) {
    headers['Content-Type'] = looksJson(body) ? 'application/json' : 'text/plain';
  }
  if (reply.informational) res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
  const noBody = reply.status === 204 || reply.status === 304;
  if (reply.cutAfterBytes !== undefined || reply.stallAfterBytes !== undefined) {
    res.writeHead(reply.status, { ...headers, 'Content-Length': String(body.length) });
    res.write(body.subarray(0, reply.cutAfterBytes ?? reply.stallAfterBytes));
    if (reply.cutAfterBytes !== undefined) setImmediate(() => res.socket?.destroy());
    return;
  }
  res.writeHead(reply.status, noBody ? headers : { ...headers, 'Content-Length': String(body.length) });
  res.end(noBody ? undefined : body);
}

function looksJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}
