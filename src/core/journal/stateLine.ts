// Reads a state record ('s') straight from its bytes when it has exactly the layout this code
// writes — {"t":"s","c":"<checksum>","j":"<job>","x":<n>,"i":[<ranges>],"r":{<result>}}, or the
// same without the checksum field (older writers; the caller checks the checksum) — so a history of one-ID
// calls (a line per ID) costs neither a string nor a JSON.parse per line: the job id and the
// result are taken over from an earlier line whose bytes are the same. Any other line (another
// record type, whitespace, escapes, numbers JSON writes otherwise) is left to JSON.parse.
import type { IdResult } from '../job';
import { decodeResult, type Ranges } from './format';

const PREFIX = Buffer.from('{"t":"s","j":"');
/** The same with a checksum (checked by the caller): `{"t":"s","c":"<8 hex>","j":"`. */
const CHECKED_PREFIX = Buffer.from('{"t":"s","c":"');
const JOB_FIELD = Buffer.from('"j":"');
const AFTER_JOB = Buffer.from('","x":');
const AFTER_TARGET = Buffer.from(',"i":[');
const AFTER_RANGES = Buffer.from(',"r":{');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const BRACE_CLOSE = 0x7d;
const ZERO = 0x30;
/** Distinct result texts remembered (a one-ID run alternates "sending" and a few answers)... */
const REMEMBERED = 8;
/** ...of which at most this many (the last found first) are compared with a line's. */
const MAX_COMPARED = 4;
const PROBE = 256;
const BYPASS = 8192;

export class StateLineReader {
  /** The last line read: its job, target index, index ranges and result. */
  jobId = '';
  x = 0;
  ranges: Ranges = [];
  result: IdResult | undefined;

  private jobBytes: Buffer | undefined;
  /** Result texts and their results, the last one found first. */
  private readonly known: { text: Buffer; result: IdResult }[] = [];
  /** Lookups and hits of the current probe; lines left to read without looking up. */
  private probed = 0;
  private hits = 0;
  private bypass = 0;

  /** Reads the line buf[start, end) (no newline) into the fields above; false when JSON.parse must read it. */
  read(buf: Buffer, start: number, end: number): boolean {
    let p = start;
    if (startsWith(buf, p, end, CHECKED_PREFIX)) {
      p += CHECKED_PREFIX.length + 10;
      if (!startsWith(buf, p, end, JOB_FIELD)) return false;
      p += JOB_FIELD.length;
    } else {
      if (!startsWith(buf, p, end, PREFIX)) return false;
      p += PREFIX.length;
    }
    const jobStart = p;
    while (p < end && buf[p] !== QUOTE) {
      if (buf[p] === BACKSLASH || buf[p] < 0x20) return false;
      p++;
    }
    const jobEnd = p;
    if (!startsWith(buf, p, end, AFTER_JOB)) return false;
    p += AFTER_JOB.length;
    const x = readInteger(buf, p, end);
    if (x < 0) return false;
    p = integerEnd;
    if (!startsWith(buf, p, end, AFTER_TARGET)) return false;
    p += AFTER_TARGET.length;
    const ranges: Ranges = [];
    p = readRanges(buf, p, end, ranges);
    if (p < 0 || !startsWith(buf, p, end, AFTER_RANGES)) return false;
    const resultStart = p + AFTER_RANGES.length - 1;
    const resultEnd = end - 1;
    if (resultEnd <= resultStart || buf[resultEnd] !== BRACE_CLOSE) return false;
    const result = this.resultOf(buf, resultStart, resultEnd);
    if (!result) return false;
    this.jobId = this.jobOf(buf, jobStart, jobEnd);
    this.x = x;
    this.ranges = ranges;
    this.result = result;
    return true;
  }

  private jobOf(buf: Buffer, start: number, end: number): string {
    const known = this.jobBytes;
    if (known && known.length === end - start && startsWith(buf, start, end, known)) return this.jobId;
    this.jobBytes = Buffer.from(buf.subarray(start, end));
    return buf.toString('utf8', start, end);
  }

  /**
   * The result of these bytes: one remembered for the same bytes, or parsed. Where results seldom
   * repeat (a GDPR request id per ID) looking them up costs more than it saves, so after a probe
   * of PROBE lookups that found fewer than half, BYPASS lines are parsed without looking.
   */
  private resultOf(buf: Buffer, start: number, end: number): IdResult | undefined {
    if (this.bypass > 0) {
      this.bypass--;
      return parseResult(buf, start, end);
    }
    if (++this.probed === PROBE) {
      if (this.hits * 2 < PROBE) this.bypass = BYPASS;
      this.probed = 0;
      this.hits = 0;
    }
    const known = this.known;
    const length = end - start;
    let compared = 0;
    for (let k = 0; k < known.length && compared < MAX_COMPARED; k++) {
      const entry = known[k];
      const text = entry.text;
      if (text.length !== length) continue;
      compared++;
      if (buf.compare(text, 0, length, start, end) === 0) {
        for (let m = k; m > 0; m--) known[m] = known[m - 1];
        known[0] = entry;
        this.hits++;
        return entry.result;
      }
    }
    const result = parseResult(buf, start, end);
    if (!result) return undefined;
    known.unshift({ text: Buffer.from(buf.subarray(start, end)), result });
    if (known.length > REMEMBERED) known.pop();
    return result;
  }
}

function parseResult(buf: Buffer, start: number, end: number): IdResult | undefined {
  try {
    return decodeResult(JSON.parse(buf.toString('utf8', start, end)));
  } catch {
    return undefined;
  }
}

/** buf holds `bytes` from `at` on (a plain loop: Buffer.compare with offsets costs more per call than these few bytes). */
function startsWith(buf: Buffer, at: number, end: number, bytes: Buffer): boolean {
  const n = bytes.length;
  if (end - at < n) return false;
  for (let k = 0; k < n; k++) if (buf[at + k] !== bytes[k]) return false;
  return true;
}

/** Where the integer readInteger read last ends (saves an object per number). */
let integerEnd = 0;

/** A non-negative integer as JSON writes it (no sign, no leading zero, no fraction or exponent); -1 if none. */
function readInteger(buf: Buffer, at: number, end: number): number {
  let p = at;
  let value = 0;
  while (p < end && p - at < 15) {
    const c = buf[p];
    if (c < ZERO || c > ZERO + 9) break;
    value = value * 10 + (c - ZERO);
    p++;
  }
  if (p === at || (buf[at] === ZERO && p - at > 1)) return -1;
  const c = buf[p];
  if (p < end && (c === 0x2e || c === 0x65 || c === 0x45 || (c >= ZERO && c <= ZERO + 9))) return -1;
  integerEnd = p;
  return value;
}

/** Reads `n,[a,b],…]` (after the opening bracket) into `out`; returns the index after the closing bracket, or -1. */
function readRanges(buf: Buffer, at: number, end: number, out: Ranges): number {
  let p = at;
  if (buf[p] === CLOSE) return p + 1;
  for (;;) {
    if (buf[p] === OPEN) {
      const a = readInteger(buf, p + 1, end);
      if (a < 0 || buf[integerEnd] !== COMMA) return -1;
      const b = readInteger(buf, integerEnd + 1, end);
      if (b < 0 || buf[integerEnd] !== CLOSE) return -1;
      out.push([a, b]);
      p = integerEnd + 1;
    } else {
      const n = readInteger(buf, p, end);
      if (n < 0) return -1;
      out.push(n);
      p = integerEnd;
    }
    if (p >= end) return -1;
    if (buf[p] === CLOSE) return p + 1;
    if (buf[p] !== COMMA) return -1;
    p++;
  }
}
