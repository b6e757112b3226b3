// One HTTP exchange through undici, with a timeout, a cap on how much body is read, and errors
// sorted into "the vendor answered" (a response) versus "no answer" (HttpTransportError).
import { Agent, request, type Dispatcher } from './undici';
import type { Logger } from './logger';
import type { Redactor } from './redact';

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
 * `aborted`: our own signal. `mayHaveReachedVendor` is false only when nothing can have arrived.
 */
export type TransportFailure = 'timeout' | 'connection' | 'aborted';

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

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const dispatcher = options.dispatcher ?? defaultAgent();
  return {
    async send(spec, signal) {
      const started = Date.now();
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      const describe = `${spec.method} ${options.redactor.redactUrl(spec.url)}`;
      try {
        const response = await request(dispatcher, spec.url, {
          method: spec.method,
          headers: spec.headers,
          body: spec.body,
          signal: combined,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        });
        const { text, capped } = await readCapped(response.body, maxBodyBytes);
        const result: HttpResponse = {
          status: response.statusCode,
          headers: flattenHeaders(response.headers),
          bodyText: text,
          bodyCapped: capped,
          durationMs: Date.now() - started,
        };
        options.logger?.info(`${describe} → ${result.status} (${result.durationMs} ms)`);
        return result;
      } catch (error) {
        const failure = classify(error, signal, timeout);
        options.logger?.warn(`${describe} → no answer: ${options.redactor.redactText(failure.message)}`);
        throw failure;
      }
    },
  };
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, maxBytes: number) {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    length += chunk.length;
    if (length > maxBytes) {
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

function classify(error: unknown, own: AbortSignal | undefined, timeout: AbortSignal): HttpTransportError {
  if (error instanceof HttpTransportError) return error;
  const code = errorCode(error);
  if (own?.aborted) return new HttpTransportError('aborted', 'request aborted', true);
  if (timeout.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new HttpTransportError('timeout', 'no answer before the request timeout', true);
  }
  const reached = !(code && NEVER_CONNECTED.has(code));
  const detail = code ? `${code}` : error instanceof Error ? error.message : String(error);
  return new HttpTransportError('connection', `connection failed (${detail})`, reached);
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

/** Text of a body fit for a message: trimmed, HTML reduced to its text, at most `max` characters. */
export function bodySnippet(bodyText: string, max = 500): string {
  let text = bodyText.trim();
  if (/^<(!doctype|html)/i.test(text)) {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    text = `HTML page${title ? `: ${title}` : ''}`;
  }
  text = text.replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
