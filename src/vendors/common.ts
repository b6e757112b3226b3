// Pieces every vendor file shares: the request summary shown in details, the rule for which
// answers are worth retrying, and reading JSON bodies tolerantly.
import type * as z from 'zod/mini';
import { bodySnippet, parseRetryAfter, type HttpRequestSpec, type HttpResponse } from '../core/http';
import type { Redactor } from '../core/redact';
import type { CallOutcome } from './vendor';

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

/** Parses a JSON body with a schema; undefined when the body is empty, not JSON, or another shape. */
export function readJson<T>(response: HttpResponse, schema: z.ZodMiniType<T>): T | undefined {
  if (response.bodyCapped || response.bodyText.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(response.bodyText);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The body as a short, redacted message (text, JSON or HTML alike). */
export function bodyMessage(response: HttpResponse, redactor: Redactor): string {
  const text = bodySnippet(response.bodyText, redactor, 500, response.bodyCapped);
  const capped = response.bodyCapped ? ' (body cut: too large)' : '';
  return (text === '' ? `HTTP ${response.status} with an empty body` : text) + capped;
}

export function jsonRequest(method: HttpRequestSpec['method'], url: string, headers: Record<string, string>, body?: unknown): HttpRequestSpec {
  return body === undefined ? { method, url, headers } : { method, url, headers, body: JSON.stringify(body) };
}

/** A short, redacted description of a thrown error (transport failure or anything else). */
export function describeError(error: unknown, redactor: Redactor): string {
  const text = error instanceof Error ? error.message : String(error);
  return redactor.redactText(text);
}
