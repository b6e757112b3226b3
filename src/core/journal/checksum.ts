// A CRC-32 in every line this code writes, so one changed byte is found even where the line still
// reads as valid JSON (a digit of an index, a character of an ID): without it a damaged job line
// could make resume send an ID nobody chose. The checksum is the record's second field,
// {"t":"s","c":"<8 hex>",…}, over the line without that field; older readers ignore it, and
// lines written without one (by older versions) still load, unchecked.
import { crc32 } from 'node:zlib';

/** `{"t":"x",` */
const HEAD = 9;
/** Where the checksum field goes in a line: after `{"t":"x",`. */
export const CHECKSUM_AT = HEAD;
/** Where the rest of the record starts after `"c":"<8 hex>",`. */
const REST = HEAD + 15;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** The line (a record as JSON.stringify writes it, `t` first) with its checksum. */
export function withChecksum(line: string): string {
  return `${line.slice(0, HEAD)}${checksumField(crc32(line))}${line.slice(HEAD)}`;
}

/** `"c":"<8 hex>",` for a line whose CRC-32 (without this field) is `crc`. */
export function checksumField(crc: number): string {
  return `"c":"${crc.toString(16).padStart(8, '0')}",`;
}

/** `none`: the line has no checksum (an older writer's); `ok` or `bad` otherwise. Runs once per line loaded: no strings, no regex. */
export function checkLine(buf: Buffer, start: number, end: number): 'none' | 'ok' | 'bad' {
  const f = start + HEAD;
  if (end - start <= REST || buf[f - 1] !== COMMA || buf[f] !== QUOTE || buf[f + 1] !== 0x63 || buf[f + 2] !== QUOTE || buf[f + 3] !== 0x3a || buf[f + 4] !== QUOTE) {
    return 'none';
  }
  let want = 0;
  for (let k = f + 5; k < f + 13; k++) {
    const c = buf[k];
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (digit < 0) return 'bad';
    want = want * 16 + digit;
  }
  if (buf[f + 13] !== QUOTE || buf[f + 14] !== COMMA) return 'bad';
  return crcOf(buf, start + REST, end, crcOf(buf, start, f)) === want ? 'ok' : 'bad';
}

/** CRC-32 (the one zlib computes) of buf[start, end), continuing from `previous`; table-driven, for short lines faster than a native call. */
function crcOf(buf: Buffer, start: number, end: number, previous = 0): number {
  let crc = ~previous;
  for (let i = start; i < end; i++) crc = TABLE[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

const TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c;
}
