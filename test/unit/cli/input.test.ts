// How the CLI reads its IDs, end to end through the built CLI: suspicious tokens refused (exit 2,
// nothing sent) unless --allow-suspicious; JSON lines of objects by field; CSV title lines guessed
// only without --yes; invalid UTF-8 refused with its line; a FIFO that Ctrl-C can leave.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FakeVendors } from '../../fakes';
import { runCli, startCli, useCliSuite } from './harness';
import { report } from './reportShape';

describe('CLI: reading the IDs', () => {
  let fakes: FakeVendors;
  let env: Record<string, string>;
  let dir: string;

  useCliSuite((suite) => ({ fakes, env, dir } = suite));

  const PROSE = 'please delete user-51 and user-52 from every tool.';

  async function file(name: string, content: string | Uint8Array): Promise<string> {
    const at = path.join(dir, name);
    await fs.writeFile(at, content);
    return at;
  }

  /** The IDs a dry run would send (exit 0 expected). */
  async function planned(args: string[], input?: string): Promise<string[]> {
    const run = await runCli(['delete', '--vendor', 'clevertap', '--dry-run', '--json', ...args], { env, input });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(fakes.requests(), []);
    return report(run).results.map((r) => r.id);
  }

  describe('suspicious tokens', () => {
    it('prose: exit 2 naming each suspicious token and why; nothing sent, nothing on standard output', async () => {
      const run = await runCli(['delete', '--vendor', 'clevertap', '--yes', '--json', '--ids', PROSE], { env });
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.deepEqual(fakes.requests(), []);
      assert.match(
        run.stderr,
        /6 token\(s\) do not look like user IDs: "please" \(a word of a sentence\), "delete" \(a word of a sentence\), "and" \(a word of a sentence\), "from" \(a word of a sentence\), "every" \(a word of a sentence\), "tool\." \(ends with sentence punctuation\)\. Nothing was sent\./,
      );
      assert.match(run.stderr, /--allow-suspicious/);
    });

    it('refuses in a dry run too, and from standard input', async () => {
      const run = await runCli(['delete', '--vendor', 'batch', '--dry-run'], { env, input: 'Hey team, can you remove these users: 8812, 8813 thanks!' });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /"Hey" \(a word of a sentence\)/);
    });

    it('--allow-suspicious sends them as IDs, in their place', async () => {
      assert.deepEqual(await planned(['--allow-suspicious', '--ids', PROSE]), ['please', 'delete', 'user-51', 'and', 'user-52', 'from', 'every', 'tool.']);
      const run = await runCli(['delete', '--vendor', 'clevertap', '--yes', '--json', '--allow-suspicious', '--ids', 'user-1 and user-2'], { env });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /1 token\(s\) that do not look like IDs sent as IDs \(--allow-suspicious\)/);
      assert.deepEqual(
        deletionsIds(fakes).sort(),
        ['and', 'user-1', 'user-2'],
      );
    });

    it('a list of usernames, or of mixed ID shapes, one per line, is not suspicious', async () => {
      assert.deepEqual(await planned([], 'alice\nbob\ncarol\n'), ['alice', 'bob', 'carol']);
      const mixed = ['ada@example.com', '12345', '3f2b8c1e-9d4a-4b6e-8f21-0c9d5e7a1b23', 'user-123'];
      assert.deepEqual(await planned([], mixed.join('\n')), mixed);
    });

    it('--allow-suspicious applies to delete only', async () => {
      const run = await runCli(['status', '--journal', path.join(dir, 'j.jsonl'), '--allow-suspicious'], { env });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--allow-suspicious does not apply to "status"/);
    });
  });

  describe('structured input', () => {
    it('JSON lines of objects: the user_id field, never the object text', async () => {
      const jsonl = await file('users.jsonl', '{"user_id": "u-90", "name": "Bob Smith"}\n{"user_id": "u-91", "name": "Ann"}\n');
      assert.deepEqual(await planned(['--ids-file', jsonl]), ['u-90', 'u-91']);
    });

    it('JSON lines of objects without an ID field: exit 2 listing the fields; --csv-column picks one', async () => {
      const jsonl = await file('people.jsonl', '{"id": "u-90", "email": "b@x.io"}\n');
      const run = await runCli(['delete', '--vendor', 'clevertap', '--yes', '--ids-file', jsonl], { env });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /JSON lines of objects with the fields "id", "email": say which one holds the user IDs with --csv-column NAME/);
      assert.deepEqual(await planned(['--ids-file', jsonl, '--csv-column', 'email']), ['b@x.io']);
    });

    it('a CSV under a title line: read (and said) without --yes; with --yes exit 2, nothing sent', async () => {
      const csv = await file('titled.csv', 'Users to delete (ticket 4711)\nemail,user_id,plan\nada@example.com,user-21,pro\n');
      const dry = await runCli(['delete', '--vendor', 'clevertap', '--dry-run', '--json', '--ids-file', csv], { env });
      assert.equal(dry.code, 0, dry.stderr);
      assert.deepEqual(report(dry).results.map((r) => r.id), ['user-21']);
      assert.match(dry.stderr, /line 1 taken for a title above the CSV header on line 2/);

      const yes = await runCli(['delete', '--vendor', 'clevertap', '--yes', '--ids-file', csv], { env });
      assert.equal(yes.code, 2, yes.stderr);
      assert.match(yes.stderr, /with --yes nothing is guessed/);
      assert.deepEqual(fakes.requests(), []);

      const named = await runCli(['delete', '--vendor', 'clevertap', '--yes', '--json', '--ids-file', csv, '--csv-column', 'user_id'], { env });
      assert.equal(named.code, 0, named.stderr);
      assert.deepEqual(deletionsIds(fakes), ['user-21']);
    });

    it('a CSV with # comments and a sep= line is read by its header', async () => {
      const csv = await file('excel.csv', '# export\nsep=;\nname;user_id\nBob;user-1\nAnn;user-2\n');
      assert.deepEqual(await planned(['--ids-file', csv]), ['user-1', 'user-2']);
    });

    it('a CSV whose header is not on the first line, below no title: exit 2', async () => {
      const run = await runCli(['delete', '--vendor', 'clevertap', '--yes', '--ids', 'a,b,c\nuser_id,name,email\nu1,Bob,x'], { env });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /cannot read the IDs safely: line 2 looks like the header of a CSV table/);
      assert.deepEqual(fakes.requests(), []);
    });
  });

  describe('bytes', () => {
    const latin1 = Buffer.concat([Buffer.from('user-1\nuser-2\ncaf'), Buffer.from([0xe9]), Buffer.from('\nuser-3\n')]);

    it('--ids-file with invalid UTF-8: exit 2 naming the line; nothing sent', async () => {
      const run = await runCli(['delete', '--vendor', 'clevertap', '--yes', '--ids-file', await file('latin1.txt', latin1)], { env });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /--ids-file .*latin1\.txt is not valid UTF-8 \(line 3\); nothing was sent/);
      assert.deepEqual(fakes.requests(), []);
    });

    it('standard input with invalid UTF-8: exit 2 naming the line', async () => {
      const run = await runCli(['delete', '--vendor', 'clevertap', '--yes'], { env, input: latin1 });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /standard input is not valid UTF-8 \(line 3\)/);
      assert.deepEqual(fakes.requests(), []);
    });

    it('a large valid UTF-8 file with multi-byte characters across chunk boundaries is read exactly', async () => {
      const ids = Array.from({ length: 60_000 }, (_, i) => `用户-${i}-é`);
      const big = await file('big.txt', `${ids.join('\n')}\n`);
      const run = await runCli(['delete', '--vendor', 'clevertap', '--dry-run', '--ids-file', big], { env });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /60000 distinct ID\(s\) read/);
    });
  });

  describe('a FIFO as --ids-file', () => {
    before(function () {
      if (process.platform === 'win32') this.skip();
    });

    async function fifo(name: string): Promise<string> {
      const at = path.join(dir, name);
      execFileSync('mkfifo', [at]);
      return at;
    }

    it('Ctrl-C while no writer comes ends the process: exit 1, nothing sent', async function () {
      this.timeout(20_000);
      const cli = startCli(['delete', '--vendor', 'clevertap', '--yes', '--ids-file', await fifo('silent.fifo')], { env });
      await cli.waitForStderr('Waiting for the IDs on the FIFO');
      cli.child.kill('SIGINT');
      const run = await cli.done;
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /interrupted while reading the IDs; nothing was sent/);
      assert.deepEqual(fakes.requests(), []);
    });

    it('reads what a writer sends, once it closes', async () => {
      const at = await fifo('ids.fifo');
      const cli = startCli(['delete', '--vendor', 'clevertap', '--dry-run', '--json', '--ids-file', at], { env });
      await cli.waitForStderr('Waiting for the IDs on the FIFO');
      await fs.writeFile(at, 'user-1\nuser-2\n');
      const run = await cli.done;
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(report(run).results.map((r) => r.id), ['user-1', 'user-2']);
    });
  });
});

function deletionsIds(fakes: FakeVendors): string[] {
  return fakes.requests().filter((r) => r.kind === 'delete').flatMap((r) => r.ids);
}
