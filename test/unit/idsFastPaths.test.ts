// The reader's fast paths (a text of line-separated tokens, de-duplication without a Set) must read
// exactly what the general paths read: the same tokens at the same spans, the same distinct IDs.
import assert from 'node:assert/strict';
import { CsvReader } from '../../src/core/ids/csv';
import { DistinctStrings } from '../../src/core/ids/distinct';
import { readJsonArray } from '../../src/core/ids/json';
import { parseIds } from '../../src/core/ids/parse';
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

  it('reads a CSV column without quotes or CRs like the field-by-field reader', () => {
    const random = seededRandom(1415);
    const cells = ['u-1', ' u-2 ', '', '\t', 'ann@x.io', ' ', 'Ünï', 'a b', '7'];
    for (const delimiter of [',', ';', '\t']) {
      for (let round = 0; round < 1500; round++) {
        let text = '';
        const rows = Math.floor(random() * 6);
        for (let r = 0; r < rows; r++) {
          const fields = Math.floor(random() * 4);
          const row: string[] = [];
          for (let f = 0; f <= fields; f++) row.push(cells[Math.floor(random() * cells.length)]);
          text += `${row.join(delimiter)}${random() < 0.3 ? '\n\n' : '\n'}`;
        }
        if (random() < 0.3) text = text.slice(0, -1);
        const column = Math.floor(random() * 3);
        const read = (source: string): string[] => {
          const out: string[] = [];
          new CsvReader(source, delimiter.charCodeAt(0), 0).readColumn(column, (value) => out.push(value));
          return out;
        };
        // A CR on a line of its own after the last line is a blank row, but sends the reader field by field.
        assert.deepEqual(read(text), read(text.endsWith('\n') ? `${text}\r` : `${text}\n\r`), JSON.stringify({ text, column, delimiter }));
      }
    }
  });

  it('reads a JSON array without escapes like the general reader, broken strings included', () => {
    const random = seededRandom(1416);
    const parts = ['"u-1"', '"a b"', '""', '"Ünï"', '"x\ny"', '"open', '42', '-1.5', 'null', '{"a":"b"}', '["n"]', '"q"', ',', ',\n', '\n', ' '];
    for (let round = 0; round < 3000; round++) {
      let body = '';
      const length = Math.floor(random() * 8);
      for (let k = 0; k < length; k++) body += parts[Math.floor(random() * parts.length)];
      const text = random() < 0.5 ? `[${body}]` : `[${body}]\n`;
      // A tab after the array changes nothing in JSON but sends the reader character by character.
      assert.deepEqual(readJsonArray(text), readJsonArray(`${text}\t`), JSON.stringify(text));
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
  });

  it('stays correct and quick on values built to share one hash ("Aa" and "BB" blocks)', () => {
    const distinct = new DistinctStrings();
    const expected: string[] = [];
    for (let k = 0; k < 1 << 15; k++) {
      let value = '';
      for (let bit = 0; bit < 15; bit++) value += (k >> bit) & 1 ? 'BB' : 'Aa';
      expected.push(value);
      assert.equal(distinct.add(value), true);
    }
    for (const value of expected) assert.equal(distinct.add(value), false);
    assert.deepEqual(distinct.values, expected);
  });

  it('keeps the same distinct values when told how many to expect (too few, too many) and when adopting arrays', () => {
    const random = seededRandom(1400);
    for (let round = 0; round < 40; round++) {
      const distinct = new DistinctStrings();
      const reference = new Set<string>();
      const spread = 1 + Math.floor(random() * 5000);
      const value = (): string => `u-${Math.floor(random() * spread)}`;
      for (let step = 0; step < 6; step++) {
        const what = random();
        if (what < 0.3) {
          distinct.expect(Math.floor(random() * 3000));
        } else if (what < 0.6) {
          const values = Array.from({ length: Math.floor(random() * 2000) }, value);
          for (const v of values) reference.add(v);
          distinct.addAll(values, Math.floor(random() * 3000));
        } else {
          for (let k = Math.floor(random() * 2000); k > 0; k--) {
            const v = value();
            assert.equal(distinct.add(v), !reference.has(v));
            reference.add(v);
          }
        }
        // Reading the values midway gives the room back; adding goes on after it.
        if (random() < 0.3) assert.deepEqual(distinct.values, [...reference]);
        assert.equal(distinct.size, reference.size);
      }
      assert.deepEqual(distinct.values, [...reference], `round ${round}`);
    }
  });

  it('de-duplicates an adopted array in place, also when the values share one hash', () => {
    const blocks: string[] = [];
    for (let k = 0; k < 1 << 12; k++) {
      let value = '';
      for (let bit = 0; bit < 12; bit++) value += (k >> bit) & 1 ? 'BB' : 'Aa';
      blocks.push(value);
    }
    const values = blocks.flatMap((v, k) => (k % 3 === 0 ? [v, blocks[k >> 1], v] : [v]));
    const expected = [...new Set(values)];
    const distinct = new DistinctStrings();
    distinct.addAll(values, values.length);
    assert.deepEqual(distinct.values, expected);
    distinct.add('after');
    distinct.add(blocks[7]);
    assert.deepEqual(distinct.values, [...expected, 'after']);
  });

  it('reads a list of one token per line like the general reader: same IDs, suspicious tokens, duplicates', () => {
    const random = seededRandom(1417);
    const units = 'aZk0794-_-_.:@/#!?¿é’';
    const words = ['cus-0000042-9f2a0c', 'user_1', 'u-2', 'anna', 'Hello', 'null', 'N/A', 'user_id', 'userId', 'alias', '42', '+49', '007', '2024-05-01', '2024-05-01-x1', '2024-05-01T10:00Z', '10:42', 'a1.', 'b2!', 'u-3:', 'http://x1', 'www.x1', 'mailto:a@b.c', 'a=b1', 'k-1=2', '¿q1', '#', '//', '--', 'From:', 'sep=;', 'id-1-', '-id1', '_1a', 'A-1', '1-a', 'Ünï-1', '😀-1', 'x'.repeat(30) + '-1'];
    const breaks = ['\n', '\n', '\n', '\r\n', '\n\n', '\r\n\r\n'];
    const token = (): string => {
      if (random() < 0.5) return words[Math.floor(random() * words.length)];
      let value = '';
      for (let k = 1 + Math.floor(random() * 14); k > 0; k--) value += units[Math.floor(random() * units.length)];
      return value;
    };
    for (let round = 0; round < 3000; round++) {
      // Mostly coded IDs (the reader's shortcut), with now and then one token of another kind.
      const coded = random() < 0.7;
      let text = '';
      for (let k = Math.floor(random() * 12); k > 0; k--) {
        text += coded && random() < 0.85 ? `c${Math.floor(random() * 9)}-${Math.floor(random() * 30)}` : token();
        text += breaks[Math.floor(random() * breaks.length)];
      }
      if (random() < 0.5) text = text.replace(/\r?\n$/, '');
      // A tab at the very end changes no token and no phrase, but sends the text to the general reader.
      assert.deepEqual(parseIds([text]), parseIds([`${text}\t`]), JSON.stringify(text));
    }
  });

  it('reads JSON arrays as JSON.parse does, escapes, control characters and broken strings included', () => {
    const random = seededRandom(1418);
    const parts = ['"u-1"', '"a b"', '""', '"Ünï"', '"x\ny"', '"x\ty"', '"a\\"b"', '"\\u0041"', '"\\n"', '"\\x"', '"open', '42', '-1.5', 'null', 'true', '{"a":"b"}', '["n"]', ',', ',\n', '\n', ' '];
    for (let round = 0; round < 4000; round++) {
      let body = '';
      for (let k = Math.floor(random() * 8); k > 0; k--) body += parts[Math.floor(random() * parts.length)];
      const text = `[${body}]${random() < 0.5 ? '\n' : ''}`;
      let parsed: unknown[] | undefined;
      try {
        parsed = JSON.parse(text) as unknown[];
      } catch {
        parsed = undefined;
      }
      const read = readJsonArray(text);
      if (!parsed) {
        assert.equal(read, undefined, JSON.stringify(text));
        continue;
      }
      assert.ok(read, JSON.stringify(text));
      const ids = parsed.filter((e) => typeof e === 'string' || typeof e === 'number').map(String);
      assert.deepEqual(read.values.values.slice(0, read.values.count), ids, JSON.stringify(text));
      const others = parsed.flatMap((e, k) => (typeof e === 'string' || typeof e === 'number' ? [] : [k + 1]));
      assert.deepEqual(
        read.rejected.map((r) => r.element),
        others,
        JSON.stringify(text),
      );
    }
  });

  it('de-duplicates large batches like a Set: many copies, values sharing one hash, more values after', () => {
    const random = seededRandom(1419);
    const colliding = (k: number, bits: number): string => {
      let value = '';
      for (let bit = 0; bit < bits; bit++) value += (k >> bit) & 1 ? 'BB' : 'Aa';
      return value;
    };
    for (let round = 0; round < 12; round++) {
      const distinct = new DistinctStrings();
      const reference = new Set<string>();
      const spread = [1, 3, 5000, 50_000, 1_000_000][round % 5];
      const batch = (): string[] =>
        Array.from({ length: 4096 + Math.floor(random() * 40_000) }, (_, k) => (round === 11 && k % 3 === 0 ? colliding(k, 13) : `u-${Math.floor(random() * spread)}`));
      for (let step = 0; step < 3; step++) {
        const values = batch();
        for (const v of values) reference.add(v);
        distinct.addAll(values, values.length);
        for (let k = 0; k < 100; k++) {
          const v = `u-${Math.floor(random() * spread * 2)}`;
          assert.equal(distinct.add(v), !reference.has(v));
          reference.add(v);
        }
        assert.equal(distinct.size, reference.size);
      }
      assert.deepEqual(distinct.values, [...reference], `round ${round}`);
    }
  });

  it('de-duplicates across selections read by different readers, large ones included', () => {
    const random = seededRandom(1420);
    const id = (): string => `u-${Math.floor(random() * 6000)}-x`;
    const lines = Array.from({ length: 5000 }, id);
    const json = Array.from({ length: 5000 }, id);
    const csv = Array.from({ length: 5000 }, id);
    const small = Array.from({ length: 50 }, id);
    const selections = [`${lines.join('\n')}\n`, `[${json.map((v) => `"${v}"`).join(',\n')}]`, `user_id,plan\n${csv.map((v) => `${v},1`).join('\n')}`, small.join('\r\n')];
    for (const order of [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [1, 0, 3, 2],
    ]) {
      const result = parseIds(order.map((k) => selections[k]));
      const all = order.flatMap((k) => [lines, json, csv, small][k]);
      assert.equal(result.kind, 'ids');
      if (result.kind !== 'ids') return;
      assert.deepEqual(result.ids, [...new Set(all)], order.join());
      assert.equal(result.duplicates, all.length - new Set(all).size);
    }
  });
});
