// The fatal UTF-8 decoder of ID files and standard input: valid text whatever the chunking,
// invalid bytes refused with the line of the first one, never turned into U+FFFD.
import assert from 'node:assert/strict';
import { firstInvalid, InvalidUtf8Error, Utf8Decoder } from '../../src/core/ids/utf8';

function decode(chunks: Uint8Array[]): string {
  const decoder = new Utf8Decoder();
  for (const chunk of chunks) decoder.push(chunk);
  return decoder.end();
}

function lineOfError(chunks: Uint8Array[]): number {
  try {
    decode(chunks);
  } catch (error) {
    assert.ok(error instanceof InvalidUtf8Error, String(error));
    return error.line;
  }
  assert.fail('decoded invalid UTF-8');
}

/** Every way of cutting `bytes` in two, and one-byte chunks. */
function chunkings(bytes: Uint8Array): Uint8Array[][] {
  const ways: Uint8Array[][] = [[bytes], Array.from(bytes, (b) => Uint8Array.of(b))];
  for (let cut = 1; cut < bytes.length; cut++) ways.push([bytes.subarray(0, cut), bytes.subarray(cut)]);
  return ways;
}

describe('UTF-8 decoding of ID input', () => {
  const text = 'user-1\nÜnïcødé\n用户\n🙂u1\n';
  const bytes = new Uint8Array(Buffer.from(text, 'utf8'));

  it('decodes valid text the same whatever the chunk boundaries', () => {
    for (const chunks of chunkings(bytes)) assert.equal(decode(chunks), text);
  });

  const invalid: [string, number[], number][] = [
    ['a Latin-1 é', [...Buffer.from('u1\nu2\ncaf'), 0xe9, 0x0a], 3],
    ['a lone continuation byte', [...Buffer.from('a\n'), 0x80], 2],
    ['an overlong slash', [0xc0, 0xaf, 0x0a], 1],
    ['a surrogate', [...Buffer.from('x\ny\nz\n'), 0xed, 0xa0, 0x80], 4],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 1],
    ['a character cut at the end', [...Buffer.from('ok\nok\n'), 0xe7, 0x94], 3],
  ];
  for (const [name, list, line] of invalid) {
    it(`refuses ${name}, naming line ${line}, however it is chunked`, () => {
      for (const chunks of chunkings(Uint8Array.from(list))) assert.equal(lineOfError(chunks), line, `chunks ${chunks.map((c) => c.length).join('+')}`);
    });
  }

  it('says when the bytes look like UTF-16', () => {
    const utf16 = Buffer.from('\ufeffu1\n', 'utf16le');
    assert.throws(() => decode([utf16]), /line 1\); it looks like UTF-16/);
  });

  it('finds the first invalid byte as TextDecoder does', () => {
    assert.equal(firstInvalid(Buffer.from('plain 🙂 text')), -1);
    assert.equal(firstInvalid(Uint8Array.of(0x61, 0xff, 0x62)), 1);
    assert.equal(firstInvalid(Uint8Array.of(0xe0, 0x80, 0x80)), 0);
  });
});
