// CSV reading. A selection is read as CSV only when its first row is a header (see isHeaderRow);
// the values of one column are then the IDs. Fields follow RFC 4180: quoted fields may contain
// delimiters, newlines and "" escapes; spaces around unquoted fields are trimmed (quoted fields are
// kept exactly); LF, CRLF and CR line ends. A malformed quoted field (no closing quote, or text
// after it) is read as an unquoted field up to the next delimiter on its line.
import { chosenColumn, ID_COLUMN_NAMES, idColumns } from './columns';
import type { ParseOptions } from './types';

// Module-local constants: see text.ts for why they are not imported.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const HASH = 35;
const COMMA = 44;
const SEMICOLON = 59;

export type CsvPlan =
  | { kind: 'not-csv' }
  | {
      kind: 'csv';
      reader: CsvReader;
      column: number;
      header: string;
      columns: number;
      dataStart: number;
      /** What was assumed rather than read for certain (a title line above the header). */
      guesses: string[];
    }
  | { kind: 'needs-column'; headers: string[]; candidates: string[] }
  | { kind: 'refused'; reason: string };

/** A first row wider than this is an ID list on one line, not a header (and is not collected). */
const MAX_HEADER_CELLS = 1000;
/** How far below the first line a header may stand under a title. */
const MAX_TITLE_LINES = 4;

/**
 * Decides how to read a selection as CSV. Lines starting with `#` before the header are comments
 * (and then `#` lines among the rows too); an Excel `sep=;` line sets the delimiter. It is CSV when
 * a header row has at least one data row under it, and the header names the column passed in
 * options, or names a known ID column (user_id, identity, guid, registration_id, customer_user_id,
 * custom_id, alias, also spelled userId, user-id, USER ID...), or passes isHeaderRow. One known ID
 * column (or the chosen one) is used; none or several → the engineer is asked. A header of two or
 * more columns a few lines down is read under title lines (lines of one cell, or fewer cells than
 * the header) as a guess, and refused when the lines above it are no title: splitting every cell
 * would send header names and other columns' values.
 */
export function planCsv(text: string, options: ParseOptions): CsvPlan {
  const preamble = readPreamble(text);
  const headerStart = preamble.end;
  if (headerStart >= text.length) return { kind: 'not-csv' };
  const first = headerAt(text, headerStart, preamble, options);
  if (first.kind !== 'not-csv') return first;

  const firstCells = cellsAt(text, headerStart, preamble.delimiter ?? delimiterOf(text, headerStart));
  let lineStart = nextLine(text, headerStart);
  const above = [firstCells];
  for (let line = 1; line <= MAX_TITLE_LINES && lineStart < text.length; line++) {
    const start = skipBlankLines(text, lineStart);
    if (start >= text.length) break;
    const plan = headerAt(text, start, preamble, options);
    if (plan.kind !== 'not-csv' && plan.kind !== 'refused') {
      const headerCells = plan.kind === 'csv' ? plan.columns : plan.headers.length;
      if (headerCells >= 2) {
        const headerLine = lineNumber(text, start);
        if (!above.every((cells) => isTitleRow(cells, headerCells))) {
          return {
            kind: 'refused',
            reason: `line ${headerLine} looks like the header of a CSV table, but the line(s) above it are not a title: select the table from its header row on`,
          };
        }
        if (plan.kind === 'csv' && !(typeof options.csvColumn === 'string')) {
          const lines = headerLine - 1 === 1 ? 'line 1' : `lines 1–${headerLine - 1}`;
          plan.guesses.push(`${lines} taken for a title above the CSV header on line ${headerLine}`);
        }
        return plan;
      }
    }
    above.push(cellsAt(text, start, preamble.delimiter ?? delimiterOf(text, start)));
    lineStart = nextLine(text, start);
  }
  if (preamble.sep) {
    return { kind: 'refused', reason: `the text starts with a "sep=" line but no CSV header row names the column of user IDs (${ID_COLUMN_NAMES})` };
  }
  return { kind: 'not-csv' };
}

interface Preamble {
  /** Where the first line after comments and a sep= line starts. */
  end: number;
  /** From a sep= line. */
  delimiter: number | undefined;
  sep: boolean;
  comments: boolean;
}

/** Skips blank lines, `#` comment lines and one Excel `sep=X` line at the top. */
function readPreamble(text: string): Preamble {
  let pos = skipBlankLines(text, 0);
  let delimiter: number | undefined;
  let comments = false;
  let sep = false;
  for (;;) {
    if (pos >= text.length) break;
    if (text.charCodeAt(pos) === HASH) {
      comments = true;
    } else if (!sep && text.slice(pos, pos + 4).toLowerCase() === 'sep=' && isSepLine(text, pos)) {
      sep = true;
      delimiter = text.charCodeAt(pos + 4);
    } else {
      break;
    }
    pos = skipBlankLines(text, nextLine(text, pos));
  }
  return { end: pos, delimiter, sep, comments };
}

function isSepLine(text: string, pos: number): boolean {
  const d = text.charCodeAt(pos + 4);
  if (Number.isNaN(d) || d === LF || d === CR || d === DQUOTE) return false;
  let k = pos + 5;
  while (k < text.length && (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB)) k++;
  return k >= text.length || text.charCodeAt(k) === LF || text.charCodeAt(k) === CR;
}

/** The plan when the row at `start` is the header; not-csv when it is not one. */
function headerAt(text: string, start: number, preamble: Preamble, options: ParseOptions): CsvPlan {
  const reader = new CsvReader(text, preamble.delimiter ?? delimiterOf(text, start), start, preamble.comments);
  const headers = reader.readRow(MAX_HEADER_CELLS);
  if (!headers || reader.atEnd()) return { kind: 'not-csv' };
  const dataStart = reader.position();
  const firstData = reader.readRow(MAX_HEADER_CELLS) ?? [];

  const chosen = chosenColumn(headers, options.csvColumn);
  const candidates = idColumns(headers);
  const namedByOption = typeof options.csvColumn === 'string' && chosen !== undefined;
  if (!namedByOption && candidates.length === 0 && !isHeaderRow(headers, firstData)) return { kind: 'not-csv' };

  const column = chosen ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (column === undefined) {
    return { kind: 'needs-column', headers, candidates: candidates.length > 1 ? candidates.map((i) => headers[i]) : [] };
  }
  reader.seek(dataStart);
  return { kind: 'csv', reader, column, header: headers[column], columns: headers.length, dataStart, guesses: [] };
}

/** A title above a header of `headerCells` columns: one non-empty cell ("Title,,,"), or fewer cells. */
function isTitleRow(cells: readonly string[] | undefined, headerCells: number): boolean {
  if (!cells) return false;
  return cells.length < headerCells || cells.filter((c) => c !== '').length <= 1;
}

function cellsAt(text: string, start: number, delimiter: number): string[] | undefined {
  return new CsvReader(text, delimiter, start).readRow(MAX_HEADER_CELLS);
}

function nextLine(text: string, pos: number): number {
  let k = pos;
  while (k < text.length) {
    const c = text.charCodeAt(k++);
    if (c === LF) break;
    if (c === CR) {
      if (text.charCodeAt(k) === LF) k++;
      break;
    }
  }
  return k;
}

/** 1-based line of `pos` (only used for the first few lines). */
function lineNumber(text: string, pos: number): number {
  let line = 1;
  for (let k = 0; k < pos; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) line++;
  }
  return line;
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

/** The blanks trimmed around a plain field: spaces, and tabs unless the tab is the delimiter. */
function isPlainSpace(code: number, delimiter: number): boolean {
  return code === SPACE || (code === TAB && delimiter !== TAB);
}

/** Receives a column's value, with its span [start, end) when it is that text as it stands. */
export type ColumnSink = (value: string, start?: number, end?: number) => void;

export class CsvReader {
  private pos: number;
  private fieldQuoted = false;
  private fieldEmpty = false;

  constructor(
    private readonly text: string,
    private readonly delimiter: number,
    start: number,
    /** Lines starting with `#` are comments, not rows. */
    private readonly comments = false,
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
    while (this.comments && this.text.charCodeAt(this.pos) === HASH) this.pos = skipBlankLines(this.text, nextLine(this.text, this.pos));
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
   * Sends the given column of every remaining row to `sink`, with the value's span in the text
   * when it is read as it stands. A blank line is not a row; a row without that column (or with it
   * empty) gives '' so validation reports it as an empty ID.
   */
  readColumn(column: number, sink: ColumnSink): void {
    const n = this.text.length;
    if (!this.comments && this.text.indexOf('"', this.pos) < 0 && this.text.indexOf('\r', this.pos) < 0) {
      this.readPlainColumn(column, sink);
      return;
    }
    while (this.pos < n) {
      if (this.comments && this.atEnd()) break;
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

  /**
   * readColumn for the rest of a text without quotes, CRs or comment lines: every field is plain,
   * so the native searches for line ends and delimiters find the fields (a million-row export
   * read several times faster than field by field here).
   */
  private readPlainColumn(column: number, sink: ColumnSink): void {
    const { text, delimiter } = this;
    const n = text.length;
    const delimiterText = String.fromCharCode(delimiter);
    // The next delimiter at or after the current search start (n when there is none): searched
    // again only once passed, so rows without delimiters never rescan the rest of the text.
    let nextDelimiter = -1;
    let pos = this.pos;
    while (pos < n) {
      let lineEnd = text.indexOf('\n', pos);
      if (lineEnd < 0) lineEnd = n;
      let start = pos;
      let value: string | undefined;
      let valueStart = 0;
      let valueEnd = 0;
      let blank = false;
      for (let field = 0; ; field++) {
        if (nextDelimiter < start) {
          nextDelimiter = text.indexOf(delimiterText, start);
          if (nextDelimiter < 0) nextDelimiter = n;
        }
        const end = nextDelimiter < lineEnd ? nextDelimiter : lineEnd;
        if (field === column || field === 0) {
          let p = start;
          let e = end;
          while (p < e && isPlainSpace(text.charCodeAt(p), delimiter)) p++;
          while (e > p && isPlainSpace(text.charCodeAt(e - 1), delimiter)) e--;
          if (field === column) {
            value = text.slice(p, e);
            valueStart = p;
            valueEnd = e;
          }
          if (field === 0) blank = e === p;
        }
        if (end === lineEnd) break;
        blank = false;
        // Past the wanted column only the row's end matters.
        if (field >= column) break;
        start = end + 1;
      }
      if (!blank) {
        if (value === undefined) sink('');
        else sink(value, valueStart, valueEnd);
      }
      pos = lineEnd + 1;
    }
    this.pos = n;
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
