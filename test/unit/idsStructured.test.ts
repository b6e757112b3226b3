// JSON lines of objects (the ID field by name) and CSV files with comment, sep= and title lines:
// read by their structure or refused, never split cell by cell.
import assert from 'node:assert/strict';
import { parsed, read } from './idsRead';

describe('parseIds: JSON lines of objects', () => {
  it('takes the ID field by the CSV column names, never the object text', () => {
    const result = read('{"user_id": "u-90", "name": "Bob Smith"}\n{"name": "Ann", "user_id": "u-91"}\r\n\n{"user_id": "u-90"}\n');
    assert.deepEqual(result.ids, ['u-90', 'u-91']);
    assert.equal(result.duplicates, 1);
    assert.equal(result.format, 'json-lines');
    assert.equal(result.csvColumn, 'user_id');
    assert.deepEqual(result.suspicious, []);
  });

  for (const key of ['userId', 'identity', 'GUID', 'registration_id', 'customer_user_id', 'alias']) {
    it(`recognises the field ${key}`, () => {
      assert.deepEqual(read(`{"${key}": "x1", "plan": "pro"}`).ids, ['x1']);
    });
  }

  it('keeps numbers exact and decodes escapes', () => {
    assert.deepEqual(read('{"user_id": 12345678901234567890}\n{"user_id": "a\\"b"}').ids, ['12345678901234567890', 'a"b']);
  });

  it('refuses a line object without the field, or with a value that is not an ID, with the reason', () => {
    const result = read('{"user_id": "u1"}\n{"name": "Bob"}\n{"user_id": null}\n{"user_id": {"id": 1}}\n{"user_id": "u2"');
    assert.deepEqual(result.ids, ['u1']);
    assert.deepEqual(result.rejected, [
      { value: '{"name": "Bob"}', reason: 'line 2 is a JSON object without a "user_id" field' },
      { value: '{"user_id": null}', reason: 'line 3 has no string or number in "user_id"' },
      { value: '{"user_id": {"id": 1}}', reason: 'line 4 has no string or number in "user_id"' },
      { value: '{"user_id": "u2"', reason: 'line 5 is not valid JSON' },
    ]);
  });

  it('refuses JSON lines whose first object has no fields (nothing to ask about; fuzz seed 64023)', () => {
    const refused = parsed('{}\n{"user_id": "u1"}', 'refused');
    assert.match(refused.reason, /first object has no fields/);
  });

  it('asks for the field when no key names the ID (or several do), listing the first object’s keys', () => {
    const none = parsed('{"id": "u1", "email": "a@b.io"}\n{"id": "u2"}', 'needs-csv-column');
    assert.equal(none.source, 'json-lines');
    assert.deepEqual(none.headers, ['id', 'email']);
    assert.deepEqual(none.candidates, []);
    assert.deepEqual(parsed('{"identity": "i1", "guid": "g1"}', 'needs-csv-column').candidates, ['identity', 'guid']);
  });

  it('uses the field named in the options (by name, loosely, or by index of the first object)', () => {
    const text = '{"id": "u1", "email": "a@b.io"}\n{"email": "c@d.io", "id": "u2"}';
    assert.deepEqual(read(text, { csvColumn: 'email' }).ids, ['a@b.io', 'c@d.io']);
    assert.deepEqual(read(text, { csvColumn: 'ID' }).ids, ['u1', 'u2']);
    assert.deepEqual(read(text, { csvColumn: 1 }).ids, ['a@b.io', 'c@d.io']);
    assert.equal(parsed(text, 'needs-csv-column', { csvColumn: 'phone' }).headers.length, 2);
  });

  it('takes plain string and number lines among the objects', () => {
    assert.deepEqual(read('{"user_id": "u1"}\n"u2"\n3').ids, ['u1', 'u2', '3']);
  });

  it('reads each line alone: 50,000 unclosed objects do not make every line search the rest', () => {
    const result = read(`{"user_id": "u1"}\n${'{"user_id": ["u2", {"a": 1}\n'.repeat(50_000)}`);
    assert.deepEqual(result.ids, ['u1']);
    assert.equal(result.rejected.length, 50_000);
    assert.equal(result.rejected[0].reason, 'line 2 is not valid JSON');
  });

  it('leaves SQL array literals and broken first lines to the text reading', () => {
    assert.deepEqual(read('{u1,u2}').ids, ['u1', 'u2']);
    assert.equal(read('{"user_id": "u1"\nu2').format, 'text');
  });
});

describe('parseIds: CSV with comment, sep= and title lines', () => {
  it('skips # comment lines above the header, and then among the rows', () => {
    const result = read('# exported 2024-05-01 from the CRM\n# 2 rows\nemail,user_id\nada@example.com,user-21\n# end of page 1\ngrace@example.com,user-22\n');
    assert.deepEqual(result.ids, ['user-21', 'user-22']);
    assert.equal(result.format, 'csv');
    assert.deepEqual(result.guesses, []);
  });

  it('honours an Excel sep= line', () => {
    const result = read('sep=;\nname;user_id;note\nBob;u1;a, b\nAnn;u2;c');
    assert.deepEqual(result.ids, ['u1', 'u2']);
    assert.deepEqual(read('SEP=|\r\nname|user_id\r\nBob|u1').ids, ['u1']);
  });

  it('refuses a sep= line with no header naming the ID column', () => {
    assert.match(parsed('sep=;\nu1;Bob\nu2;Ann', 'refused').reason, /"sep=" line but no CSV header row/);
  });

  it('reads a table under a title line, saying it guessed', () => {
    const result = read('Users to delete (ticket 4711)\nemail,user_id,plan\nada@example.com,user-21,pro\ngrace@example.com,user-22,free');
    assert.deepEqual(result.ids, ['user-21', 'user-22']);
    assert.deepEqual(result.guesses, ['line 1 taken for a title above the CSV header on line 2']);
  });

  it('reads Excel titles ("Title,,,") and several title lines', () => {
    const result = read('Deletion export,,,\nGenerated 2024-05-01,,,\n\nname,email,user_id,plan\nBob,b@x.io,u1,pro');
    assert.deepEqual(result.ids, ['u1']);
    assert.deepEqual(result.guesses, ['lines 1–3 taken for a title above the CSV header on line 4']);
  });

  it('does not call it a guess when --csv-column names the column under the title', () => {
    assert.deepEqual(read('Users to delete\nemail,user_id\na@b.io,u1', { csvColumn: 'user_id' }).guesses, []);
  });

  it('asks for the column of a table under a title when no header names the ID', () => {
    const question = parsed('Export\nemail,name\na@b.io,Bob', 'needs-csv-column');
    assert.deepEqual(question.headers, ['email', 'name']);
    assert.deepEqual(read('Export\nemail,name\na@b.io,Bob', { csvColumn: 0 }).ids, ['a@b.io']);
  });

  it('refuses a header a few lines down when the lines above are not a title', () => {
    const refused = parsed('a,b,c\nuser_id,name,email\nu1,Bob,x', 'refused');
    assert.match(refused.reason, /^line 2 looks like the header of a CSV table, but the line\(s\) above it are not a title/);
    assert.equal(parsed('Hi team, please delete:\nuser_id,name\nu1,Bob', 'refused').selection, 0);
  });

  it('still reads plain comma lists as lists', () => {
    assert.deepEqual(read('u1,u2\nu3,u4\nu5,u6').ids, ['u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    assert.deepEqual(read('alice,bob\ncarol,dave\neve,frank').ids, ['alice', 'bob', 'carol', 'dave', 'eve', 'frank']);
  });
});
