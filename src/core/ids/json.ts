// JSON reading. A selection that is exactly one JSON array gives its elements; a selection whose
// non-blank lines are each one JSON string or number gives those values. Numbers keep their source
// text (`12345678901234567890` stays exact, `1.50` stays `1.50`). Strings without escapes are read
// as slices of the selection; strings with escapes are decoded by JSON.parse of their literal.
// Inside an array, null, booleans, objects and nested arrays are not IDs: they are returned as
// rejected values with a reason (the engineer sees them as skipped), never read as text and never
// dropped. Anything that is not valid JSON returns undefined and the selection is read as text.

import { HASH_START, hashEnd, HashedValues, hashStep } from './distinct';
import { lineEstimate } from './text';

// Module-local constants: see text.ts for why they are not imported.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const BACKSLASH = 92;

/** What scalarInto returns instead of an end index. */
export const INVALID = -1;
export const NOT_SCALAR = -2;

function isJsonSpace(code: number): boolean {
  return code === SPACE || code === LF || code === CR || code === TAB;
}

/** An array element that is not a string or number: `what` reads "a JSON object", "JSON null"... */
export interface NonIdElement {
  /** Source text, shortened to 200 characters for display. */
  value: string;
  /** 1-based position in the array. */
  element: number;
  what: string;
}

export interface JsonValues {
  /** The string and number elements, in order, with their hashes. */
  values: HashedValues;
  rejected: NonIdElement[];
}

/** Where scalarInto puts a value. */
export interface ValueSink {
  push(value: string): unknown;
}

const MAX_SHOWN = 200;

export function readJsonArray(text: string): JsonValues | undefined {
  const n = text.length;
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x5b /* [ */) return undefined;
  let last = n;
  while (last > i && isJsonSpace(text.charCodeAt(last - 1))) last--;
  if (text.charCodeAt(last - 1) !== 0x5d /* ] */) return undefined;

  // About one element per line (a pretty-printed array), within the bound parseIds sets its hints.
  const values = new HashedValues(Math.min(lineEstimate(text, i), n >> 4));
  const rejected: NonIdElement[] = [];
  const hashStart = HASH_START;
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === 0x5d) return skipSpace(text, i + 1) === n ? { values, rejected } : undefined;
  for (let element = 1; ; element++) {
    i = skipSpace(text, i);
    let end: number;
    // A string without escapes or control characters ends at the next quote: one loop finds it and
    // hashes the value. Any other string (or none) is read by scalarInto from its start again.
    let close = i + 1;
    let h = hashStart;
    if (text.charCodeAt(i) === DQUOTE) {
      for (; close < n; close++) {
        const c = text.charCodeAt(close);
        if (c === DQUOTE || c === BACKSLASH || c < 0x20) break;
        h = hashStep(h, c);
      }
    }
    if (text.charCodeAt(i) === DQUOTE && text.charCodeAt(close) === DQUOTE) {
      values.pushHashed(text.slice(i + 1, close), hashEnd(h));
      end = close + 1;
    } else {
      end = scalarInto(values, text, i);
    }
    if (end === INVALID) return undefined;
    if (end === NOT_SCALAR) {
      const c = text.charCodeAt(i);
      if (c === 0x5b || c === 0x7b /* [ { */) {
        end = nestedEnd(text, i);
        if (end < 0 || !isJson(text.slice(i, end))) return undefined;
        const what = c === 0x5b ? 'a nested JSON array' : 'a JSON object';
        rejected.push({ value: shown(text.slice(i, end)), element, what });
      } else {
        const word = literalAt(text, i);
        if (word === undefined) return undefined;
        end = i + word.length;
        rejected.push({ value: word, element, what: `JSON ${word}` });
      }
    }
    i = skipSpace(text, end);
    const after = text.charCodeAt(i);
    if (after === 0x2c /* , */) {
      i++;
      continue;
    }
    if (after !== 0x5d) return undefined;
    return skipSpace(text, i + 1) === n ? { values, rejected } : undefined;
  }
}

export interface JsonLines {
  values: string[];
  /** False when every line is a number: then the text reading gives the same values. */
  hasString: boolean;
}

export function readJsonLines(text: string): JsonLines | undefined {
  const n = text.length;
  const values: string[] = [];
  let hasString = false;
  let i = 0;
  for (;;) {
    i = skipSpace(text, i);
    if (i >= n) break;
    const end = scalarInto(values, text, i);
    if (end < 0) return undefined;
    if (text.charCodeAt(i) === DQUOTE) hasString = true;
    i = end;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === SPACE || d === TAB || d === CR) i++;
      else break;
    }
    if (i < n && text.charCodeAt(i) !== LF) return undefined;
  }
  return values.length > 0 ? { values, hasString } : undefined;
}

/**
 * Reads the JSON string or number at `i` into `values` and returns its end; NOT_SCALAR when `i`
 * opens neither, INVALID when it opens one that is not valid JSON.
 */
export function scalarInto(values: ValueSink, text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === DQUOTE) {
    const close = stringEnd(text, i);
    if (close < 0) return INVALID;
    const value = stringValue(text, i, close);
    if (value === undefined) return INVALID;
    values.push(value);
    return close + 1;
  }
  if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
    const end = numberEnd(text, i);
    if (end < 0) return INVALID;
    values.push(text.slice(i, end));
    return end;
  }
  return NOT_SCALAR;
}

export function skipSpace(text: string, i: number): number {
  const n = text.length;
  while (i < n && isJsonSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Index of the closing quote of the string literal opening at `start`, or -1 if not a valid one. */
export function stringEnd(text: string, start: number): number {
  const n = text.length;
  for (let k = start + 1; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === DQUOTE) return k;
    if (c === BACKSLASH) k++;
    else if (c < 0x20) return -1;
  }
  return -1;
}

export function stringValue(text: string, start: number, end: number): string | undefined {
  const inner = text.slice(start + 1, end);
  if (inner.indexOf('\\') < 0) return inner;
  try {
    return JSON.parse(text.slice(start, end + 1)) as string;
  } catch {
    return undefined;
  }
}

/** End of the JSON number at `start` (strict grammar), or -1. */
function numberEnd(text: string, start: number): number {
  const n = text.length;
  let k = start;
  if (text.charCodeAt(k) === 0x2d) k++;
  const first = text.charCodeAt(k);
  if (first === 0x30) k++;
  else if (first >= 0x31 && first <= 0x39) k = digitsEnd(text, k);
  else return -1;
  if (k < n && text.charCodeAt(k) === 0x2e /* . */) {
    const f = digitsEnd(text, k + 1);
    if (f === k + 1) return -1;
    k = f;
  }
  const e = text.charCodeAt(k);
  if (e === 0x65 || e === 0x45 /* e E */) {
    k++;
    const sign = text.charCodeAt(k);
    if (sign === 0x2b || sign === 0x2d) k++;
    const x = digitsEnd(text, k);
    if (x === k) return -1;
    k = x;
  }
  return k;
}

function digitsEnd(text: string, k: number): number {
  const n = text.length;
  while (k < n) {
    const c = text.charCodeAt(k);
    if (c < 0x30 || c > 0x39) break;
    k++;
  }
  return k;
}

/** End (exclusive) of the bracketed value at `start` by bracket depth outside strings, or -1. */
export function nestedEnd(text: string, start: number): number {
  const n = text.length;
  let depth = 0;
  for (let k = start; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === DQUOTE) {
      k = stringEnd(text, k);
      if (k < 0) return -1;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
    } else if (c === 0x5d || c === 0x7d) {
      if (--depth === 0) return k + 1;
    }
  }
  return -1;
}

export function isJson(source: string): boolean {
  try {
    JSON.parse(source);
    return true;
  } catch {
    return false;
  }
}

export function literalAt(text: string, i: number): 'null' | 'true' | 'false' | undefined {
  for (const word of ['null', 'true', 'false'] as const) {
    if (text.startsWith(word, i)) return word;
  }
  return undefined;
}

export function shown(source: string): string {
  return source.length <= MAX_SHOWN ? source : `${source.slice(0, MAX_SHOWN - 1)}…`;
}
