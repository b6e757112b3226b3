// The reader's fast paths (a text of line-separated tokens, de-duplication without a Set) must read
// exactly what the general paths read: the same tokens at the same spans, the same distinct IDs.
import assert from 'node:assert/strict';
import { DistinctStrings } from '../../src/core/ids/distinct';
import { scanTextTokens } from '../../src/core/ids/text';
import { seededRandom } from '../fakes/clock';

type Token = [string, number, number, boolean];

function tokens(text: string): Token[] {
  const out: Token[] = [];
  scanTextTokens(text, (value, start, end, quoted) => out.push([value, start, end, quoted]));
  return out;
}

describe('ID reader fast paths', () => {
  it('reads a text of line-separated tokens like the general scanner (LF, CRLF, blank lines, a lone CR)', () => {
    const random = seededRandom(1414);
    const pieces = ['u-1', 'anna', 'ann@x.io', 'Ünïcødé', '😀id', '\n', '\n', '\r\n', '\r\n\r\n', '\r', 'x\r', '42'];
    for (let round = 0; round < 2000; round++) {
      let text = '';
      const length = Math.floor(random() * 12);
      for (let k = 0; k < length; k++) text += pieces[Math.floor(random() * pieces.length)];
      // A tab at the very end changes no token but forces the general scanner.
      assert.deepEqual(tokens(text), tokens(`${text}\t`), JSON.stringify(text));
    }
  });

  it('keeps every distinct string once, in first-seen order, whatever the hashes do', () => {
    const random = seededRandom(14);
    const distinct = new DistinctStrings();
    const reference = new Set<string>();
    for (let k = 0; k < 50_000; k++) {
      const value = k % 7 === 0 ? '' : `id-${Math.floor(random() * 20_000)}${k % 3 === 0 ? 'é' : ''}`;
      assert.equal(distinct.add(value), !reference.has(value));
      reference.add(value);
    }
    assert.deepEqual(distinct.values, [...reference]);
    assert.equal(distinct.has('id-not-there'), false);
    assert.equal(distinct.has(distinct.values[123]), true);
  });
});
