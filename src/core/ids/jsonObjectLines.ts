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
  // Each line is read alone, so an unclosed bracket never makes a search run past its line.
  const firstLine = text.slice(first, trimEnd(text, first, lineEnd(text, first)));
  if (!isObjectLine(firstLine)) return undefined;
  const keys = [...new Set(objectFields(firstLine).map((f) => f.key))];

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
      const lineText = text.slice(start, trimEnd(text, start, eol));
      const reason = readLine(lineText, field, values);
      if (reason !== undefined) rejected.push({ value: shown(lineText), reason: `line ${line} ${reason}` });
    }
    pos = eol;
    if (text.charCodeAt(pos) === CR) pos++;
    if (text.charCodeAt(pos) === LF) pos++;
    line++;
  }
  return { kind: 'values', values, rejected, field };
}

/** Reads the ID of one line (trimmed, not blank) into `values`; returns why it has none. */
function readLine(line: string, field: string, values: string[]): string | undefined {
  if (line.charCodeAt(0) === OPEN_BRACE) {
    if (!isObjectLine(line)) return 'is not valid JSON';
    const fields = objectFields(line);
    const found = lastField(fields, (key) => key === field) ?? lastField(fields, (key) => normalizedHeader(key) === normalizedHeader(field));
    if (!found) return `is a JSON object without a ${JSON.stringify(field)} field`;
    if (scalarInto(values, line, found.valueStart) < 0) return `has no string or number in ${JSON.stringify(found.key)}`;
    return undefined;
  }
  const end = scalarInto(values, line, 0);
  if (end === INVALID || end === NOT_SCALAR || end < line.length) {
    if (end >= 0) values.pop();
    return 'is not a JSON object, string or number';
  }
  return undefined;
}

/** The whole line is one valid JSON object. */
function isObjectLine(line: string): boolean {
  return nestedEnd(line, 0) === line.length && isJson(line);
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

/** The top-level fields of a line that is a valid JSON object. */
function objectFields(text: string): Field[] {
  const fields: Field[] = [];
  let k = skipSpace(text, 1);
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
