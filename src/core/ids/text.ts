// Plain-text reading: split on newlines, commas, semicolons, tabs and spaces. A token that starts
// with a quote (after any opening brackets) keeps its inner text exactly, separators included; it
// ends at the first matching quote on the same line that is followed (after any closing brackets)
// by a separator or the end, so `'it's'` gives `it's`. Without such a quote the token is read
// unquoted. Unquoted tokens lose opening brackets/quotes at their start and closing brackets/quotes
// at their end, so `[u1, u2]`, `(u1)` and `{u1,u2}` (SQL array literal) give u1 and u2, and
// `Ann <ann@x.io>` (a mail address) gives ann@x.io, and a Markdown code span gives its text.
// No escapes are decoded here: `"a""b"` gives `a""b`, `"a\"b"` gives `a\"b` up to its real end.
//
// Scanning is by UTF-16 code unit with charCodeAt and a class table, linear and without
// allocations between tokens. Constants are module-local on purpose: transpiled to CommonJS (tsx,
// mocha) an imported constant becomes a getter call, which made the hot loops ten times slower.

import { HASH_START, hashEnd, hashStep, type HashedValues } from './distinct';

const LF = 10;
const CR = 13;
const DQUOTE = 34;
const SQUOTE = 39;

const SEP = 1;
const OPEN = 2;
const CLOSE = 4;
const QUOTE = 8;

/** Class bits for ASCII code units; everything else is an ordinary token character. */
const CLASS = new Uint8Array(128);
for (const c of '\n\r,; \t') CLASS[c.charCodeAt(0)] = SEP;
for (const c of '[({<') CLASS[c.charCodeAt(0)] = OPEN;
for (const c of '])}>') CLASS[c.charCodeAt(0)] = CLOSE;
// A backtick only wraps (a Markdown code span: `user-51`); it never keeps separators inside.
for (const c of `"'\``) CLASS[c.charCodeAt(0)] = QUOTE;

/** Receives each token's value, the span [start, end) it was read from, and whether it was quoted. */
export type TokenSink = (value: string, start: number, end: number, quoted: boolean) => void;

/**
 * Any separator but a line end, bracket or quote (a CR only when it is not the CR of a CRLF).
 * Without one, every line is one unquoted token as it stands.
 */
const BEYOND_LINES = /[,; \t[\](){}<>"'`]|\r(?!\n)/;

/** Whether every line of `text` is one unquoted token as it stands (readLineTokens applies). */
export function isOneTokenPerLine(text: string): boolean {
  return !BEYOND_LINES.test(text);
}

export function scanTextTokens(text: string, sink: TokenSink): void {
  // Most selections hold one ID per line: the native search for a line end is several times
  // faster than reading each character here.
  if (isOneTokenPerLine(text)) {
    scanLines(text, sink);
    return;
  }
  const n = text.length;
  const doubleQuoted = new ClosingQuoteFinder(text, DQUOTE);
  const singleQuoted = new ClosingQuoteFinder(text, SQUOTE);
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128 && CLASS[c] === SEP) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && hasClass(text.charCodeAt(j), OPEN)) j++;
    if (j < n) {
      const q = text.charCodeAt(j);
      if (q === DQUOTE || q === SQUOTE) {
        const close = (q === DQUOTE ? doubleQuoted : singleQuoted).find(j + 1);
        if (close >= 0) {
          let end = close + 1;
          while (end < n && hasClass(text.charCodeAt(end), CLOSE)) end++;
          sink(text.slice(j + 1, close), i, end, true);
          i = end;
          continue;
        }
      }
    }
    let end = j;
    while (end < n && !hasClass(text.charCodeAt(end), SEP)) end++;
    let s = j;
    while (s < end && hasClass(text.charCodeAt(s), OPEN | QUOTE)) s++;
    let t = end;
    while (t > s && hasClass(text.charCodeAt(t - 1), CLOSE | QUOTE)) t--;
    if (t > s) sink(text.slice(s, t), i, end, false);
    i = end;
  }
}

/** scanTextTokens for a text whose only separators are line ends (LF or CRLF). */
function scanLines(text: string, sink: TokenSink): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0) lineEnd = n;
    const end = text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
    if (end > i) sink(text.slice(i, end), i, end, false);
    i = lineEnd + 1;
  }
}

/** Kinds of code units in a coded ID (cus-0042-9f2a): ASCII letters, digits, and - or _. */
const LETTER_UNIT = 1;
const DIGIT_UNIT = 2;
const JOINER_UNIT = 4;
const OTHER_UNIT = 8;
const CODED = LETTER_UNIT | DIGIT_UNIT | JOINER_UNIT;
const UNIT = new Uint8Array(128).fill(OTHER_UNIT);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z]/.test(ch)) UNIT[c] = LETTER_UNIT;
  else if (/[0-9]/.test(ch)) UNIT[c] = DIGIT_UNIT;
  else if (ch === '-' || ch === '_') UNIT[c] = JOINER_UNIT;
}
const DASH = 45;

/**
 * The tokens of a text of one token per line (isOneTokenPerLine), as scanTextTokens reads them,
 * into `into` with their hashes, computed while looking for the line's end. There every CR is
 * followed by a LF, so a token is a run of code units other than CR and LF.
 *
 * Returns the index (in `into`) of the first token that may not be a plain coded ID, or
 * `into.count` when none. A plain coded ID (cus-0042-9f2a) starts with ASCII letters, digits, - or
 * _ only until it has held one of each kind, ends with one of them, does not start like a date
 * (####-##-##), and the text holds no =. The suspicious-token check reads one as a coded ID at that
 * point and never sets it apart when it stands alone on its line (canBeSuspiciousAlone), so it
 * need not look at these.
 */
export function readLineTokens(text: string, into: HashedValues): number {
  const n = text.length;
  const start = HASH_START;
  let firstOther = text.indexOf('=') >= 0 ? 0 : -1;
  // Written here rather than through into.pushHashed: a call per line showed in profiles.
  let { values, hashes, count } = into;
  let i = 0;
  while (i < n) {
    let h = start;
    let k = i;
    for (; k < n; k++) {
      const c = text.charCodeAt(k);
      if (c === LF || c === CR) break;
      h = hashStep(h, c);
    }
    if (k > i) {
      if (firstOther < 0 && !isPlainCodedId(text, i, k)) firstOther = count;
      if (count === hashes.length) {
        into.count = count;
        into.grow();
        ({ values, hashes } = into);
      }
      values[count] = text.slice(i, k);
      hashes[count++] = hashEnd(h);
    }
    i = k + 1;
  }
  into.count = count;
  return firstOther < 0 ? count : firstOther;
}

/** See readLineTokens: only its first few code units are read. */
function isPlainCodedId(text: string, start: number, end: number): boolean {
  const last = text.charCodeAt(end - 1);
  if (last >= 128 || UNIT[last] === OTHER_UNIT) return false;
  if (end - start >= 10 && text.charCodeAt(start + 4) === DASH && text.charCodeAt(start + 7) === DASH) return false;
  let kinds = 0;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    kinds |= c < 128 ? UNIT[c] : OTHER_UNIT;
    if (kinds === CODED) return true;
    if (kinds & OTHER_UNIT) return false;
  }
  return false;
}

/**
 * Sends to `sink` the first `count` tokens that readLineTokens read from `text` as scanTextTokens
 * would (`values` are those tokens, in order), without slicing them again.
 */
export function replayLineTokens(text: string, values: readonly string[], count: number, sink: TokenSink): void {
  let i = 0;
  for (let t = 0; t < count; t++) {
    for (let c = text.charCodeAt(i); c === LF || c === CR; c = text.charCodeAt(i)) i++;
    const end = i + values[t].length;
    sink(values[t], i, end, false);
    i = end;
  }
}

/**
 * About the lines from `from` on (line feeds + 1), counted in the first 64 KB and extrapolated:
 * about the IDs of a list of one per line or row, for sizing (counting them all cost a pass).
 */
export function lineEstimate(text: string, from: number): number {
  const sampleEnd = Math.min(text.length, from + (1 << 16));
  let lines = 1;
  for (let k = text.indexOf('\n', from); k >= 0 && k < sampleEnd; k = text.indexOf('\n', k + 1)) lines++;
  if (sampleEnd === text.length) return lines;
  // A little over, so a list of even lines does not grow its arrays at the very end.
  return Math.ceil((((lines - 1) * (text.length - from)) / (sampleEnd - from)) * 1.05) + 16;
}

function hasClass(code: number, mask: number): boolean {
  return code < 128 && (CLASS[code] & mask) !== 0;
}

/**
 * Finds closing quotes. Token starts only move forward, and the answer for a start inside an
 * already scanned stretch is the same as for that stretch, so one cached answer keeps the total
 * work linear even for a line full of unbalanced quotes.
 */
class ClosingQuoteFinder {
  private cachedFrom = Number.POSITIVE_INFINITY;
  private cachedResult = -1;
  /** When cachedResult is -1: the end of the line that was scanned without success. */
  private cachedLimit = -1;

  constructor(
    private readonly text: string,
    private readonly quote: number,
  ) {}

  /** Index of the closing quote at or after `from` on the same line, or -1. */
  find(from: number): number {
    if (from >= this.cachedFrom && from <= (this.cachedResult >= 0 ? this.cachedResult : this.cachedLimit)) {
      return this.cachedResult;
    }
    const { text, quote } = this;
    const n = text.length;
    let k = from;
    for (; k < n; k++) {
      const c = text.charCodeAt(k);
      if (c === LF || c === CR) break;
      if (c !== quote) continue;
      let m = k + 1;
      while (m < n && hasClass(text.charCodeAt(m), CLOSE)) m++;
      if (m === n || hasClass(text.charCodeAt(m), SEP)) return this.remember(from, k, k);
    }
    return this.remember(from, -1, k);
  }

  private remember(from: number, result: number, limit: number): number {
    this.cachedFrom = from;
    this.cachedResult = result;
    this.cachedLimit = limit;
    return result;
  }
}

/**
 * The token under the cursor on one line (for an empty selection), read with the same rules as
 * text. A cursor just after a token counts as on it; a cursor between separators gives undefined.
 */
export function tokenAt(lineText: string, character: number): string | undefined {
  const at = Math.max(0, Math.min(Math.trunc(character) || 0, lineText.length));
  let touching: string | undefined;
  let inside: string | undefined;
  scanTextTokens(lineText, (value, start, end) => {
    if (inside !== undefined) return;
    if (start <= at && at < end) inside = value;
    else if (end === at) touching = value;
  });
  return inside ?? touching;
}
