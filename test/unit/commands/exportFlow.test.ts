import '../helpers/vscodeStub';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { exportJobs } from '../../../src/commands/export/exportFlow';
import { defaultExportName, exportDoneMessage, OPEN_FILE } from '../../../src/commands/export/exportChoices';
import { UserCancelled } from '../../../src/commands/errors';
import { CSV_FORMULA_NOTE, sha256Hex } from '../../../src/core/export';
import { JobStore } from '../../../src/core/jobStore';
import { silentLogger } from '../../../src/core/logger';
import { Redactor } from '../../../src/core/redact';
import type { ExtensionServices } from '../../../src/services';
import { tempDir } from '../core/journalFixtures';
import { ids, jobSpec, setOutcome } from '../helpers/jobs';
import { label, ScriptedPrompter, step } from '../helpers/scriptedPrompter';

const SECRET = 'passcode-SECRET-9931';

describe('Export Job… / Export History… choices', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('ue-export-'));
  });
  afterEach(() => cleanup());

  async function setup(script: ReturnType<typeof step>[]) {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ ids: ids(3) }], 'Ticket 4711'));
    await setOutcome(store, job.id, 0, [0, 1], { outcome: 'accepted', httpStatus: 200, message: `queued (auth ${SECRET})` });
    const redactor = new Redactor();
    redactor.addSecret(SECRET);
    const prompter = new ScriptedPrompter(script);
    const services = { prompter, redactor, logger: silentLogger } as unknown as ExtensionServices;
    return { job, prompter, services };
  }

  it('asks CSV or JSON, clear or SHA-256 IDs, then where; writes the file redacted and offers to open it', async () => {
    const file = path.join(dir, 'audit.csv');
    const { job, prompter, services } = await setup([
      step('pickOne', (q) => {
        assert.equal(q.options.title, 'Export Job');
        assert.deepEqual(q.items.map((i) => i.label), ['CSV', 'JSON']);
        return 'csv';
      }),
      step('pickOne', (q) => {
        assert.deepEqual(q.items.map((i) => i.label), ['IDs as they are', 'SHA-256 of each ID']);
        return label('SHA-256 of each ID')(q);
      }),
      step('saveLocation', (q) => {
        assert.equal(q.options.defaultName, `erasure-${job.id}-sha256.csv`);
        assert.deepEqual(q.options.filters, { CSV: ['csv'] });
        return file;
      }),
      step('notify', (q) => {
        assert.equal(q.level, 'info');
        assert.deepEqual(q.buttons, [OPEN_FILE]);
        assert.ok(q.message.startsWith(`Exported 3 rows (1 job, IDs as SHA-256) to ${file}.`));
        assert.ok(q.message.endsWith(CSV_FORMULA_NOTE));
        return undefined;
      }),
    ]);
    const done = await exportJobs(services, [job], { kind: 'job', jobId: job.id });
    assert.deepEqual(done, { file, format: 'csv', hashIds: true, rows: 3, jobs: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(prompter.remaining, 0);
    const text = await readFile(file, 'utf8');
    const [header, first] = text.split('\r\n');
    assert.match(header, /,id_sha256,origin_sha256,/);
    assert.ok(first.includes(sha256Hex('user-1')) && !text.includes('user-1,'), 'hashed IDs only');
    assert.ok(!text.includes(SECRET), 'no secret in the export');
  });

  it('JSON with IDs in clear; the history gets a dated name', async () => {
    const file = path.join(dir, 'history.json');
    const { job, services } = await setup([
      step('pickOne', 'json'),
      step('pickOne', label('IDs as they are')),
      step('saveLocation', (q) => {
        assert.match(q.options.defaultName, /^erasure-history-\d{4}-\d{2}-\d{2}\.json$/);
        return file;
      }),
      step('notify', (q) => {
        assert.ok(!q.message.includes(CSV_FORMULA_NOTE), 'the CSV note is for CSV only');
        return undefined;
      }),
    ]);
    await exportJobs(services, [job], { kind: 'history' });
    const json = JSON.parse(await readFile(file, 'utf8'));
    assert.equal(json.idsHashed, false);
    assert.deepEqual(json.rows.map((r: { id: string }) => r.id), ['user-1', 'user-2', 'user-3']);
  });

  for (const at of [0, 1, 2]) {
    it(`Escape at question ${at + 1} of 3 writes nothing and is silent`, async () => {
      const answers = [step('pickOne', 'csv'), step('pickOne', label('IDs as they are')), step('saveLocation', path.join(dir, 'x.csv'))];
      const script = answers.slice(0, at);
      script.push(step(at === 2 ? 'saveLocation' : 'pickOne', undefined));
      const { job, services } = await setup(script);
      await assert.rejects(exportJobs(services, [job], { kind: 'job', jobId: job.id }), UserCancelled);
      assert.deepEqual(await readdir(dir), []);
    });
  }

  it('names files safely and says what was written', () => {
    assert.equal(defaultExportName({ kind: 'job', jobId: 'job-20261125T101010-ab/c' }, 'json', false, 0), 'erasure-job-20261125T101010-ab_c.json');
    assert.equal(defaultExportName({ kind: 'jobs', count: 3 }, 'csv', false, Date.UTC(2026, 10, 25)), 'erasure-jobs-2026-11-25.csv');
    assert.equal(exportDoneMessage({ file: '/x.json', format: 'json', hashIds: false, rows: 1, jobs: 2 }), 'Exported 1 row (2 jobs) to /x.json.');
  });
});
