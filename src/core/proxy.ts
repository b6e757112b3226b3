// Which way a vendor request goes: straight to the vendor, or through a forward proxy (the CLI's
// HTTPS_PROXY/HTTP_PROXY/NO_PROXY, the editor's http.proxy/http.noProxy). One per-client undici
// ProxyAgent per proxy; the global dispatcher is never touched (it would route the editor's own
// traffic). Plain-HTTP URLs (loopback test endpoints) are forwarded in absolute-URI form, HTTPS
// ones tunnelled with CONNECT, as curl and the editor do.
import type * as Undici from 'undici';
import { Agent, Pool, ProxyAgent, type Dispatcher } from './undici';

export interface ProxyConfig {
  /** Proxy for https:// URLs; when unset, `httpProxy` serves them too. */
  httpsProxy?: string;
  /** Proxy for http:// URLs; when unset, `httpsProxy` serves them too. */
  httpProxy?: string;
  /** Hosts reached directly: `host`, `host:port`, `.domain` / `*.domain` (and subdomains), or `*` for all. */
  noProxy: readonly string[];
  /** Verify the proxy's certificate and, through it, the vendor's. */
  strictSsl: boolean;
  /** How long the proxy may take to answer CONNECT (default 30 s). */
  tunnelAnswerMs?: number;
  /** Where the proxy URLs come from, for messages: e.g. `HTTPS_PROXY` or `http.proxy`. */
  httpsSource: string;
  httpSource: string;
}

/** A proxy URL that cannot be used: a configuration error, raised before anything is sent. */
export class ProxyConfigurationError extends Error {
  override name = 'ProxyConfigurationError';
}

export interface Route {
  dispatcher: Dispatcher;
  /** The proxy the request goes through, described without its credentials; undefined when direct. */
  proxy?: string;
}

/** Chooses the dispatcher for each URL. */
export interface RouteChooser {
  route(url: string): Route;
}

/**
 * Parses a proxy URL as curl does (`host:port` alone means http://host:port). Only http:// and
 * https:// proxies. The message names `source` but never echoes the value (it may hold a password).
 */
export function parseProxyUrl(raw: string, source: string): URL {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new ProxyConfigurationError(`${source} is not a valid proxy URL (expected http://host:port)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyConfigurationError(`${source}: proxies of scheme ${url.protocol.slice(0, -1)} are not supported (use http:// or https://)`);
  }
  if (!url.hostname) throw new ProxyConfigurationError(`${source} is not a valid proxy URL (no host)`);
  return url;
}

/** The proxy as a message may show it: scheme, host and port; credentials replaced by ***. */
export function describeProxy(url: URL): string {
  return `${url.protocol}//${url.username || url.password ? '***@' : ''}${url.host}`;
}

/** Credentials inside proxy URLs, for the redactor (decoded and as typed). */
export function proxySecrets(config: Pick<ProxyConfig, 'httpProxy' | 'httpsProxy'>): string[] {
  const values: string[] = [];
  for (const raw of [config.httpProxy, config.httpsProxy]) {
    if (!raw) continue;
    const userInfo = /^[^/]*\/\/([^@/]*)@/.exec(raw.trim())?.[1] ?? /^([^@/]*)@/.exec(raw.trim())?.[1];
    if (!userInfo) continue;
    const colon = userInfo.indexOf(':');
    const password = colon >= 0 ? userInfo.slice(colon + 1) : '';
    values.push(userInfo, password);
    try {
      const decoded = decodeURIComponent(userInfo);
      // As undici sends it: Proxy-Authorization: Basic base64(user:password).
      values.push(decodeURIComponent(password), decoded, Buffer.from(decoded).toString('base64'));
    } catch {
      // a malformed escape: the raw forms above are enough
    }
  }
  return values.filter((value) => value !== '');
}

interface ProxyEntry {
  url: URL;
  described: string;
  agent?: Dispatcher;
}

export class ProxyRouter implements RouteChooser {
  private readonly https?: ProxyEntry;
  private readonly http?: ProxyEntry;
  private readonly bypass: NoProxyRule[];
  private direct?: Dispatcher;

  /** Throws ProxyConfigurationError for a proxy URL that cannot be used. */
  constructor(private readonly config: ProxyConfig) {
    const https = config.httpsProxy?.trim() ? entry(parseProxyUrl(config.httpsProxy, config.httpsSource)) : undefined;
    const http = config.httpProxy?.trim() ? entry(parseProxyUrl(config.httpProxy, config.httpSource)) : undefined;
    this.https = https ?? http;
    this.http = http ?? https;
    this.bypass = parseNoProxy(config.noProxy);
  }

  /** True when some URL would go through a proxy. */
  get proxied(): boolean {
    return this.http !== undefined;
  }

  route(url: string): Route {
    const target = new URL(url);
    const proxy = target.protocol === 'https:' ? this.https : this.http;
    if (!proxy || this.bypass.some((rule) => rule.matches(target))) {
      this.direct ??= new Agent();
      return { dispatcher: this.direct };
    }
    proxy.agent ??= new ProxyAgent({
      uri: proxy.url.href,
      proxyTunnel: false,
      clientFactory: tunnelClient(this.config.tunnelAnswerMs ?? TUNNEL_ANSWER_MS),
      requestTls: { rejectUnauthorized: this.config.strictSsl },
      proxyTls: { rejectUnauthorized: this.config.strictSsl },
    });
    return { dispatcher: proxy.agent, proxy: proxy.described };
  }

  async close(): Promise<void> {
    const agents = new Set([this.direct, this.http?.agent, this.https?.agent]);
    await Promise.all([...agents].map((agent) => agent?.close()));
  }
}

/** The code of a tunnel the proxy did not open: it closed or reset the connection, or never answered CONNECT. */
export const TUNNEL_NOT_OPENED = 'USER_ERASURE_PROXY_TUNNEL_NOT_OPENED';

/** How long a proxy may take to answer CONNECT (undici would wait 5 minutes, past the request's own timeout). */
const TUNNEL_ANSWER_MS = 30_000;

/** Connection errors of a CONNECT that undici would retry. */
const CLOSED_DURING_CONNECT = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

/**
 * The client to the proxy. A CONNECT the proxy closes without answering fails with a socket error,
 * which undici retries at once and forever while the request waits in its queue, past its own
 * timeout (seen: a million CONNECTs in two minutes, the CLI never ending); one never answered
 * holds the request for 5 minutes. Either fails the request now, with a code undici does not retry:
 * nothing reached the vendor, since the tunnel never opened.
 */
function tunnelClient(answerMs: number) {
  return (origin: URL, options: object): Dispatcher => {
    const pool = new Pool(origin, options);
    const connect = pool.connect.bind(pool) as (options: Undici.Dispatcher.ConnectOptions) => Promise<Undici.Dispatcher.ConnectData>;
    const guarded = async (connectOptions: Undici.Dispatcher.ConnectOptions) => {
      const waited = AbortSignal.timeout(answerMs);
      const signal = connectOptions.signal ? AbortSignal.any([connectOptions.signal as AbortSignal, waited]) : waited;
      try {
        return await connect({ ...connectOptions, signal });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        const why =
          waited.aborted && !(connectOptions.signal as AbortSignal | undefined)?.aborted
            ? `did not answer the tunnel request (CONNECT) within ${answerMs / 1000} s`
            : typeof code === 'string' && CLOSED_DURING_CONNECT.has(code)
              ? `closed the connection before opening a tunnel to the vendor (${code})`
              : undefined;
        if (why === undefined) throw error;
        throw Object.assign(new Error(why, { cause: error }), { code: TUNNEL_NOT_OPENED });
      }
    };
    (pool as { connect: unknown }).connect = (connectOptions: Undici.Dispatcher.ConnectOptions, callback?: unknown) =>
      callback === undefined ? guarded(connectOptions) : (connect as (o: unknown, c: unknown) => unknown)(connectOptions, callback);
    return pool;
  };
}

/** VS Code's http.proxy, http.proxyStrictSSL, http.noProxy and http.proxySupport, as read. */
export interface EditorProxySettings {
  proxy: string;
  strictSsl: boolean;
  noProxy: readonly string[];
  /** "off" disables proxy support for extensions: this one goes direct too. */
  support?: string;
}

const EDITOR_SOURCE = 'the setting http.proxy';

/**
 * The routes the editor's settings ask for: undefined when no proxy applies (go direct). An
 * http.proxy that cannot be used refuses every request before it is sent, saying why, so its IDs
 * end "not sent" and can be sent once the setting is fixed.
 */
export function routesFromEditorSettings(settings: EditorProxySettings): RouteChooser | undefined {
  const proxy = settings.support === 'off' ? '' : settings.proxy.trim();
  if (!proxy) return undefined;
  try {
    return new ProxyRouter({ httpsProxy: proxy, noProxy: settings.noProxy, strictSsl: settings.strictSsl, httpsSource: EDITOR_SOURCE, httpSource: EDITOR_SOURCE });
  } catch (error) {
    if (!(error instanceof ProxyConfigurationError)) throw error;
    return {
      route: () => {
        throw error;
      },
    };
  }
}

function entry(url: URL): ProxyEntry {
  return { url, described: describeProxy(url) };
}

interface NoProxyRule {
  matches(url: URL): boolean;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** NO_PROXY entries, as curl and undici read them: no entry means every host goes through the proxy. */
export function parseNoProxy(entries: readonly string[]): NoProxyRule[] {
  const rules: NoProxyRule[] = [];
  for (const raw of entries.flatMap((e) => e.split(/[,\s]+/))) {
    const text = raw.trim().toLowerCase();
    if (!text) continue;
    if (text === '*') {
      rules.push({ matches: () => true });
      continue;
    }
    const { host, port } = splitNoProxyEntry(text);
    rules.push({
      matches: (url) => {
        const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
        const urlPort = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
        if (port !== undefined && port !== urlPort) return false;
        return hostname === host || hostname.endsWith(`.${host}`);
      },
    });
  }
  return rules;
}

/** `host`, `host:port`, `[v6]:port`, bare `::1`; a leading `.` or `*.` is dropped (subdomains match anyway). */
function splitNoProxyEntry(text: string): { host: string; port?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] ? Number(bracketed[2]) : undefined };
  const withPort = /^([^:]+):(\d+)$/.exec(text);
  const host = (withPort ? withPort[1] : text).replace(/^\*?\./, '');
  return { host, port: withPort ? Number(withPort[2]) : undefined };
}
