import assert from 'node:assert/strict';
import { GENERIC_MAX_ID_CHARACTERS, tokenAt, validateIds, type ParseOptions } from '../../src/core/ids';
import { BATCH_MAX_ID_CHARACTERS } from '../../src/vendors/batch';
import { parsed, read } from './idsRead';

function ids(selections: string | string[], options?: ParseOptions): string[] {
  return read(selections, options).ids;
}

function needsColumn(selections: string | string[], options?: ParseOptions) {
  return parsed(selections, 'needs-csv-column', options);
}

describe('parseIds: plain text', () => {
  it('splits on newlines, commas, semicolons, tabs and spaces', () => {
    assert.deepEqual(ids('u1\nu2,u3;u4\tu5 u6'), ['u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    assert.equal(read('u1\nu2').format, 'text');
  });

  it('ignores runs of separators and surrounding blanks', () => {
    assert.deepEqual(ids('  u1 ,, ;\t\n\n u2  \n'), ['u1', 'u2']);
  });

  it('reads CRLF and lone CR line ends', () => {
    assert.deepEqual(ids('u1\r\nu2\r\n\r\nu3\ru4\r\n'), ['u1', 'u2', 'u3', 'u4']);
  });

  it('keeps a double- or single-quoted token exactly, spaces and separators included', () => {
    assert.deepEqual(ids('"John Smith", \'a,b;c\' "  padded  "'), ['John Smith', 'a,b;c', '  padded  ']);
  });

  it('keeps case and inner characters of quoted and unquoted tokens', () => {
    assert.deepEqual(ids('"MiXeD Case" AbC'), ['MiXeD Case', 'AbC']);
  });

  it('lets an apostrophe inside a single-quoted token stand', () => {
    assert.deepEqual(ids("'it's' O'Brien"), ["it's", "O'Brien"]);
  });

  it('drops surrounding brackets, also when the text is not valid JSON', () => {
    assert.deepEqual(ids('[u1, u2]'), ['u1', 'u2']);
    assert.deepEqual(ids("['u 1', 'u2']"), ['u 1', 'u2']);
    assert.deepEqual(ids('(u1, u2) {u3,u4} [[u5]]'), ['u1', 'u2', 'u3', 'u4', 'u5']);
    assert.deepEqual(ids('["a b", u2,]'), ['a b', 'u2']);
  });

  it('drops the angle brackets of a mail address', () => {
    assert.deepEqual(ids('<ann@x.io>, <bob@x.io>'), ['ann@x.io', 'bob@x.io']);
    // Inner brackets stay in the token, which is then suspicious: it holds markup.
    assert.deepEqual(read('a<b>c').suspicious.map((token) => token.value), ['a<b>c']);
  });

  it('reads an unbalanced quote as part of unquoted tokens', () => {
    assert.deepEqual(ids('"abc def'), ['abc', 'def']);
    assert.deepEqual(ids('abc" def'), ['abc', 'def']);
    assert.deepEqual(ids('"foo"bar baz'), ['foo"bar', 'baz']);
  });

  it('does not decode escapes in text: quoted content is kept as written', () => {
    assert.deepEqual(ids('"a""b" x'), ['a""b', 'x']);
  });

  it('reports an explicitly quoted empty token as an empty ID (validation then skips it)', () => {
    assert.deepEqual(ids('u1 "" u2'), ['u1', '', 'u2']);
  });

  it('keeps unicode as is', () => {
    assert.deepEqual(ids('Ünïcødé 用户 🙂u1 "é à"'), ['Ünïcødé', '用户', '🙂u1', 'é à']);
  });

  it('treats a leading byte order mark as nothing', () => {
    assert.deepEqual(ids('\ufeffu1\nu2'), ['u1', 'u2']);
  });

  it('gives nothing for empty or blank selections', () => {
    const result = read(['', '  \n\t ']);
    assert.deepEqual(result.ids, []);
    assert.equal(result.tokens, 0);
    assert.equal(result.duplicates, 0);
    assert.equal(result.format, 'text');
    assert.deepEqual(read([]).ids, []);
  });
});

describe('parseIds: duplicates and several selections', () => {
  it('removes exact duplicates and counts them', () => {
    const result = read('u1 u2 u1 U1 u1 " u1"');
    assert.deepEqual(result.ids, ['u1', 'u2', 'U1', ' u1']);
    assert.equal(result.duplicates, 2);
    assert.equal(result.tokens, 6);
  });

  it('concatenates selections in order and de-duplicates across them', () => {
    const result = read(['u1, u2', '["u2", "u3"]', 'u3\nu4']);
    assert.deepEqual(result.ids, ['u1', 'u2', 'u3', 'u4']);
    assert.equal(result.duplicates, 2);
    assert.equal(result.tokens, 6);
    assert.equal(result.format, 'mixed');
  });

  it('reports the common format when all selections agree, ignoring blank ones', () => {
    assert.equal(read(['["a"]', '', '["b"]']).format, 'json-array');
  });
});

describe('parseIds: JSON', () => {
  it('reads a JSON array of strings exactly, escapes decoded', () => {
    const result = read('[ "u1", "with space", "tab\\there", "quote\\"d", "\\u00e9" ]');
    assert.deepEqual(result.ids, ['u1', 'with space', 'tab\there', 'quote"d', 'é']);
    assert.equal(result.format, 'json-array');
  });

  it('reads numbers as their source text, without precision loss', () => {
    assert.deepEqual(ids('[1, 12345678901234567890, -3, 1.50, 2e3]'), ['1', '12345678901234567890', '-3', '1.50', '2e3']);
  });

  it('reads a multi-line JSON array and an empty one', () => {
    assert.deepEqual(ids('[\r\n  "a",\r\n  "b"\r\n]\r\n'), ['a', 'b']);
    const empty = read('[ ]');
    assert.deepEqual(empty.ids, []);
    assert.deepEqual(empty.rejected, []);
  });

  it('rejects null, booleans, objects and nested arrays with a reason instead of dropping them', () => {
    const result = read('["a", null, true, {"id": "x"}, ["b"], false, 2]');
    assert.deepEqual(result.ids, ['a', '2']);
    assert.equal(result.format, 'json-array');
    assert.deepEqual(result.rejected, [
      { value: 'null', reason: 'element 2 is JSON null, not a user ID' },
      { value: 'true', reason: 'element 3 is JSON true, not a user ID' },
      { value: '{"id": "x"}', reason: 'element 4 is a JSON object, not a user ID' },
      { value: '["b"]', reason: 'element 5 is a nested JSON array, not a user ID' },
      { value: 'false', reason: 'element 6 is JSON false, not a user ID' },
    ]);
  });

  it('names the selection of a rejected element when there are several', () => {
    const result = read(['u0', '[null]']);
    assert.deepEqual(result.rejected, [{ value: 'null', reason: 'element 1 of selection 2 is JSON null, not a user ID' }]);
  });

  it('shortens a huge rejected value for display', () => {
    const big = `{"k": "${'x'.repeat(1000)}"}`;
    const [rejected] = read(`[${big}]`).rejected;
    assert.equal(rejected.value.length, 200);
    assert.ok(rejected.value.endsWith('…'));
  });

  it('reads invalid JSON as text', () => {
    assert.deepEqual(ids('["a", "b",]'), ['a', 'b']);
    assert.deepEqual(ids('[01, 02]'), ['01', '02']);
    assert.equal(read('[01, 02]').format, 'text');
  });

  it('reads JSON lines of strings and numbers', () => {
    const result = read('"u1"\n"with space"\r\n\n  42  \n"esc\\"aped"');
    assert.deepEqual(result.ids, ['u1', 'with space', '42', 'esc"aped']);
    assert.equal(result.format, 'json-lines');
  });

  it('calls a list of bare numbers text (both readings agree)', () => {
    const result = read('1\n2\n-3');
    assert.deepEqual(result.ids, ['1', '2', '-3']);
    assert.equal(result.format, 'text');
  });

  it('reads lines that are not all JSON literals as text', () => {
    assert.deepEqual(ids('"a"\nb\n"c d"'), ['a', 'b', 'c d']);
    assert.deepEqual(ids('"a" "b"'), ['a', 'b']);
    assert.equal(read('"a" "b"').format, 'text');
  });
});

describe('parseIds: CSV', () => {
  it('picks a recognised ID column automatically', () => {
    const result = read('name,user_id,email\nBob,u1,b@x.io\nAnn,u2,a@x.io\n');
    assert.deepEqual(result.ids, ['u1', 'u2']);
    assert.equal(result.format, 'csv');
    assert.equal(result.csvColumn, 'user_id');
  });

  for (const header of ['user_id', 'UserId', 'user-id', 'USER ID', 'identity', 'GUID', 'registration_id', 'customer_user_id', 'custom_id', 'alias']) {
    it(`recognises the column ${header}`, () => {
      assert.deepEqual(ids(`name,${header}\nBob,u1`), ['u1']);
    });
  }

  it('reads quoted fields with embedded delimiters, quotes and newlines', () => {
    const csv = 'user_id,note\n"u,1","said ""hi"""\n"u ""2""","multi\nline, note"\nu3,x\n';
    assert.deepEqual(ids(csv), ['u,1', 'u "2"', 'u3']);
  });

  it('reads CRLF rows and trims spaces around unquoted fields only', () => {
    assert.deepEqual(ids('user_id , name\r\n  u1 , Bob\r\n" u2 ",Ann\r\n'), ['u1', ' u2 ']);
  });

  it('reads tab- and semicolon-separated files', () => {
    assert.deepEqual(ids('name\tuser_id\nBob\tu1\nAnn\tu 2'), ['u1', 'u 2']);
    assert.deepEqual(ids('name;user_id\nBob;u1\nAnn;u2'), ['u1', 'u2']);
  });

  it('skips blank lines but reports a row without that column as an empty ID', () => {
    const result = read('name,user_id\n\nBob,u1\n  \nAnn,\nCid\n');
    assert.deepEqual(result.ids, ['u1', '']);
    assert.equal(result.tokens, 3);
    assert.equal(result.duplicates, 1);
  });

  it('reads a one-column file under an ID header as a list', () => {
    const result = read('user_id\nu1\n"u 2"\n\nu3');
    assert.deepEqual(result.ids, ['u1', 'u 2', 'u3']);
    assert.equal(result.csvColumn, 'user_id');
  });

  it('asks for the column when the header names no ID column', () => {
    const question = needsColumn('email,name\na@b.io,Bob\n');
    assert.deepEqual(question.headers, ['email', 'name']);
    assert.deepEqual(question.candidates, []);
    assert.equal(question.selection, 0);
  });

  it('asks for the column when several columns look like IDs, naming them', () => {
    const question = needsColumn('identity,guid,name\ni1,g1,Bob');
    assert.deepEqual(question.candidates, ['identity', 'guid']);
  });

  it('asks which selection needs the column', () => {
    assert.equal(needsColumn(['u1', 'email,name\na@b.io,Bob']).selection, 1);
  });

  it('uses the chosen column by name (exact or loosely) and by index', () => {
    const csv = 'email,Name,user_id\na@b.io,Bob,u1\nc@d.io,Ann,u2';
    assert.deepEqual(ids(csv, { csvColumn: 'email' }), ['a@b.io', 'c@d.io']);
    assert.deepEqual(ids(csv, { csvColumn: 'name' }), ['Bob', 'Ann']);
    assert.deepEqual(ids(csv, { csvColumn: 1 }), ['Bob', 'Ann']);
    assert.equal(read(csv, { csvColumn: 0 }).csvColumn, 'email');
  });

  it('asks again when the chosen column does not exist', () => {
    assert.deepEqual(needsColumn('email,name\na@b.io,Bob', { csvColumn: 'phone' }).headers, ['email', 'name']);
    needsColumn('email,name\na@b.io,Bob', { csvColumn: 5 });
  });

  it('does not take a plain comma list for a CSV with a header', () => {
    const result = read('u1,u2\nu3,u4');
    assert.deepEqual(result.ids, ['u1', 'u2', 'u3', 'u4']);
    assert.equal(result.format, 'text');
    assert.deepEqual(ids('alice,bob\ncarol,dave'), ['alice', 'bob', 'carol', 'dave']);
    assert.deepEqual(ids('1001,1002\n1003,1004'), ['1001', '1002', '1003', '1004']);
    assert.deepEqual(ids('user1, user2\nuser3, user4'), ['user1', 'user2', 'user3', 'user4']);
  });

  it('takes a name-like first row for a header when the values under it differ in kind', () => {
    assert.deepEqual(needsColumn('user,name\nu1,Bob').headers, ['user', 'name']);
  });

  it('reads a very wide first row as a list, not a header (a lone column name below it is suspicious)', () => {
    const wide = Array.from({ length: 1500 }, (_, i) => `c${i}`);
    const result = read(`${wide.join(',')}\nuser_id`);
    assert.equal(result.ids.length, 1500);
    assert.deepEqual(result.suspicious.map((s) => s.value), ['user_id']);
  });

  it('reads quoted header names and lone CR line ends', () => {
    assert.deepEqual(ids('"Name","User ID"\r"Bob","u1"\r"Ann","u2"'), ['u1', 'u2']);
  });

  it('needs a data row before reading a header (a lone header row is text, its column names suspicious)', () => {
    const result = read('user_id,name');
    assert.deepEqual(result.ids, []);
    assert.deepEqual(result.suspicious, [
      { value: 'user_id', reason: 'a column name, not an ID', index: 0 },
      { value: 'name', reason: 'a column name, not an ID', index: 1 },
    ]);
  });

  it('ignores a chosen column for selections without a header row', () => {
    assert.deepEqual(ids('u1,u2\nu3,u4', { csvColumn: 1 }), ['u1', 'u2', 'u3', 'u4']);
  });

  it('reads a malformed quoted field as unquoted text up to the next delimiter', () => {
    assert.deepEqual(ids('user_id,name\n"u1"x,Bob\n"u2,Ann'), ['"u1"x', '"u2']);
  });
});

describe('tokenAt', () => {
  const line = 'foo, "bar baz" [qux]  end';
  it('finds the token at the start, middle and end of the line', () => {
    assert.equal(tokenAt(line, 0), 'foo');
    assert.equal(tokenAt(line, 2), 'foo');
    assert.equal(tokenAt(line, line.length), 'end');
    assert.equal(tokenAt(line, 999), 'end');
  });

  it('counts a cursor right after a token as on it', () => {
    assert.equal(tokenAt(line, 3), 'foo');
  });

  it('gives undefined between separators', () => {
    assert.equal(tokenAt(line, 4), undefined);
    assert.equal(tokenAt(line, 21), undefined);
    assert.equal(tokenAt('', 0), undefined);
    assert.equal(tokenAt('   ', 1), undefined);
  });

  it('gives the inner text of a quoted token, cursor on a quote or inside', () => {
    assert.equal(tokenAt(line, 5), 'bar baz');
    assert.equal(tokenAt(line, 9), 'bar baz');
    assert.equal(tokenAt(line, 10), 'bar baz');
    assert.equal(tokenAt(line, 13), 'bar baz');
  });

  it('drops the brackets around a token', () => {
    assert.equal(tokenAt(line, 15), 'qux');
    assert.equal(tokenAt(line, 17), 'qux');
  });

  it('prefers the token the cursor is in over one that ends there', () => {
    assert.equal(tokenAt('a,b', 1), 'a');
    assert.equal(tokenAt('a,b', 2), 'b');
  });
});

describe('validateIds', () => {
  const vendors = ['cooladata', 'engagelab', 'clevertap', 'batch'] as const;

  for (const vendor of vendors) {
    it(`${vendor}: reports empty IDs and control characters, naming the character`, () => {
      const result = validateIds(['ok', '', 'a\tb', 'x\u0000', 'y\u007f', 'z\u0085'], vendor);
      assert.deepEqual(result.valid, ['ok']);
      assert.deepEqual(result.invalid, [
        { id: '', reason: 'empty ID' },
        { id: 'a\tb', reason: 'contains a control character U+0009 (tab) at character 2' },
        { id: 'x\u0000', reason: 'contains a control character U+0000 (NUL) at character 2' },
        { id: 'y\u007f', reason: 'contains a control character U+007F (delete) at character 2' },
        { id: 'z\u0085', reason: 'contains a control character U+0085 (next line) at character 2' },
      ]);
    });

    it(`${vendor}: reports U+FFFD, the mark of text decoded with the wrong encoding`, () => {
      assert.deepEqual(validateIds(['caf\ufffd'], vendor).invalid, [
        { id: 'caf\ufffd', reason: 'contains U+FFFD at character 4, the mark of text that was not decoded correctly (reopen the file with its real encoding)' },
      ]);
    });

    it(`${vendor}: reports unpaired surrogates but accepts emoji`, () => {
      const result = validateIds(['🙂', 'a\ud83d', '\udc00b'], vendor);
      assert.deepEqual(result.valid, ['🙂']);
      assert.deepEqual(
        result.invalid.map((i) => i.reason),
        [
          'contains an unpaired surrogate U+D83D at character 2 (not valid Unicode text)',
          'contains an unpaired surrogate U+DC00 at character 1 (not valid Unicode text)',
        ],
      );
    });
  }

  for (const vendor of ['cooladata', 'engagelab', 'clevertap'] as const) {
    it(`${vendor}: allows up to ${GENERIC_MAX_ID_CHARACTERS} characters`, () => {
      const max = 'x'.repeat(GENERIC_MAX_ID_CHARACTERS);
      const result = validateIds([max, `${max}y`], vendor);
      assert.deepEqual(result.valid, [max]);
      assert.deepEqual(result.invalid, [{ id: `${max}y`, reason: 'too long: 1025 characters (maximum 1024)' }]);
    });
  }

  it('counts characters as code points, not UTF-16 units', () => {
    const emoji = '🙂'.repeat(GENERIC_MAX_ID_CHARACTERS);
    assert.deepEqual(validateIds([emoji], 'cooladata').valid, [emoji]);
  });

  it('batch: IDs must be shorter than 1024 characters', () => {
    const max = 'b'.repeat(BATCH_MAX_ID_CHARACTERS);
    const result = validateIds([max, `${max}b`], 'batch');
    assert.deepEqual(result.valid, [max]);
    assert.deepEqual(result.invalid, [
      { id: `${max}b`, reason: 'too long for Batch: 1024 characters (Batch IDs must be shorter than 1024 characters)' },
    ]);
  });

  it('batch: keeps whitespace and case as given', () => {
    assert.deepEqual(validateIds([' A b '], 'batch').valid, [' A b ']);
  });

  it('engagelab alias: at most 40 bytes of UTF-8', () => {
    const ascii = 'a'.repeat(40);
    const accented = 'é'.repeat(20);
    const tooLong = 'é'.repeat(20) + 'a';
    const result = validateIds([ascii, accented, tooLong, `${ascii}a`], 'engagelab', 'alias');
    assert.deepEqual(result.valid, [ascii, accented]);
    assert.deepEqual(result.invalid, [
      { id: tooLong, reason: 'alias too long: 41 bytes in UTF-8 (EngageLab aliases are at most 40 bytes)' },
      { id: `${ascii}a`, reason: 'alias too long: 41 bytes in UTF-8 (EngageLab aliases are at most 40 bytes)' },
    ]);
  });

  it('engagelab registration_id: the alias limit does not apply', () => {
    const long = 'r'.repeat(60);
    assert.deepEqual(validateIds([long], 'engagelab', 'registration_id').valid, [long]);
  });

  it('counts an emoji as 4 bytes for the alias limit', () => {
    assert.deepEqual(validateIds(['🙂'.repeat(10)], 'engagelab', 'alias').invalid, []);
    assert.equal(validateIds(['🙂'.repeat(10) + 'a'], 'engagelab', 'alias').invalid.length, 1);
  });

  it('gives every problem of an ID in one reason', () => {
    const id = `\t${'é'.repeat(1100)}`;
    assert.deepEqual(validateIds([id], 'engagelab', 'alias').invalid[0].reason.split('; '), [
      'contains a control character U+0009 (tab) at character 1',
      'too long: 1101 characters (maximum 1024)',
      'alias too long: 2201 bytes in UTF-8 (EngageLab aliases are at most 40 bytes)',
    ]);
  });

  it('keeps order and accounts for every ID', () => {
    const input = ['a', '', 'b', 'c\n'];
    const { valid, invalid } = validateIds(input, 'clevertap', 'identity');
    assert.deepEqual(valid, ['a', 'b']);
    assert.equal(valid.length + invalid.length, input.length);
  });
});

describe('parseIds at scale (1,000,000 IDs)', () => {
  const count = 1_000_000;
  const idOf = (i: number) => `user-${i.toString(36).padStart(6, '0')}-${(i * 2654435761) % 4294967296}`;
  let list: string[];
  before(() => {
    list = Array.from({ length: count }, (_, i) => idOf(i));
  });

  it('reads 1,000,000 lines', () => {
    const result = read(list.join('\n'));
    assert.equal(result.ids.length, count);
    assert.equal(result.duplicates, 0);
    assert.equal(result.ids[count - 1], idOf(count - 1));
  });

  it('reads 1,000,000 CSV rows from the user_id column', () => {
    const csv = `name,user_id,note\n${list.map((id, i) => `Name ${i},${id},"a, b"`).join('\r\n')}\r\n`;
    const result = read(csv);
    assert.equal(result.ids.length, count);
    assert.equal(result.ids[12345], idOf(12345));
  });

  it('reads a JSON array of 1,000,000 strings with duplicates', () => {
    const result = read(JSON.stringify([...list, ...list.slice(0, 1000)]));
    assert.equal(result.ids.length, count);
    assert.equal(result.duplicates, 1000);
  });
});
