// JSON lines of objects (`{"user_id": "u-90", "name": "Bob"}` per line): the ID is one field, found
// by the names of CSV ID columns (or the one the engineer names), never the object's text split
// into tokens. The field is chosen from the first object's keys; a line whose object lacks it (or
// holds no string or number there), and a line that is not valid JSON, is a rejected value with
// the reason. Lines that are a plain JSON string or number are IDs as in JSON lines of scalars.
// Values keep their source text (numbers stay exact), as in json.ts.
import { chosenColumn, idColumns, normalizedHeader } from './columns';
import { INVALID, isJson, nestedEnd, NOT_SCALAR, scalarInto, shown, skipSpace, stringEnd, stringValue } from './json';
import type { ParseOptions, RejectedValue } from './types';

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const DQUOTE = 34;
const OPEN_BRACE = 0x7b;

export type ObjectLines =
  | { kind: 'values'; values: string[]; rejected: RejectedValue[]; field: string }
  | { kind: 'needs-column'; headers: string[]; candidates: string[] };

/** Undefined unless the first non-blank line is one JSON object. */
export function readJsonObjectLines(text: string, options: ParseOptions): ObjectLines | undefined {
  const first = skipSpace(text, 0);
  if (text.charCodeAt(first) !== OPEN_BRACE) return undefined;
  const firstEnd = objectLineEnd(text, first);
  if (firstEnd < 0) return undefined;
  const keys = [...new Set(objectFields(text, first).map((f) => f.key))];

  const chosen = chosenColumn(keys, options.csvColumn);
  const candidates = idColumns(keys);
  const column = chosen ?? (candidates.length === 1 && options.csvColumn === undefined ? candidates[0] : undefined);
  if (column === undefined) return { kind: 'needs-column', headers: keys, candidates: candidates.length > 1 ? candidates.map((i) => keys[i]) : [] };
  const field = keys[column];

  const values: string[] = [];
  const rejected: RejectedValue[] = [];
  const n = text.length;
  let line = 1;
  let pos = 0;
  while (pos < n) {
    const eol = lineEnd(text, pos);
    const start = skipBlanks(text, pos, eol);
    if (start < eol) {
      const reason = readLine(text, start, eol, field, values);
      if (reason !== undefined) rejected.push({ value: shown(text.slice(start, trimEnd(text, start, eol))), reason: `line ${line} ${reason}` });
    }
    pos = eol;
    if (text.charCodeAt(pos) === CR) pos++;
    if (text.charCodeAt(pos) === LF) pos++;
    line++;
  }
  return { kind: 'values', values, rejected, field };
}

/** Reads one non-blank line's ID into `values`; returns why it has none. */
function readLine(text: string, start: number, eol: number, field: string, values: string[]): string | undefined {
  if (text.charCodeAt(start) === OPEN_BRACE) {
    const end = objectLineEnd(text, start);
    if (end < 0 || end > eol) return 'is not valid JSON';
    const fields = objectFields(text, start);
    const found = lastField(fields, (key) => key === field) ?? lastField(fields, (key) => normalizedHeader(key) === normalizedHeader(field));
    if (!found) return `is a JSON object without a ${JSON.stringify(field)} field`;
    if (scalarInto(values, text, found.valueStart) < 0) return `has no string or number in ${JSON.stringify(found.key)}`;
    return undefined;
  }
  const end = scalarInto(values, text, start);
  if (end === INVALID || end === NOT_SCALAR || skipBlanks(text, end, eol) < eol) {
    if (end >= 0) values.pop();
    return 'is not a JSON object, string or number';
  }
  return undefined;
}

/** End of the object at `start` when it is valid JSON alone on its line, else -1. */
function objectLineEnd(text: string, start: number): number {
  const end = nestedEnd(text, start);
  if (end < 0) return -1;
  const eol = lineEnd(text, start);
  if (end > eol || skipBlanks(text, end, eol) < eol) return -1;
  return isJson(text.slice(start, end)) ? end : -1;
}

interface Field {
  key: string;
  valueStart: number;
}

/** The last match, as JSON.parse keeps the last of repeated keys. */
function lastField(fields: readonly Field[], matches: (key: string) => boolean): Field | undefined {
  for (let k = fields.length - 1; k >= 0; k--) if (matches(fields[k].key)) return fields[k];
  return undefined;
}

/** The top-level fields of a valid JSON object at `start`. */
function objectFields(text: string, start: number): Field[] {
  const fields: Field[] = [];
  let k = skipSpace(text, start + 1);
  while (text.charCodeAt(k) === DQUOTE) {
    const close = stringEnd(text, k);
    const key = stringValue(text, k, close) ?? '';
    k = skipSpace(text, close + 1) + 1; // past ':'
    const valueStart = skipSpace(text, k);
    fields.push({ key, valueStart });
    k = skipSpace(text, valueEnd(text, valueStart));
    if (text.charCodeAt(k) === 0x2c /* , */) k = skipSpace(text, k + 1);
  }
  return fields;
}

function valueEnd(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c === DQUOTE) return stringEnd(text, start) + 1;
  if (c === OPEN_BRACE || c === 0x5b) return nestedEnd(text, start);
  let k = start;
  while (k < text.length && !',}] \t\r\n'.includes(text.charAt(k))) k++;
  return k;
}

function lineEnd(text: string, pos: number): number {
  let k = pos;
  while (k < text.length) {
    const c = text.charCodeAt(k);
    if (c === LF || c === CR) break;
    k++;
  }
  return k;
}

function skipBlanks(text: string, from: number, to: number): number {
  let k = from;
  while (k < to && (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB)) k++;
  return k;
}

function trimEnd(text: string, from: number, to: number): number {
  let k = to;
  while (k > from && (text.charCodeAt(k - 1) === SPACE || text.charCodeAt(k - 1) === TAB)) k--;
  return k;
}
