import type { Reply } from './types';

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

export function textReply(status: number, text: string, contentType = 'text/plain; charset=utf-8'): Reply {
  return { status, headers: { 'content-type': contentType }, body: text };
}

export function emptyReply(status: number): Reply {
  return { status, body: '' };
}

export function htmlPage(status: number): string {
  const title = status === 503 ? '503 Service Temporarily Unavailable' : status === 404 ? '404 Not Found' : `${status} Bad Gateway`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

export interface MediaType {
  type: string;
  params: Record<string, string>;
}

export function parseContentType(header: string | undefined): MediaType | undefined {
  if (!header) return undefined;
  const [type, ...rest] = header.split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return { type: type.trim().toLowerCase(), params };
}

/**
 * True when the header names application/json. With `requireUtf8Charset` the header must also
 * carry `charset=utf-8`; otherwise a charset, if present, must still be utf-8.
 */
export function isJsonContentType(header: string | undefined, requireUtf8Charset = false): boolean {
  const mt = parseContentType(header);
  if (!mt || mt.type !== 'application/json') return false;
  const cs = mt.params.charset;
  if (cs === undefined) return !requireUtf8Charset;
  return cs === 'utf-8' || cs === 'utf8';
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(text: string): JsonParse {
  if (text.trim() === '') return { ok: false, error: 'empty body' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** Decode one path segment; undefined when it is not valid percent-encoding. */
export function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

export function decodePath(rawPath: string): string {
  return rawPath.split('/').map((s) => decodeSegment(s) ?? s).join('/');
}

/**
 * Match a raw (still-encoded) path against a pattern such as `/v4/devices/:rid`.
 * Segments are compared before decoding, so an encoded `/` (%2F) stays inside its parameter.
 * Returns decoded params, or undefined when the path does not match (or a param is badly encoded).
 */
export function matchPath(pattern: string, rawPath: string): Record<string, string> | undefined {
  const p = pattern.split('/');
  const s = rawPath.split('/');
  if (p.length !== s.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      const v = decodeSegment(s[i]);
      if (v === undefined) return undefined;
      params[p[i].slice(1)] = v;
    } else if (p[i] !== s[i]) {
      return undefined;
    }
  }
  return params;
}

/** Turns `/api/{projectId}/x` into a `:param` pattern for matchPath. */
export function braceToColon(template: string): string {
  return template.replace(/\{(\w+)\}/g, ':$1');
}

export function parseBasicAuth(header: string | undefined): { user: string; pass: string } | undefined {
  if (!header) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}

/** First zod issue as "path: message", for error bodies. */
export function firstIssue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const i = error.issues[0];
  if (!i) return 'invalid body';
  const where = i.path.map(String).join('.');
  return where ? `${where}: ${i.message}` : i.message;
}
