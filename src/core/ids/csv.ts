// CSV reading. A selection is read as CSV only when its first row is a header (see isHeaderRow);
// the values of one column are then the IDs. Fields follow RFC 4180: quoted fields may contain
// delimiters, newlines and "" escapes; spaces around unquoted fields are trimmed (quoted fields are
// kept exactly); LF, CRLF and CR line ends. A malformed quoted field (no closing quote, or text
// after it) is read as an unquoted field up to the next delimiter on its line.
import type { ParseOptions } from './types';

// Module-local constants: see text.ts for why they are not imported.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const COMMA = 44;
const SEMICOLON = 59;

/** Header names (lower-cased, without `_`, `-`, `.` and spaces) picked automatically. */
const ID_COLUMNS = new Set(['userid', 'identity', 'guid', 'registrationid', 'customeruserid', 'customid', 'alias']);

export type CsvPlan =
  | { kind: 'not-csv' }
  | { kind: 'csv'; reader: CsvReader; column: number; header: string; columns: number; dataStart: number }
  | { kind: 'needs-column'; headers: string[]; candidates: string[] };

/** A first row wider than this is an ID list on one line, not a header (and is not collected). */
const MAX_HEADER_CELLS = 1000;

/**
 * Decides how to read a selection as CSV. It is CSV when it has a first row and at least one data
 * row, and the first row is a header: it names the column passed in options, or names a known ID
 * column (user_id, identity, guid, registration_id, customer_user_id, custom_id, alias, also
 * spelled userId, user-id, USER ID...), or passes isHeaderRow. One known ID column (or the chosen
 * one) is used; none or several → the engineer is asked.
 */
export function planCsv(text: string, options: ParseOptions): CsvPlan {
  const headerStart = skipBlankLines(text, 0);
  if (headerStart >= text.length) return { kind: 'not-csv' };
  const reader = new CsvReader(text, delimiterOf(text, headerStart), headerStart);
  const headers = reader.readRow(MAX_HEADER_CELLS);
  if (!headers || reader.atEnd()) return { kind: 'not-csv' };
  const dataStart = reader.position();
  const firstData = reader.readRow(MAX_HEADER_CELLS) ?? [];

  const chosen = chosenColumn(headers, options.csvColumn);
  const candidates = headers.flatMap((h, i) => (ID_COLUMNS.has(normalizedHeader(h)) ? [i] : []));
  const namedByOption = typeof options.csvColumn === 'string' && chosen !== undefined;
  if (!namedByOption && candidates.length === 0 && !isHeaderRow(headers, firstData)) return { kind: 'not-csv' };

  const column = chosen ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (column === undefined) {
    return { kind: 'needs-column', headers, candidates: candidates.length > 1 ? candidates.map((i) => headers[i]) : [] };
  }
  reader.seek(dataStart);
  return { kind: 'csv', reader, column, header: headers[column], columns: headers.length, dataStart };
}

/**
 * Is the first row a header, though it names no known ID column? Only when it cannot be the
 * first line of a plain ID list: at least two cells, all distinct, each looking like a column name
 * (starts with a letter; letters, digits, spaces, _ - . # ( ) / only; at most 64 characters), the
 * next row has as many cells, and in some column the header has no digit or @ while the value
 * under it has one ("email,name / a@b.c,Bob", "user,name / u1,Bob"). So "u1,u2 / u3,u4" (digits
 * in every header cell) and "alice,bob / carol,dave" (nothing tells them apart) stay plain lists.
 */
export function isHeaderRow(headers: readonly string[], firstData: readonly string[]): boolean {
  if (headers.length < 2 || firstData.length !== headers.length) return false;
  if (new Set(headers).size !== headers.length) return false;
  if (!headers.every((h) => h.length <= 64 && COLUMN_NAME.test(h))) return false;
  return headers.some((h, i) => !DIGIT_OR_AT.test(h) && DIGIT_OR_AT.test(firstData[i]));
}

const COLUMN_NAME = /^\p{L}[\p{L}\p{N} _.#()/-]*$/u;
const DIGIT_OR_AT = /[0-9@]/;

function normalizedHeader(header: string): string {
  return header.length > 64 ? '' : header.toLowerCase().replace(/[\s_.-]/g, '');
}

function chosenColumn(headers: readonly string[], choice: string | number | undefined): number | undefined {
  if (typeof choice === 'number') return Number.isInteger(choice) && choice >= 0 && choice < headers.length ? choice : undefined;
  if (choice === undefined) return undefined;
  const exact = headers.indexOf(choice);
  if (exact >= 0) return exact;
  const wanted = normalizedHeader(choice);
  const loose = wanted === '' ? -1 : headers.findIndex((h) => normalizedHeader(h) === wanted);
  return loose >= 0 ? loose : undefined;
}

/** The most frequent of comma, tab and semicolon outside quotes on the first line (comma if none). */
function delimiterOf(text: string, start: number): number {
  let commas = 0;
  let tabs = 0;
  let semicolons = 0;
  let quoted = false;
  for (let k = start; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === DQUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === LF || c === CR) break;
    else if (c === COMMA) commas++;
    else if (c === TAB) tabs++;
    else if (c === SEMICOLON) semicolons++;
  }
  if (tabs > commas && tabs >= semicolons) return TAB;
  if (semicolons > commas && semicolons > tabs) return SEMICOLON;
  return COMMA;
}

function skipBlankLines(text: string, from: number): number {
  let lineStart = from;
  for (let k = from; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || c === CR) lineStart = k + 1;
    else if (c !== SPACE && c !== TAB) return lineStart;
  }
  return text.length;
}

export class CsvReader {
  private pos: number;
  private fieldQuoted = false;
  private fieldEmpty = false;

  constructor(
    private readonly text: string,
    private readonly delimiter: number,
    start: number,
  ) {
    this.pos = start;
  }

  position(): number {
    return this.pos;
  }

  seek(pos: number): void {
    this.pos = pos;
  }

  atEnd(): boolean {
    this.pos = skipBlankLines(this.text, this.pos);
    return this.pos >= this.text.length;
  }

  /** All fields of the next non-blank row; undefined at the end or when it has over `maxFields`. */
  readRow(maxFields: number): string[] | undefined {
    if (this.atEnd()) return undefined;
    const fields: string[] = [];
    for (;;) {
      if (fields.length === maxFields) return undefined;
      fields.push(this.readField(true) as string);
      if (!this.nextField()) return fields;
    }
  }

  /**
   * Sends the given column of every remaining row to `sink`. A blank line is not a row; a row
   * without that column (or with it empty) gives '' so validation reports it as an empty ID.
   */
  readColumn(column: number, sink: (value: string) => void): void {
    const n = this.text.length;
    while (this.pos < n) {
      let value: string | undefined;
      let fields = 0;
      let blank = false;
      for (;;) {
        const v = this.readField(fields === column);
        if (fields === column) value = v;
        if (fields === 0) blank = !this.fieldQuoted && this.fieldEmpty;
        fields++;
        if (!this.nextField()) break;
        blank = false;
      }
      if (!blank) sink(value ?? '');
    }
  }

  /** After a field: steps over a delimiter (true) or over the line end (false). */
  private nextField(): boolean {
    const { text } = this;
    const c = text.charCodeAt(this.pos);
    if (c === this.delimiter) {
      this.pos++;
      return true;
    }
    if (c === CR) {
      this.pos++;
      if (text.charCodeAt(this.pos) === LF) this.pos++;
    } else if (c === LF) {
      this.pos++;
    }
    return false;
  }

  /** Reads one field; returns its value when `want` (else undefined) and stops at its terminator. */
  private readField(want: boolean): string | undefined {
    const { text, delimiter } = this;
    const n = text.length;
    let p = this.pos;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === SPACE || (c === TAB && delimiter !== TAB)) p++;
      else break;
    }
    if (p < n && text.charCodeAt(p) === DQUOTE) {
      const close = this.closingQuote(p);
      if (close >= 0) {
        let m = close + 1;
        while (m < n) {
          const c = text.charCodeAt(m);
          if (c === SPACE || (c === TAB && delimiter !== TAB)) m++;
          else break;
        }
        const t = text.charCodeAt(m);
        if (m === n || t === delimiter || t === LF || t === CR) {
          this.pos = m;
          this.fieldQuoted = true;
          this.fieldEmpty = close === p + 1;
          if (!want) return undefined;
          const inner = text.slice(p + 1, close);
          return inner.indexOf('""') < 0 ? inner : inner.replaceAll('""', '"');
        }
      }
    }
    let e = p;
    while (e < n) {
      const c = text.charCodeAt(e);
      if (c === delimiter || c === LF || c === CR) break;
      e++;
    }
    this.pos = e;
    while (e > p) {
      const c = text.charCodeAt(e - 1);
      if (c === SPACE || (c === TAB && delimiter !== TAB)) e--;
      else break;
    }
    this.fieldQuoted = false;
    this.fieldEmpty = e === p;
    return want ? text.slice(p, e) : undefined;
  }

  /**
   * The closing quote of the quoted field opening at `open`, or -1. Inside a quoted field quotes
   * come in pairs, so the closing quote ends the first run of quotes of odd length (counting the
   * opening run without the opening quote).
   */
  private closingQuote(open: number): number {
    const { text } = this;
    let k = open + 1;
    while (text.charCodeAt(k) === DQUOTE) k++;
    if ((k - open) % 2 === 0) return k - 1;
    return this.nextOddQuoteRun(k);
  }

  /**
   * End of the first odd-length run of quotes starting at or after `from`, or -1. Linear overall:
   * a search stops at the next odd run, and every quoted field that searches opens with an odd
   * run, so no stretch is searched twice (a field opening inside a searched stretch opens with an
   * even run and closes at once).
   */
  private nextOddQuoteRun(from: number): number {
    const { text } = this;
    let k = from;
    for (;;) {
      const q = text.indexOf('"', k);
      if (q < 0) return -1;
      let r = q + 1;
      while (text.charCodeAt(r) === DQUOTE) r++;
      if ((r - q) % 2 === 1) return r - 1;
      k = r;
    }
  }
}
