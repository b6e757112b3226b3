// Reads what an EngageLab answer says. What an unknown registration_id or alias returns is not
// published (shared/vendor-contracts.md §2: 200 or 404), so "does not exist" is recognised only
// when the vendor's own error says so about the device or alias; a 404 about the API route
// (recorded: code 7010 "request api doesn't exist"), an HTML page from a gateway, or any other
// 404 is not a "not found".
import * as z from 'zod/mini';
import type { HttpResponse } from '../core/http';
import type { Redactor } from '../core/redact';
import { bodyMessage, errorFields, isSuccessStatus, jsonObjectSchema, NAMES_A_ROUTE, readJson, redactedSnippet, SAYS_DOES_NOT_EXIST, withoutId } from './common';
import { builtOnFirstUse } from '../core/builtOnFirstUse';

export type EngagelabAnswerKind =
  /** 2xx with {"success": true} [doc], an empty body or the text `success` [sdk]. */
  | 'success'
  /** A device record ({"tags": [...], "alias": ...}) from the device lookup [doc]. */
  | 'device'
  /** 404 whose error says the registration_id / device does not exist. */
  | 'device-missing'
  /** 404 whose error says the alias does not exist. */
  | 'alias-missing'
  /** "registration_id does not belong to this appkey" (recorded with code 7002): maybe another data centre. */
  | 'foreign-id'
  /** Code 7010 "request api doesn't exist" (recorded), or an error about the route: not about the ID. */
  | 'route-missing'
  /** Any other error in the vendor's shape. */
  | 'error'
  /** Not in any shape we know (HTML, text, other JSON, cut short). */
  | 'unrecognised';

export interface EngagelabAnswer {
  kind: EngagelabAnswerKind;
  /** "code 7010: request api doesn't exist", or the body's first part (redacted). */
  detail: string;
}

const errorCode = builtOnFirstUse(() => z.union([z.number(), z.string()]));
const nestedErrorSchema = builtOnFirstUse(() => z.object({
  error: z.union([z.object({ code: z.optional(errorCode), message: z.optional(z.string()) }), z.string()]),
}));
const flatErrorSchema = builtOnFirstUse(() => z.object({ code: errorCode, message: z.optional(z.string()) }));
const successSchema = builtOnFirstUse(() => z.object({ success: z.literal(true) }));
const deviceSchema = builtOnFirstUse(() => z.union([z.object({ tags: z.array(z.unknown()) }), z.object({ alias: z.nullable(z.string()) })]));

const ROUTE_CODE = '7010';
const NAMES_DEVICE = /\b(?:registration[\s_-]?ids?|device|rid)\b/i;
const NAMES_ALIAS = /\balias\b/i;
const SAYS_FOREIGN = /does\s*n[o']?t\s+belong|not\s+belong/i;
/**
 * Words naming something else that may be the missing thing ("appkey not found for this
 * registration_id", "resource /v4/devices/x not found on this gateway"): such a 404 is not read as
 * "the device does not exist".
 */
const NAMES_SOMETHING_ELSE =
  /\b(?:app\s*keys?|apps?|applications?|master\s*secret|secrets?|accounts?|projects?|users?|auth\w*|tokens?|credentials?|keys?|resources?|hosts?|services?|gateway|proxy|server|pages?|files?|tenants?|data\s*cent(?:er|re))\b/i;

interface VendorError {
  code?: string;
  message: string;
}

function vendorError(response: HttpResponse): VendorError | undefined {
  const nested = readJson(response, nestedErrorSchema);
  if (nested) {
    if (typeof nested.error === 'string') return { message: nested.error };
    if (nested.error.code === undefined && nested.error.message === undefined) return undefined;
    return { code: nested.error.code === undefined ? undefined : String(nested.error.code), message: nested.error.message ?? '' };
  }
  const flat = readJson(response, flatErrorSchema);
  // A flat {"code": 0, ...} is not an error (and not a documented success either).
  if (flat && String(flat.code) !== '0') return { code: String(flat.code), message: flat.message ?? '' };
  return undefined;
}

function errorText(error: VendorError): string {
  return [error.code === undefined ? '' : `code ${error.code}`, error.message].filter((part) => part !== '').join(': ');
}

function isSuccessBody(response: HttpResponse): boolean {
  if (response.bodyCapped) return false;
  const text = response.bodyText.trim();
  return text === '' || text.toLowerCase() === 'success' || readJson(response, successSchema) !== undefined;
}

/**
 * `id`: the registration_id or alias the request was about. It is taken out of the error's words
 * first, so an ID such as "device-1" echoed back never supplies the word "device" itself.
 */
export function readEngagelabAnswer(response: HttpResponse, redactor: Redactor, id?: string): EngagelabAnswer {
  const error = vendorError(response);
  if (!error) {
    const detail = bodyMessage(response, redactor);
    // `error` and `code` were read above; an `errors` list, `failed` IDs… beside a documented field
    // ({"success":true,"errors":[…]}, {"registration_ids":[],"errors":[…]}) make it no known answer.
    if (errorFields(readJson(response, jsonObjectSchema), ['error', 'code']).length > 0) return { kind: 'error', detail };
    if (isSuccessStatus(response.status) && isSuccessBody(response)) return { kind: 'success', detail };
    if (isSuccessStatus(response.status) && readJson(response, deviceSchema) !== undefined) return { kind: 'device', detail };
    return { kind: 'unrecognised', detail };
  }
  const detail = redactedSnippet(errorText(error), redactor) || bodyMessage(response, redactor);
  return { kind: errorKind(error, response.status, id), detail };
}

function errorKind(error: VendorError, status: number, id: string | undefined): EngagelabAnswerKind {
  const code = error.code;
  const message = withoutId(error.message, id);
  if (code === ROUTE_CODE || (NAMES_A_ROUTE.test(message) && SAYS_DOES_NOT_EXIST.test(message))) return 'route-missing';
  if (SAYS_FOREIGN.test(message)) return 'foreign-id';
  if (status === 404 && SAYS_DOES_NOT_EXIST.test(message) && !NAMES_SOMETHING_ELSE.test(message)) {
    if (NAMES_DEVICE.test(message)) return 'device-missing';
    if (NAMES_ALIAS.test(message)) return 'alias-missing';
  }
  return 'error';
}
