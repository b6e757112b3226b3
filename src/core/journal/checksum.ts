// A CRC-32 in every line this code writes, so one changed byte is found even where the line still
// reads as valid JSON (a digit of an index, a character of an ID): without it a damaged job line
// could make resume send an ID nobody chose. The checksum is the record's second field,
// {"t":"s","c":"<8 hex>",…}, over the line without that field; older readers ignore it, and
// lines written without one (by older versions) still load, unchecked.
import { crc32 } from 'node:zlib';

/** `{"t":"x",` */
const HEAD = 9;
const FIELD = Buffer.from('"c":"');
/** Where the rest of the record starts after `"c":"<8 hex>",`. */
const REST = HEAD + FIELD.length + 8 + 2;

/** The line (a record as JSON.stringify writes it, `t` first) with its checksum. */
export function withChecksum(line: string): string {
  const sum = crc32(line).toString(16).padStart(8, '0');
  return `${line.slice(0, HEAD)}"c":"${sum}",${line.slice(HEAD)}`;
}

/** `none`: the line has no checksum (an older writer's); `ok` or `bad` otherwise. */
export function checkLine(buf: Buffer, start: number, end: number): 'none' | 'ok' | 'bad' {
  if (end - start <= REST || buf[start + HEAD - 1] !== 0x2c) return 'none';
  for (let k = 0; k < FIELD.length; k++) if (buf[start + HEAD + k] !== FIELD[k]) return 'none';
  const hex = buf.toString('latin1', start + HEAD + FIELD.length, start + REST - 2);
  if (!/^[0-9a-f]{8}$/.test(hex) || buf[start + REST - 2] !== 0x22 || buf[start + REST - 1] !== 0x2c) return 'bad';
  const sum = crc32(buf.subarray(start + REST, end), crc32(buf.subarray(start, start + HEAD)));
  return sum === parseInt(hex, 16) ? 'ok' : 'bad';
}

/** The offset past a line's checksum field (0 when it has none): the record's remaining fields. */
export const CHECKSUM_FIELD_BYTES = REST - HEAD;
