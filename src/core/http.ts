// One HTTP exchange through undici, with a timeout, a cap on how much body is read, and errors
// sorted into "the vendor answered" (a response) versus "no answer" (HttpTransportError).
import { Agent, request, type Dispatcher } from './undici';
import { silentLogger, type Logger } from './logger';
import { ProxyConfigurationError, TUNNEL_NOT_OPENED, type RouteChooser } from './proxy';
import type { Redactor, TextRedactor } from './redact';
import { errorMessage } from './errorMessage';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface HttpRequestSpec {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  /** The body was longer than the client reads; `bodyText` holds the beginning. */
  bodyCapped: boolean;
  durationMs: number;
}

/**
 * `timeout`: no (complete) answer in time; `connection`: refused/reset/closed mid-response;
 * `aborted`: our own signal; `refused`: undici refused the request before sending it (e.g. a
 * header value it cannot send). `mayHaveReachedVendor` is false only when nothing can have arrived.
 */
export type TransportFailure = 'timeout' | 'connection' | 'aborted' | 'refused';

export class HttpTransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    message: string,
    readonly mayHaveReachedVendor: boolean,
  ) {
    super(message);
    this.name = 'HttpTransportError';
  }
}

export interface HttpClient {
  send(spec: HttpRequestSpec, signal?: AbortSignal): Promise<HttpResponse>;
}

export interface HttpClientOptions {
  dispatcher?: Dispatcher;
  /** Chooses a dispatcher per URL (direct or through a proxy); wins over `dispatcher`. */
  routes?: RouteChooser;
  timeoutMs: number;
  /** Bodies beyond this are not read further (a vendor error page can be megabytes). */
  maxBodyBytes?: number;
  logger?: Logger;
  redactor: Redactor;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

let sharedAgent: Dispatcher | undefined;

/** One connection pool for every client built without a dispatcher (the global one is never used). */
function defaultAgent(): Dispatcher {
  sharedAgent ??= new Agent();
  return sharedAgent;
}
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** The TLS handshake failed on the certificate: no request byte was sent (a TLS-inspecting proxy, a missing CA). */
const CERTIFICATE_REFUSED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const fixed = options.dispatcher ?? defaultAgent();
  // Nothing is formatted for a log no one reads (the CLI's, unless USER_ERASURE_DEBUG is set).
  const logger = options.logger === silentLogger ? undefined : options.logger;
  return {
    async send(spec, signal) {
      const started = Date.now();
      const deadline = requestDeadline(options.timeoutMs, signal);
      const describe = () => `${spec.method} ${options.redactor.redactUrl(spec.url)}`;
      let proxy: string | undefined;
      try {
        const route = options.routes?.route(spec.url) ?? { dispatcher: fixed };
        proxy = route.proxy;
        const response = await request(route.dispatcher, spec.url, {
          method: spec.method,
          headers: spec.headers,
          body: spec.body,
          signal: deadline.signal,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
          // Without this undici closes the connection after a request whose method does not expect a
          // body but has one (Batch's bulk DELETE): every 10,000-ID call paid a new connection (a TLS
          // handshake at the vendor). Every body here is the vendor's documented request.
          ...(spec.body !== undefined ? { reset: false } : {}),
        });
        const { text, capped } = await readCapped(response, maxBodyBytes);
        const result: HttpResponse = {
          status: response.statusCode,
          headers: flattenHeaders(response.headers),
          bodyText: text,
          bodyCapped: capped,
          durationMs: Date.now() - started,
        };
        logger?.info(`${describe()}${proxy ? ` (through the proxy ${proxy})` : ''} → ${result.status} (${result.durationMs} ms)`);
        return result;
      } catch (error) {
        const failure = classify(error, signal, deadline.timedOut(), proxy, options.redactor);
        logger?.warn(`${describe()} → no answer: ${failure.message}`);
        throw failure;
      } finally {
        deadline.clear();
      }
    },
  };
}

/**
 * The signal of one request: aborted by `own`, or once `ms` have passed. The same as
 * AbortSignal.any([own, AbortSignal.timeout(ms)]) at a sixth of the cost, which showed at hundreds
 * of requests a second; `clear()` once the exchange is over.
 */
function requestDeadline(ms: number, own: AbortSignal | undefined): { signal: AbortSignal; timedOut: () => boolean; clear: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, ms);
  // Like AbortSignal.timeout's, the timer alone does not keep the process running.
  timer.unref();
  const forward = () => controller.abort(own?.reason);
  if (own?.aborted) forward();
  else own?.addEventListener('abort', forward, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clear: () => {
      clearTimeout(timer);
      own?.removeEventListener('abort', forward);
    },
  };
}

interface ResponseToRead {
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Buffer> & { arrayBuffer(): Promise<ArrayBuffer>; destroy(): void };
}

async function readCapped(response: ResponseToRead, maxBytes: number): Promise<{ text: string; capped: boolean }> {
  const { body, headers } = response;
  // A body of announced length within the cap is read whole (it is that long: undici fails the read
  // when the connection ends short), cheaper than a chunk at a time; most answers are a few bytes.
  // Decoded as the chunks are below, not with text(), which would drop a leading byte-order mark.
  const length = headers['content-length'];
  const announced = typeof length === 'string' && /^\d+$/.test(length) ? Number(length) : Number.NaN;
  if (announced <= maxBytes && headers['transfer-encoding'] === undefined) {
    return { text: Buffer.from(await body.arrayBuffer()).toString('utf8'), capped: false };
  }
  const chunks: Buffer[] = [];
  let read = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    read += chunk.length;
    if (read > maxBytes) {
      body.destroy();
      return { text: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'), capped: true };
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), capped: false };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function classify(error: unknown, own: AbortSignal | undefined, timedOut: boolean, proxy: string | undefined, redactor: TextRedactor): HttpTransportError {
  if (error instanceof HttpTransportError) return error;
  const code = errorCode(error);
  const message = errorMessage(error);
  if (own?.aborted) return new HttpTransportError('aborted', 'request aborted', true);
  if (error instanceof ProxyConfigurationError) return new HttpTransportError('refused', `${error.message}: nothing was sent`, false);
  // undici checks method, path and headers before it opens a connection: nothing left this machine.
  if (code === 'UND_ERR_INVALID_ARG' && !PROXY_AUTH_REFUSED.test(message)) {
    return new HttpTransportError('refused', `refused locally before sending (${redactor.redactText(message)}): nothing was sent`, false);
  }
  if (proxy) {
    const refusal = proxyRefusal(code, message);
    if (refusal) return new HttpTransportError('connection', `the proxy ${proxy} ${refusal}: nothing reached the vendor`, false);
  }
  if (code && CERTIFICATE_REFUSED.has(code)) {
    const hint = proxy ? ` through the proxy ${proxy} (a proxy that inspects TLS needs its CA trusted: NODE_EXTRA_CA_CERTS, or http.proxyStrictSSL in VS Code)` : '';
    return new HttpTransportError('connection', `the vendor's certificate was not trusted (${code})${hint}: nothing was sent`, false);
  }
  if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new HttpTransportError('timeout', 'no answer before the request timeout', true);
  }
  const reached = !(code && NEVER_CONNECTED.has(code));
  const detail = code ? `${code}` : redactor.redactText(message);
  return new HttpTransportError('connection', `connection failed (${detail})${proxy ? ` through the proxy ${proxy}` : ''}`, reached);
}

/** What undici says when a proxy answers 407 to a forwarded request. */
const PROXY_AUTH_REFUSED = /^Proxy Authentication Required \(407\)$/;
/** What undici says when a proxy answers a CONNECT with anything but 200. */
const TUNNEL_REFUSED = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/;

/**
 * Why a request never got past the proxy, or undefined when it may have: the proxy could not be
 * reached, asked for credentials (407), or refused to open the tunnel.
 */
function proxyRefusal(code: string | undefined, message: string): string | undefined {
  if (code && NEVER_CONNECTED.has(code)) return `could not be reached (${code})`;
  if (code === TUNNEL_NOT_OPENED) return message;
  if (PROXY_AUTH_REFUSED.test(message)) return 'refused the request: 407 Proxy Authentication Required (check the proxy credentials)';
  const tunnel = TUNNEL_REFUSED.exec(message);
  if (tunnel) return `refused to open a tunnel: HTTP ${tunnel[1]}${tunnel[1] === '407' ? ' Proxy Authentication Required (check the proxy credentials)' : ''}`;
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Text of a body fit for a message: redacted first (so a cut never leaves part of a secret),
 * trimmed, HTML reduced to its text, at most `max` characters. `truncated`: the body itself was
 * cut short (a secret may end it unfinished).
 */
export function bodySnippet(bodyText: string, redactor: TextRedactor, max = 500, truncated = false): string {
  let text = redactor.redactText(bodyText, { truncated }).trim();
  if (/^<(!doctype|html)/i.test(text)) {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    text = `HTML page${title ? `: ${title}` : ''}`;
  }
  text = text.replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date (a past date gives 0). Anything else,
 * a negative number included, is no Retry-After at all (the normal backoff applies).
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Only an HTTP date: Date.parse also reads "-5" or "2" as a year.
  if (!/^[A-Za-z]{3,9},? /.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
