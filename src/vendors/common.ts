// Pieces every vendor file shares: the request summary shown in details, the rule for which
// answers are worth retrying, and reading JSON bodies tolerantly.
import * as z from 'zod/mini';
import { builtOnFirstUse } from '../core/builtOnFirstUse';
import { errorMessage } from '../core/errorMessage';
import { bodySnippet, parseRetryAfter, type HttpRequestSpec, type HttpResponse } from '../core/http';
import type { Redactor } from '../core/redact';
import type { CallOutcome } from './vendor';

// Building an ID into a URL path is a core rule (account fields are checked with it too).
export { idPathProblem, idPathUrl, PATH_CHANGED_REASON } from '../core/urlPath';

/** "POST https://api.clevertap.com/1/delete/profiles.json (100 IDs)", secrets redacted. */
export function summarizeRequest(spec: HttpRequestSpec, idCount: number, redactor: Redactor): string {
  const ids = idCount === 1 ? '1 ID' : `${idCount} IDs`;
  return `${spec.method} ${redactor.redactUrl(spec.url)} (${ids})`;
}

/**
 * The summary of a one-ID request whose URL holds the ID, built from the URL with the ID's place
 * named instead ("DELETE https://…/v4/devices/{registration_id} (1 ID)"): the same for every ID,
 * so equal answers of one-ID calls stay one result. The ID is in the row; `requestForId`
 * (core/job) puts it back for the details of one ID.
 */
export function summarizeIdRequest(method: HttpRequestSpec['method'], urlWithPlace: string, redactor: Redactor): string {
  return `${method} ${redactor.redactUrl(urlWithPlace)} (1 ID)`;
}

/** A vendor's hosts (regions, data centres) as an account field's choices: label, and the host it means. */
export function hostChoices(hosts: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): { value: string; label: string; description: string }[] {
  return Object.keys(hosts).map((value) => ({ value, label: labels[value], description: new URL(hosts[value]).host }));
}

/** Any 2xx. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/** 429, 5xx (and 408) are transient; everything else is the vendor's final word. */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** The retry outcome for a transient answer, with Retry-After honoured. */
export function retryOutcome(response: HttpResponse, message: string, request?: string): CallOutcome {
  return {
    kind: 'retry',
    httpStatus: response.status,
    message,
    retryAfterMs: parseRetryAfter(response.headers['retry-after']),
    request,
  };
}

/** Any JSON object: a vendor's own answers are JSON objects, a gateway's page is not. */
export const jsonObjectSchema = builtOnFirstUse(() => z.record(z.string(), z.unknown()));

/** Parses a JSON body with a schema; undefined when the body is empty, not JSON, or another shape. */
export function readJson<T>(response: HttpResponse, schema: z.ZodMiniType<T>): T | undefined {
  if (response.bodyCapped || response.bodyText.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(response.bodyText);
  } catch {
    return undefined;
  }
  // A key given twice says two things ({"success":false,"success":true}): neither is read.
  if (hasDuplicateKeys(response.bodyText)) return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return typeof value !== 'object' || Object.keys(value).length > 0;
}

/**
 * The fields of a 2xx answer (or a finished GDPR request) that say something went wrong: a `code`,
 * any field named like an error (`error`, `errors`, `error_message`…) or like a list of what was
 * left out (`failed`, `unprocessed`, `invalid_ids`…: NAMES_LEFT_OUT) with a value, `success: false`,
 * or a status word of failure. Such an answer is no documented success.
 */
export function errorFields(body: Record<string, unknown> | undefined, ignore: readonly string[] = []): [string, unknown][] {
  return Object.entries(body ?? {}).filter(([key, value]) => {
    if (ignore.includes(key)) return false;
    // A count of nothing left out ("failed": 0, "skipped": 0) says nothing failed; an error or a code of 0 is still one.
    if (value === 0 && NAMES_LEFT_OUT.test(key) && !/^error$/i.test(key)) return false;
    if (key === 'code' || /error/i.test(key) || NAMES_LEFT_OUT.test(key)) return isPresent(value);
    if (key === 'success') return value === false;
    return key === 'status' && typeof value === 'string' && /fail|error/i.test(value);
  });
}

/**
 * The start of a vendor's text (at most `max` characters), secrets masked. Masked before the cut:
 * a secret straddling the cut would otherwise leave its first characters unrecognised.
 */
export function redactedSnippet(text: string, redactor: Redactor, max?: number, truncated = false): string {
  // Masked before and after the escapes are written out (a secret may itself contain "\\/").
  // Control characters (escape sequences, backspaces) would let a vendor's text rewrite what a
  // terminal shows, e.g. paint "accepted" over a failure: they become spaces.
  const printable = withoutJsonEscapes(redactor.redactText(text, { truncated })).replace(/[^\P{Cc}\t\n\r]/gu, ' ');
  return bodySnippet(printable, redactor, max, truncated);
}

/**
 * The text with JSON string escapes of `/` and of characters (`\/`, `\u0041`) written out: a vendor
 * may echo a secret escaped (PHP writes `/` as `\/`), which the redactor would not recognise —
 * even in a body cut short, which no JSON parser would read.
 */
function withoutJsonEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\\\//g, '/');
}

/** The body as a short, redacted message (text, JSON or HTML alike). */
export function bodyMessage(response: HttpResponse, redactor: Redactor): string {
  const text = redactedSnippet(response.bodyText, redactor, undefined, response.bodyCapped);
  const capped = response.bodyCapped ? ' (body cut: too large)' : '';
  return (text === '' ? `HTTP ${response.status} with an empty body` : text) + capped;
}

export function jsonRequest(method: HttpRequestSpec['method'], url: string, headers: Record<string, string>, body?: unknown): HttpRequestSpec {
  return body === undefined ? { method, url, headers } : { method, url, headers, body: JSON.stringify(body) };
}

/** A short, redacted description of a thrown error (transport failure or anything else). */
export function describeError(error: unknown, redactor: Redactor): string {
  return redactor.redactText(errorMessage(error));
}

/**
 * The words of a vendor's error with the ID it was about taken out (as a whole token, also
 * URL-encoded): an ID such as "device-1" or "profile-7" echoed back never supplies the words a
 * reader looks for, while an ID such as "a" leaves the other words whole.
 */
export function withoutId(message: string, id: string | undefined): string {
  if (!id) return message;
  return [...new Set([id, encodeURIComponent(id)])].reduce(
    (text, form) => text.replace(new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(form)}(?![\\p{L}\\p{N}_])`, 'gu'), ' '),
    message,
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Words of an error that says something does not exist ("not found", "doesn't exist", "no such"). */
export const SAYS_DOES_NOT_EXIST = /not\s+(?:be\s+)?found|\bnot\s+exists?\b|\bdoes\s*n[o']?t\s+exists?\b|\bno\s+such\b/i;
/** Words of an error about the API route rather than the ID: such an answer never means "ID not found". */
export const NAMES_A_ROUTE = /\b(?:api|route|path|url|uri|endpoint|method)\b/i;


/**
 * Names of fields that may list or count what a call left out: `unprocessed`, `failed`, and since
 * no vendor publishes the shape, any other name of that kind (`not_processed`, `failed_identities`,
 * `errors`, `invalid`, `rejected`, `skipped`, `not_found`, `partial`, `warnings`…).
 */
export const NAMES_LEFT_OUT = /un[_-]?processed|not[_-]?processed|fail|errors?\b|errors_|invalid|reject|skip|ignor|denied|refused|missing|not[_-]?found|partial|warn/i;

/** Whether a value says nothing: absent, null, false, 0, blank text, an empty list or object. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/**
 * Whether a JSON text has an object with the same key twice (`{"status":"fail",…,"status":"success"}`).
 * JSON.parse keeps the last one silently: such an answer says two things, and neither is believed.
 * Keys are compared as decoded strings; the text is assumed to be JSON that parses.
 */
export function hasDuplicateKeys(text: string): boolean {
  const stack: (Set<string> | undefined)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') stack.push(new Set());
    else if (c === '[') stack.push(undefined);
    else if (c === '}' || c === ']') stack.pop();
    else if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      const keys = stack.at(-1);
      if (!keys) continue;
      let next = i + 1;
      while (next < text.length && /\s/.test(text[next])) next++;
      if (text[next] !== ':') continue;
      let key: string;
      try {
        key = JSON.parse(text.slice(start, i + 1)) as string;
      } catch {
        return true;
      }
      if (keys.has(key)) return true;
      keys.add(key);
    }
  }
  return false;
}
