// Seeded generator of random and adversarial editor selections for the ID reader, and the
// invariants every reading must keep. Used by idsFuzz.test.ts; reusable at a larger size (e.g. a
// faults run) through FUZZ_CASES and FUZZ_SEED.
import assert from 'node:assert/strict';
import { parseIds, tokenAt, validateIds, withSuspicious, type ParseOptions, type ParseResult } from '../../src/core/ids';
import { seededRandom } from '../fakes/clock';

export interface FuzzCase {
  /** Which generator made it, for failure messages. */
  kind: string;
  selections: string[];
  options?: ParseOptions;
  /** When the case is well-formed: the IDs parseIds must give (distinct, in order). */
  expected?: string[];
}

/** Number of cases to run: FUZZ_CASES if set, else `fallback`. */
export function fuzzCaseCount(fallback: number): number {
  const n = Number(process.env.FUZZ_CASES);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function fuzzSeed(fallback = 0x5eed): number {
  const n = Number(process.env.FUZZ_SEED);
  return Number.isInteger(n) ? n : fallback;
}

const PIECES = [
  'u1', 'u2', 'abc', 'ID-42', 'x', '0', '-7', '1e3', 'user_id', 'guid', 'email', 'name', '@', 'a@b.io',
  ' ', '  ', ',', ';', '\t', '\n', '\r\n', '\r', '"', "'", '""', "''", '\\', '\\"', '\\u00e9', '\\n',
  '[', ']', '(', ')', '{', '}', '[[', ']]', ':', 'null', 'true',
  'é', '用户', '🙂', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\ufeff',
  '\ud800', '\udfff', '\ud83d', '\ude42',
];

const ID_HEADERS = ['user_id', 'UserId', 'user-id', 'identity', 'GUID', 'registration_id', 'customer_user_id'];
const OTHER_HEADERS = ['name', 'email', 'note', 'created at', 'city'];

export function* fuzzCases(count: number, seed = fuzzSeed()): Generator<FuzzCase> {
  const random = seededRandom(seed);
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number) => random() < p;

  const soup = (length: number) => {
    let s = '';
    while (s.length < length) s += pick(PIECES);
    return s;
  };
  const codeUnits = (length: number) => {
    const units: number[] = [];
    for (let i = 0; i < length; i++) units.push(chance(0.5) ? int(128) : int(0x10000));
    return String.fromCharCode(...units);
  };
  const plainId = () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:@/+=éü用🙂';
    const chars = [...alphabet];
    let s = '';
    const length = 1 + int(12);
    for (let i = 0; i < length; i++) s += pick(chars);
    return s;
  };
  const anyString = () => (chance(0.7) ? plainId() : soup(int(10)));
  const distinct = (values: string[]) => [...new Set(values)];
  const breakJson = (text: string) => {
    if (text.length === 0) return text;
    const at = int(text.length);
    switch (int(4)) {
      case 0:
        return text.slice(0, at);
      case 1:
        return text.slice(0, at) + pick(['"', ',', ']', '[', '\\', '{', 'x']) + text.slice(at);
      case 2:
        return text.slice(0, at) + text.slice(at + 1);
      default:
        return text + pick([',', ']', '"', ' x']);
    }
  };
  const csvField = (value: string) =>
    /[",\n\r]|^\s|\s$/.test(value) || value === '' ? `"${value.replaceAll('"', '""')}"` : value;

  const generators: Record<string, () => FuzzCase> = {
    soup: () => ({ kind: 'soup', selections: [soup(int(60))] }),
    binary: () => ({ kind: 'binary', selections: [codeUnits(int(80))] }),
    plainList: () => {
      const values = Array.from({ length: 1 + int(20) }, plainId);
      const seps = [' ', ',', ';', '\t', ', ', ' ;\t'];
      const wraps = [['', ''], ['', ''], ['[', ']'], ['(', ')'], ['{', '}'], ['[[', ']],'], ['', ']'], ['[', '']];
      const line = values.map((v) => {
        const [open, close] = pick(wraps);
        return open + v + close + pick(seps);
      }).join('');
      return { kind: 'plainList', selections: [line], expected: distinct(values) };
    },
    quotedList: () => {
      const values = Array.from({ length: 1 + int(10) }, () => plainId() + (chance(0.5) ? ` ${plainId()}` : ''));
      const q = pick(['"', "'"]);
      const body = values.map((v) => `${q}${v}${q}`).join(pick([', ', ',', ' ', '\n', ';']));
      const text = chance(0.5) ? `[${body}]` : body;
      return { kind: 'quotedList', selections: [text], expected: distinct(values) };
    },
    jsonArray: () => {
      // Numbers keep their source text, so also non-canonical ones; strings may hold anything
      // (JSON.stringify escapes control characters and lone surrogates).
      const numbers = ['0', '-0', '1.50', '1e3', '2E-7', '-12.5e+3', '12345678901234567890', '007x'];
      const elements = Array.from({ length: int(15) }, () => {
        if (chance(0.3)) {
          const n = chance(0.5) ? String(int(1e9) - 5e8) : pick(numbers.slice(0, -1));
          return { literal: n, value: n };
        }
        const v = anyString();
        return { literal: JSON.stringify(v), value: v };
      });
      const space = () => pick(['', ' ', '\n  ', '\r\n', '\t']);
      const text = `${space()}[${space()}${elements.map((e) => e.literal).join(`${space()},${space()}`)}${space()}]${space()}`;
      return { kind: 'jsonArray', selections: [text], expected: distinct(elements.map((e) => e.value)) };
    },
    jsonArrayMixed: () => {
      const parts = Array.from({ length: 1 + int(8) }, () =>
        pick(['null', 'true', 'false', '{"a":[1,{"b":null}]}', '[["x"]]', '"s"', '12', '"\\ud800"', '"\\u0000"']),
      );
      return { kind: 'jsonArrayMixed', selections: [`[${parts.join(',')}]`] };
    },
    brokenJson: () => {
      const values = Array.from({ length: int(10) }, anyString);
      return { kind: 'brokenJson', selections: [breakJson(JSON.stringify(values))] };
    },
    jsonLines: () => {
      const values = Array.from({ length: 1 + int(10) }, anyString);
      let text = values.map((v) => JSON.stringify(v)).join(pick(['\n', '\r\n', '\n\n']));
      if (chance(0.3)) text = breakJson(text);
      return { kind: 'jsonLines', selections: [text] };
    },
    csv: () => {
      const columns = 1 + int(4);
      const idColumn = int(columns);
      const headers = Array.from({ length: columns }, (_, i) => (i === idColumn ? pick(ID_HEADERS) : OTHER_HEADERS[i % OTHER_HEADERS.length]));
      const idCell = () => (chance(0.05) ? '' : plainId() + (chance(0.2) ? ', "x"\n y' : ''));
      const rows = Array.from({ length: 1 + int(10) }, () =>
        Array.from({ length: columns }, (_, i) => (i === idColumn ? idCell() : soup(int(6)))),
      );
      const eol = pick(['\n', '\r\n']);
      const delimiter = columns === 1 ? ',' : pick([',', ',', '\t', ';']);
      const field = (v: string) => (delimiter === ',' ? csvField(v) : `"${v.replaceAll('"', '""')}"`);
      // Some rows stop before the ID column (it reads as an empty ID); blank lines are no rows.
      const lines = rows.map((r) => {
        const cut = idColumn > 0 && chance(0.05) ? idColumn : columns;
        if (cut < columns) r[idColumn] = '';
        return r.slice(0, cut).map(field).join(delimiter) + (chance(0.05) ? eol : '');
      });
      const text = [headers.map(field).join(delimiter), ...lines].join(eol) + (chance(0.5) ? eol : '');
      const expected = columns > 1 ? distinct(rows.map((r) => r[idColumn])) : undefined;
      return { kind: 'csv', selections: [text], expected };
    },
    csvBroken: () => {
      const text = `user_id,name${pick(['\n', '\r\n'])}${soup(int(80))}`;
      return { kind: 'csvBroken', selections: [text], options: chance(0.3) ? { csvColumn: pick(['name', 1, 'nope', 7]) } : undefined };
    },
    csvNeedsColumn: () => {
      const text = `email,name\n${plainId()}@x.io,${plainId()}\n${soup(int(30))}`;
      return { kind: 'csvNeedsColumn', selections: [text], options: chance(0.5) ? { csvColumn: pick(['email', 'name', 0, 1, 2]) } : undefined };
    },
    multi: () => {
      const n = 2 + int(3);
      const selections: string[] = [];
      for (let i = 0; i < n; i++) selections.push(pick([soup(int(30)), JSON.stringify([plainId(), plainId()]), `${plainId()}\n${plainId()}`, '']));
      return { kind: 'multi', selections };
    },
    deepBrackets: () => {
      const depth = 1 + int(20000);
      const inner = pick(['"a"', 'a', '', '1', '"x", [1]']);
      const close = chance(0.5) ? ']'.repeat(depth) : ']'.repeat(int(depth));
      return { kind: 'deepBrackets', selections: [`${'['.repeat(depth)}${inner}${close}`] };
    },
    hugeLine: () => {
      const unit = pick([
        '"a ',
        "'b ",
        '"',
        "'",
        '["',
        '"x"y ',
        '\\"',
        '""',
        '"""',
        '[',
        ']',
        'u1,',
        '"a,b",',
        '\u0000',
        '🙂',
        '\ud800 ',
        'a'.repeat(97) + ' ',
      ]);
      const size = 50_000 + int(400_000);
      const text = (chance(0.3) ? 'user_id,note\n' : '') + unit.repeat(Math.ceil(size / unit.length));
      return { kind: 'hugeLine', selections: [text] };
    },
    manyLines: () => {
      const unit = pick(['"a\n', 'x"\n', '"u,1",\n', '[\n', '"\\"\n', 'user_id\n', ',\n', ' \r\n', '"a""\n']);
      const size = 20_000 + int(200_000);
      const text = (chance(0.5) ? pick(['user_id,x\n', 'email,name\na@b,c\n', '']) : '') + unit.repeat(Math.ceil(size / unit.length));
      return { kind: 'manyLines', selections: [text] };
    },
  };

  const weighted: [string, number][] = [
    ['soup', 20], ['binary', 8], ['plainList', 10], ['quotedList', 8], ['jsonArray', 10], ['jsonArrayMixed', 4],
    ['brokenJson', 8], ['jsonLines', 8], ['csv', 10], ['csvBroken', 6], ['csvNeedsColumn', 4], ['multi', 6],
    ['deepBrackets', 0.4], ['hugeLine', 0.5], ['manyLines', 0.5],
  ];
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  for (let i = 0; i < count; i++) {
    let r = random() * total;
    let name = weighted[0][0];
    for (const [candidate, w] of weighted) {
      r -= w;
      if (r < 0) {
        name = candidate;
        break;
      }
    }
    yield generators[name]();
  }
}

/**
 * What must hold for any input. Every ID is a substring of a selection, except:
 * - a JSON string literal with escapes gives its decoded value: it must equal JSON.parse of some
 *   string literal in the selection;
 * - a quoted CSV field with "" escapes gives its unescaped value: `"` + value with quotes doubled
 *   + `"` must be in the selection.
 */
export function checkInvariants(testCase: FuzzCase, result: ParseResult): void {
  const { selections } = testCase;
  if (result.kind === 'needs-csv-column') {
    assert.ok(result.headers.length > 0, 'a column question names headers');
    assert.ok(result.selection >= 0 && result.selection < selections.length);
    return;
  }
  if (result.kind === 'refused') {
    assert.ok(result.reason.length > 0, 'a refusal says why');
    return;
  }
  assert.equal(result.tokens, result.ids.length + result.suspicious.length + result.duplicates, 'tokens = ids + suspicious + duplicates');
  const apart = new Set(result.suspicious.map((s) => s.value));
  assert.equal(apart.size, result.suspicious.length, 'suspicious tokens are distinct');
  for (const id of result.ids) assert.ok(!apart.has(id), `${JSON.stringify(id)} is both an ID and suspicious`);
  // Suspicious tokens are read like IDs, only set apart: the reading invariants hold for both.
  result = withSuspicious(result, apart);
  assert.equal(result.suspicious.length, 0);
  assert.equal(new Set(result.ids).size, result.ids.length, 'ids are distinct');
  const literals = new Map<number, Set<string>>();
  for (const id of result.ids) {
    if (selections.some((s) => s.includes(id))) continue;
    if (selections.some((s) => s.includes(`"${id.replaceAll('"', '""')}"`))) continue;
    const decoded = selections.some((s, i) => {
      if (!literals.has(i)) literals.set(i, jsonStringLiterals(s));
      return literals.get(i)!.has(id);
    });
    assert.ok(decoded, `ID ${JSON.stringify(id)} comes from nowhere in the input`);
  }
  for (const r of result.rejected) {
    const shown = r.value.endsWith('…') && r.value.length === 200 ? r.value.slice(0, -1) : r.value;
    assert.ok(selections.some((s) => s.includes(shown)), 'a rejected value is from the input');
    assert.ok(r.reason.length > 0);
  }
  if (testCase.expected) assert.deepEqual(result.ids, testCase.expected, 'well-formed input gives exactly its IDs');
  for (const vendor of ['cooladata', 'engagelab', 'clevertap', 'batch'] as const) {
    const { valid, invalid } = validateIds(result.ids, vendor, vendor === 'engagelab' ? 'alias' : undefined);
    assert.equal(valid.length + invalid.length, result.ids.length, 'validation accounts for every ID');
    for (const i of invalid) assert.ok(i.reason.length > 0);
  }
}

/** tokenAt on some positions of some lines of the case: never throws, never invents text. */
export function checkTokenAt(testCase: FuzzCase, random: () => number): void {
  for (const selection of testCase.selections) {
    const lines = selection.split(/\r\n|\r|\n/);
    for (let k = 0; k < 3; k++) {
      const line = lines[Math.floor(random() * lines.length)];
      const at = Math.floor(random() * (line.length + 2)) - 1;
      const token = tokenAt(line, at);
      if (token !== undefined) assert.ok(line.includes(token), `tokenAt gave ${JSON.stringify(token)}`);
    }
  }
}

/** Every decodable JSON string literal in `text` (starting at any double quote). */
function jsonStringLiterals(text: string): Set<string> {
  const found = new Set<string>();
  for (let start = text.indexOf('"'); start >= 0; start = text.indexOf('"', start + 1)) {
    let k = start + 1;
    while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
    if (k >= text.length) continue;
    try {
      found.add(JSON.parse(text.slice(start, k + 1)) as string);
    } catch {
      // not a literal from here
    }
  }
  return found;
}

export function runCase(testCase: FuzzCase): ParseResult {
  return parseIds(testCase.selections, testCase.options);
}
