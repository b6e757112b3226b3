// Reads what a CleverTap answer says about each ID. A success may carry `processed` (a count) and
// lists of values it did not process; whether the delete API sends them is not published
// (shared/vendor-contracts.md §3), so any count or list that leaves an ID unaccounted for means
// that ID is not accepted.
import * as z from 'zod/mini';
import { isEmptyValue, NAMES_A_ROUTE, NAMES_LEFT_OUT, SAYS_DOES_NOT_EXIST, withoutId } from './common';
import { builtOnFirstUse } from '../core/builtOnFirstUse';

/** Loose: fields beyond these are kept, so a list of left-out IDs under another name is still seen. */
export const clevertapAnswerSchema = builtOnFirstUse(() => z.looseObject({
  status: z.optional(z.string()),
  error: z.optional(z.string()),
  code: z.optional(z.union([z.number(), z.string()])),
  record: z.optional(z.unknown()),
  processed: z.optional(z.unknown()),
  unprocessed: z.optional(z.unknown()),
  failed: z.optional(z.unknown()),
}));
export type ClevertapAnswer = z.infer<typeof clevertapAnswerSchema>;

/** What a success answer says about the IDs of its call. */
export type PartialReading =
  /** Every ID was processed (nothing says otherwise). */
  | { kind: 'all' }
  /** These IDs (by position) were not processed, with the vendor's words; the others were. */
  | { kind: 'some-not-processed'; notProcessed: Map<number, string> }
  /** Something was not processed but the answer does not say which IDs. */
  | { kind: 'unclear'; message: string };

const ID_KEYS = ['identity', 'guid', 'objectId'] as const;
const WORD_KEYS = ['error', 'reason', 'message', 'status'] as const;

interface ListedEntry {
  id?: string;
  words?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entryOf(value: unknown): ListedEntry {
  if (typeof value === 'string') return { id: value };
  if (!isRecord(value)) return {};
  const holders = [value, isRecord(value.record) ? value.record : {}];
  const id = holders.flatMap((h) => ID_KEYS.map((k) => h[k])).find((v): v is string => typeof v === 'string');
  const words = WORD_KEYS.map((k) => value[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return { id, words };
}


/**
 * The left-out lists of an answer (fields named like NAMES_LEFT_OUT; its own `error` is read on its
 * own), and those of an object it wraps (`result`, `data`…), where an `error` or a `status` other
 * than "success" also says something was left out.
 */
function leftOutValues(answer: Record<string, unknown>, wrapped = false): unknown[] {
  const values: unknown[] = [];
  for (const [key, value] of Object.entries(answer)) {
    if (key === 'record') continue;
    if (key === 'error') {
      if (wrapped) values.push(value);
    } else if (wrapped && key === 'status') {
      if (typeof value !== 'string' || value.toLowerCase() !== 'success') values.push(value);
    } else if (NAMES_LEFT_OUT.test(key)) values.push(value);
    else if (isRecord(value)) values.push(...leftOutValues(value, true));
    else if (Array.isArray(value)) values.push(value.filter(saysNotDone));
  }
  return values;
}

/** A failure word in an entry's status, read with `_`/`-` as spaces: "failed", "error", "not_found", "unprocessed", "rejected"… */
const FAILURE_STATUS = /fail|error|invalid|reject|skip|denied|refused|missing|unprocessed|partial|\bnot\b|\bno\b|notfound/i;

/** An entry of a list under another name (`results: [{identity, status}]`) that says it was not done: a failure status or an error. */
function saysNotDone(entry: unknown): boolean {
  if (!isRecord(entry)) return false;
  const { status, error } = entry;
  return (typeof status === 'string' && FAILURE_STATUS.test(status.replace(/[^\p{L}\p{N}]+/gu, ' '))) || !isEmptyValue(error);
}

/** The processed count: the answer's own, else that of an object it wraps. */
function processedOf(answer: Record<string, unknown>): unknown {
  if (answer.processed !== undefined) return answer.processed;
  for (const value of Object.values(answer)) if (isRecord(value) && value.processed !== undefined) return value.processed;
  return undefined;
}

/** A list of entries, a map of ID → reason, a bare count, or (any other non-empty value) one entry we cannot place. */
function listedOf(value: unknown): { entries: ListedEntry[]; count: number } {
  if (Array.isArray(value)) return { entries: value.map(entryOf), count: value.length };
  if (isRecord(value) && Object.keys(value).length > 0 && entryOf(value).id === undefined) {
    const entries = Object.entries(value).map(([id, reason]) => ({ id, words: typeof reason === 'string' && reason.trim() !== '' ? reason : undefined }));
    return { entries, count: entries.length };
  }
  if (typeof value === 'number') return { entries: [], count: Number.isFinite(value) && value > 0 ? Math.ceil(value) : 0 };
  const empty = value === undefined || value === null || value === false || value === '' || (isRecord(value) && Object.keys(value).length === 0);
  return { entries: [], count: empty ? 0 : 1 };
}

export function readPartial(answer: ClevertapAnswer, ids: readonly string[]): PartialReading {
  const listed = leftOutValues(answer).map(listedOf);
  const entries = listed.flatMap((l) => l.entries);
  const listedCount = listed.reduce((sum, l) => sum + l.count, 0);
  const rawProcessed = processedOf(answer);
  const processed = typeof rawProcessed === 'number' ? rawProcessed : undefined;
  const missing = processed === undefined ? 0 : ids.length - processed;
  if (rawProcessed !== undefined && processed === undefined) {
    return { kind: 'unclear', message: `CleverTap answered with an unreadable processed count: ${JSON.stringify(rawProcessed)}` };
  }
  if (typeof answer.error === 'string' && answer.error.trim() !== '') return { kind: 'unclear', message: `CleverTap answered "success" with an error: ${answer.error.trim()}` };
  if (listedCount === 0 && missing <= 0) return { kind: 'all' };

  const notProcessed = new Map<number, string>();
  let unidentified = listedCount - entries.length;
  for (const entry of entries) {
    const at = entry.id === undefined ? -1 : ids.findIndex((id, i) => id === entry.id && !notProcessed.has(i));
    if (at < 0) unidentified++;
    else notProcessed.set(at, entry.words ? `CleverTap did not process it: ${entry.words}` : 'CleverTap listed it as not processed');
  }
  const countsAgree = processed === undefined || missing === notProcessed.size;
  if (unidentified === 0 && countsAgree && (notProcessed.size > 0 || missing === 0)) {
    return notProcessed.size === 0 ? { kind: 'all' } : { kind: 'some-not-processed', notProcessed };
  }
  const counted = processed === undefined ? '' : `processed ${processed} of ${ids.length}`;
  const listedText = listedCount > 0 ? `${listedCount} listed as not processed` : '';
  const words = entries.map((e) => e.words).find((w) => w !== undefined);
  const summary = [counted, listedText].filter((p) => p !== '').join(', ');
  return { kind: 'unclear', message: `CleverTap ${summary}${words ? ` (${words})` : ''}` };
}

/** The vendor's own answer that the profile does not exist: `{"status":"fail","error":"… not found"}` about a profile. */
const NAMES_PROFILE = /\b(?:profile|user|record|identity|guid|objectid)s?\b/i;

/** Words naming something else that may be what is missing ("Account not found for this identity"). */
const NAMES_SOMETHING_ELSE =
  /\b(?:accounts?|passcodes?|regions?|clusters?|apps?|applications?|projects?|keys?|tokens?|credentials?|auth\w*|resources?|hosts?|servers?|gateway|proxy|pages?|files?)\b/i;

/**
 * `id`: the identity looked up, taken out of the error's words first (an identity echoed back never
 * supplies the word "profile" or "user" itself).
 */
export function saysProfileMissing(answer: ClevertapAnswer | undefined, id?: string): boolean {
  if (answer?.status?.toLowerCase() !== 'fail' || typeof answer.error !== 'string') return false;
  // "Not found" beside the profile's own record contradicts itself.
  if (answer.record !== undefined && answer.record !== null) return false;
  const error = withoutId(answer.error, id);
  return SAYS_DOES_NOT_EXIST.test(error) && NAMES_PROFILE.test(error) && !NAMES_A_ROUTE.test(error) && !NAMES_SOMETHING_ELSE.test(error);
}
