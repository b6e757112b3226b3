// A forward proxy on loopback for tests: plain-HTTP requests in absolute-URI form are forwarded,
// CONNECT opens a TCP tunnel; everything that passes through is recorded. It can demand
// Proxy-Authorization (407) like a corporate proxy. Also a TLS front (a self-signed certificate for
// 127.0.0.1, test only) so a CONNECT tunnel can be tested end to end against a plain-HTTP fake.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

export interface ProxiedRequest {
  kind: 'forward' | 'connect';
  /** Absolute URI (forward) or host:port (connect). */
  target: string;
  method: string;
  proxyAuthorization?: string;
  /** What the proxy answered: the vendor's status for a forward, 200/407/502 for a connect. */
  status?: number;
}

export interface ForwardProxyOptions {
  /** When set, requests without `Proxy-Authorization: Basic base64(user:password)` get 407. */
  credentials?: { user: string; password: string };
}

export interface ForwardProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  requests(): ProxiedRequest[];
  reset(): void;
  close(): Promise<void>;
}

/** Files of the test-only certificate for 127.0.0.1 (its key is committed on purpose: tests only). */
export const LOOPBACK_CERT_FILE = path.join(__dirname, 'loopback-cert.pem');
const LOOPBACK_KEY_FILE = path.join(__dirname, 'loopback-key.pem');

export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const recorded: ProxiedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`
    : undefined;
  const authorised = (headers: http.IncomingHttpHeaders) => expected === undefined || headers['proxy-authorization'] === expected;

  const server = http.createServer((req, res) => {
    const entry: ProxiedRequest = { kind: 'forward', target: req.url ?? '', method: req.method ?? '', proxyAuthorization: req.headers['proxy-authorization'] };
    recorded.push(entry);
    if (!authorised(req.headers)) {
      entry.status = 407;
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test proxy"', 'content-type': 'text/plain' }).end('proxy authentication required');
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      entry.status = 400;
      res.writeHead(400).end('absolute URI expected');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    // A fresh connection per request: a pooled one the vendor fake has since closed would turn into a 502 here.
    const upstream = http.request(target, { method: req.method, headers, agent: false }, (answer) => {
      entry.status = answer.statusCode;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      entry.status = 502;
      if (!res.headersSent) res.writeHead(502).end('bad gateway');
      else res.destroy();
    });
    req.pipe(upstream);
  });

  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const entry: ProxiedRequest = { kind: 'connect', target: req.url ?? '', method: 'CONNECT', proxyAuthorization: req.headers['proxy-authorization'] };
    recorded.push(entry);
    client.on('error', () => undefined);
    if (!authorised(req.headers)) {
      entry.status = 407;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = splitHostPort(req.url ?? '');
    const upstream = net.connect(port, host, () => {
      entry.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => {
      if (entry.status === undefined) {
        entry.status = 502;
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      } else client.destroy();
    });
  });

  const port = await listen(server, sockets);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: () => recorded.map((r) => ({ ...r })),
    reset: () => void recorded.splice(0),
    close: () => closeServer(server, sockets),
  };
}

export interface TlsFront {
  /** https://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

/** Terminates TLS with the loopback test certificate and relays the plain bytes to `targetUrl`'s port. */
export async function startTlsFront(targetUrl: string): Promise<TlsFront> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ cert: readFileSync(LOOPBACK_CERT_FILE), key: readFileSync(LOOPBACK_KEY_FILE) }, (secure) => {
    secure.on('error', () => undefined);
    const plain = net.connect(Number(target.port), target.hostname);
    sockets.add(plain);
    plain.on('close', () => sockets.delete(plain));
    plain.on('error', () => secure.destroy());
    secure.pipe(plain).pipe(secure);
  });
  const port = await listen(server, sockets);
  return { url: `https://127.0.0.1:${port}`, close: () => closeServer(server, sockets) };
}

function splitHostPort(authority: string): [string, number] {
  const at = authority.lastIndexOf(':');
  return [authority.slice(0, at).replace(/^\[|\]$/g, ''), Number(authority.slice(at + 1))];
}

async function listen(server: net.Server, sockets: Set<net.Socket>): Promise<number> {
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A loopback port with nothing listening (taken, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
