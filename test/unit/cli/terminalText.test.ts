// Control characters and escape sequences from IDs and vendor messages never reach the terminal raw.
import assert from 'node:assert/strict';
import { JobState, type JobSpec } from '../../../src/core/job';
import { formatHuman, buildReport } from '../../../src/cli/report';
import { escapeControls, showId } from '../../../src/core/shownText';
import type { FakeVendors } from '../../fakes';
import { runCli, useCliSuite } from './harness';

const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const RAW_OR_BIDI = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('CLI: no raw control characters in the human report', () => {
  it('escapes C0/C1 controls, escape sequences and bidi overrides in IDs, messages and labels', () => {
    const evilId = '\u001b[2J\u001b[31muser-1';
    const spec: JobSpec = {
      id: 'job-1',
      createdAt: 0,
      source: 'cli',
      title: 't',
      targets: [{ spec: { key: 'k', accountId: 'a', accountLabel: 'acc\u009b31m', options: { vendor: 'clevertap', idType: 'identity' } }, ids: [{ id: evilId }, { id: 'user-2' }] }],
    };
    const job = new JobState(spec);
    job.targets[0].set([0], { outcome: 'failed', httpStatus: 400, message: 'bad \u001b]0;pwned\u0007 id\r\u202eevil', at: 1 });
    job.targets[0].set([1], { outcome: 'unknown', message: 'line one\nline two', at: 1 });
    const text = formatHuman(buildReport('CleverTap', [job], false), [job]);
    assert.doesNotMatch(text, RAW, JSON.stringify(text));
    assert.match(text, /"\\u001b\[2J\\u001b\[31muser-1" \[.*\] failed HTTP 400: bad \\x1b\]0;pwned\\x07 id\\x0d\\u202eevil/);
    assert.match(text, /user-2 \[.*\] unknown: line one\\x0aline two/);
  });

  it('showId: plain IDs as they are; others quoted and escaped', () => {
    assert.equal(showId('user-1'), 'user-1');
    assert.equal(showId('a b'), '"a b"');
    assert.equal(showId('x\u009b2Jy'), '"x\\x9b2Jy"');
    assert.equal(showId('\u202eabc'), '"\\u202eabc"');
    assert.equal(escapeControls('ok\ttab'), 'ok\\x09tab');
  });

  describe('through the CLI', () => {
    let env: Record<string, string>;
    let fakes: FakeVendors;
    useCliSuite((suite) => ({ env, fakes } = suite));

    it('a skipped ID holding an escape sequence is printed escaped, on stdout and stderr', async () => {
      const run = await runCli(['delete', '--vendor', 'clevertap', '--yes'], { env, input: 'user-1\n\u001b[2Jwiped\u0007\nuser-2\n' });
      assert.doesNotMatch(run.stdout, RAW, run.stdout);
      assert.doesNotMatch(run.stderr, RAW, run.stderr);
      assert.match(run.stdout, /\\u001b\[2Jwiped\\u0007/);
      assert.ok(fakes.requests().length > 0);
    });

    it('--json: C1 controls and bidi overrides are \\u escapes (the same JSON once parsed); messages on stderr are escaped too', async () => {
      const id = 'user-\u202e1\u009b2J';
      const run = await runCli(['delete', '--vendor', 'clevertap', '--yes', '--json', '--ids', `${id},user-2`], { env });
      assert.doesNotMatch(run.stdout, RAW_OR_BIDI, run.stdout);
      assert.ok(run.stdout.includes('user-\\u202e1\\u009b2J'));
      const parsed = JSON.parse(run.stdout) as { results: { id: string }[] };
      assert.ok(parsed.results.some((r) => r.id === id));

      const refused = await runCli(['delete', '--vendor', 'clevertap', '--yes', '--ids', 'user-1 user-2 user-3 please delete \u202eevil\u2066.'], { env });
      assert.equal(refused.code, 2, refused.stderr);
      assert.doesNotMatch(refused.stderr, RAW_OR_BIDI, refused.stderr);
      assert.match(refused.stderr, /\\u202eevil\\u2066/);
    });
  });
});
