// Bytes of an ID file or of standard input → text, refusing invalid UTF-8 instead of turning it
// into U+FFFD (an ID with a replacement character would be sent, and "accepted", for a user who
// does not exist). Chunks are decoded as they come (a character split between chunks is fine);
// the line of the first invalid byte is found only when decoding fails.

export class InvalidUtf8Error extends Error {
  override name = 'InvalidUtf8Error';
  constructor(
    /** 1-based line of the first invalid byte. */
    readonly line: number,
    /** The bytes start like UTF-16 (a byte order mark FF FE or FE FF). */
    readonly utf16: boolean,
  ) {
    super(`not valid UTF-8 (line ${line})${utf16 ? '; it looks like UTF-16: save it as UTF-8' : ''}`);
  }
}

const LF = 0x0a;

export class Utf8Decoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly parts: string[] = [];
  /** 1 + line feeds in the bytes decoded so far. */
  private line = 1;
  /** The end of the previous chunk that starts a character the chunk did not finish. */
  private pending: Uint8Array = new Uint8Array(0);
  private first = true;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const utf16 = this.first && chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff));
    this.first = false;
    try {
      this.parts.push(this.decoder.decode(chunk, { stream: true }));
    } catch {
      const bytes = concat(this.pending, chunk);
      throw new InvalidUtf8Error(this.line + lineFeeds(bytes, 0, Math.max(0, firstInvalid(bytes))), utf16);
    }
    this.line += lineFeeds(chunk, 0, chunk.length);
    this.pending = chunk.subarray(chunk.length - unfinishedTail(chunk));
  }

  /** All the text; throws when the bytes end inside a character. */
  end(): string {
    try {
      this.parts.push(this.decoder.decode());
    } catch {
      throw new InvalidUtf8Error(this.line, false);
    }
    return this.parts.join('');
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function lineFeeds(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let k = bytes.indexOf(LF, from); k >= 0 && k < to; k = bytes.indexOf(LF, k + 1)) count++;
  return count;
}

/** How many bytes at the end begin a character that continues in the next chunk (0–3). */
function unfinishedTail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/** Index of the first byte that is not part of a valid UTF-8 character (as TextDecoder's fatal mode decides), or -1. */
export function firstInvalid(bytes: Uint8Array): number {
  const n = bytes.length;
  let k = 0;
  while (k < n) {
    const b = bytes[k];
    if (b < 0x80) {
      k++;
      continue;
    }
    let length: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [length, min] = [3, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [length, min] = [4, 0x10000];
    else return k;
    if (k + length > n) return k;
    let code = b & (0xff >> (length + 1));
    for (let m = 1; m < length; m++) {
      const c = bytes[k + m];
      if ((c & 0xc0) !== 0x80) return k;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return k;
    k += length;
  }
  return -1;
}
