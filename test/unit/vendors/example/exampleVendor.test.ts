// Proof that a vendor is one module: the test-only Example vendor (exampleVendor.ts, one
// definition, and its fake) is added to the catalog of a test build, with no other file changed,
// and goes through every face: the editor's option questions, plan, confirmation text, dry run,
// run, journal, reload, tree label, export, and the CLI (`--vendor example`, bundled with
// catalog.ts in place of src/vendors/index.ts).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { askTargetOptions } from '../../../../src/commands/deletion/options';
import { confirmationText } from '../../../../src/commands/deletion/confirmationText';
import { previewText } from '../../../../src/commands/deletion/previewText';
import type { Account } from '../../../../src/core/accounts';
import { useVendorCatalog, vendorCatalog, type VendorCatalog } from '../../../../src/core/catalog';
import { ErasureEngine } from '../../../../src/core/engine';
import { auditExportText } from '../../helpers/auditExport';
import { createHttpClient } from '../../../../src/core/http';
import { parseIds } from '../../../../src/core/ids';
import { describeTarget, type JobState } from '../../../../src/core/job';
import { Journal } from '../../../../src/core/journal';
import { PacingRegistry } from '../../../../src/core/limits';
import { silentLogger } from '../../../../src/core/logger';
import { Redactor } from '../../../../src/core/redact';
import { DEFAULT_SETTINGS } from '../../../../src/core/settings';
import { productCatalog } from '../../../../src/vendors';
import { cliBuildOptions } from '../../helpers/buildOptions';
import { picked, ScriptedPrompter } from '../../helpers/scriptedPrompter';
import { ExampleFake } from './exampleFake';
import { exampleVendor, type ExampleAccount } from './exampleVendor';

const ROOT = path.resolve(__dirname, '../../../..');
const KEY = 'EXAMPLE-CANARY-KEY-7Tq2';
const WORKSPACE = 'ws-1';

function outcomes(job: JobState): Record<string, string> {
  const t = job.targets[0];
  return Object.fromEntries(t.ids.map((id, i) => [id, t.outcomeAt(i)]));
}

describe('a fifth vendor is one module: the test-only Example vendor', () => {
  let previous: VendorCatalog;
  let fake: ExampleFake;
  let url: string;
  let dir: string;

  before(async () => {
    previous = vendorCatalog();
    useVendorCatalog(productCatalog(exampleVendor));
    dir = await mkdtemp(path.join(os.tmpdir(), 'ue-example-'));
  });

  beforeEach(async () => {
    fake = new ExampleFake(WORKSPACE, KEY, ['u1', 'u2', 'u3', 'u4', 'u5']);
    url = await fake.start();
  });

  afterEach(() => fake.close());

  after(async () => {
    useVendorCatalog(previous);
    await rm(dir, { recursive: true, force: true });
  });

  it('editor path: options → plan → confirmation → dry run → run → journal → reload → tree label → export', async () => {
    const account: ExampleAccount = { id: 'example-1', vendor: 'example', label: 'Staging', workspace: WORKSPACE };
    const journalDir = path.join(dir, 'editor');
    const first = await Journal.open(journalDir, { followMs: 0 });
    const redactor = new Redactor();
    const engine = new ErasureEngine({
      vendors: vendorCatalog(),
      accounts: { list: () => [account], get: (id) => (id === account.id ? account : undefined), update: () => {} },
      credentials: { secretsFor: async () => ({ apiKey: KEY }) },
      settings: () => DEFAULT_SETTINGS,
      http: (settings) => createHttpClient({ timeoutMs: settings.requestTimeoutMs, redactor }),
      redactor,
      baseUrlOverride: (vendor) => (vendor === 'example' ? url : undefined),
      store: first.store,
      pacing: new PacingRegistry(),
      logger: silentLogger,
    });

    // The editor's questions come from the vendor's chooseOptions.
    const prompter = new ScriptedPrompter([picked('Everything')]);
    const choices = (await askTargetOptions({ prompter, settings: DEFAULT_SETTINGS }, account as Account)).map((options) => ({ account: account as Account, options }));
    assert.deepEqual(choices.map((c) => c.options), [{ vendor: 'example', scope: 'everything' }]);

    const typed = ['u1', 'u2', 'u3', 'ghost', 'much-too-long-for-example'];
    const selected = parseIds([typed.join('\n')]);
    assert.equal(selected.kind, 'ids');
    if (selected.kind !== 'ids') return;
    const plan = await engine.plan({ ids: selected.ids, choices, source: 'editor' });
    assert.equal(plan.targets[0].toSend, 4);
    assert.match(plan.targets[0].skipped[0].reason, /too long for Example/);

    const confirmation = confirmationText(plan, selected);
    assert.equal(confirmation.message, 'Delete 4 users at Example (Staging)? This cannot be undone.');
    assert.match(confirmation.detail, /^Example · Staging · everything: 4 IDs$/m);
    assert.match(confirmation.detail, /Example:\n {2}• Example forgets a deleted user at once/);

    const preview = await engine.preview(plan);
    assert.equal(preview.total, 2, '4 IDs, 3 per call');
    assert.equal(preview.requests[0].url, `${url}/v1/workspaces/${WORKSPACE}/deletions`);
    assert.equal(preview.requests[0].headers['X-Example-Key'], '***');
    const dryRun = previewText(plan, preview, selected);
    assert.ok(dryRun.includes('Example · Staging · everything') && !dryRun.includes(KEY));
    assert.equal(fake.requests.length, 0, 'a dry run sends nothing');

    const run = await engine.start(plan);
    await run.done;
    assert.deepEqual(outcomes(run.job), { u1: 'done', u2: 'done', u3: 'done', ghost: 'not-found', 'much-too-long-for-example': 'skipped' });
    assert.deepEqual(fake.known(), ['u4', 'u5']);
    assert.ok(fake.requests.every((r) => r.key === KEY && (r.body as { scope: string }).scope === 'everything'));
    await first.close();

    // A new window: the journal gives the Example job back, as it was.
    const second = await Journal.open(journalDir, { followMs: 0 });
    try {
      assert.deepEqual(second.lastLoad.problems, []);
      const job = second.store.require(plan.spec.id);
      assert.deepEqual(outcomes(job), outcomes(run.job));
      assert.equal(describeTarget(job.targets[0].spec), 'Example · Staging · everything');

      const csv = await auditExportText([job], 'csv', { redact: (text) => redactor.redactText(text) });
      const rows = csv.trim().split(/\r?\n/);
      assert.equal(rows.length, 1 + typed.length);
      assert.ok(rows.some((row) => /,Example,Staging,scope everything,u1,,done,/.test(row)), rows.join('\n'));
      assert.ok(!csv.includes(KEY));
    } finally {
      await second.close();
    }
  });

  describe('CLI', () => {
    let cli: string;

    before(async () => {
      // The shipped CLI build, with the test catalog in place of src/vendors/index.ts.
      const catalog = path.join(__dirname, 'catalog.ts');
      const withExample: Plugin = {
        name: 'example-vendor-catalog',
        setup(b) {
          b.onResolve({ filter: /^\.\/vendors$/ }, (args) => (args.importer === path.join(ROOT, 'src', 'cli.ts') ? { path: catalog } : undefined));
        },
      };
      cli = path.join(dir, 'cli.js');
      const options = cliBuildOptions(cli);
      await build({ ...options, plugins: [...(options.plugins ?? []), withExample] });
    });

    function runCli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
      const env = { PATH: process.env.PATH, EXAMPLE_WORKSPACE: WORKSPACE, EXAMPLE_API_KEY: KEY, USER_ERASURE_EXAMPLE_BASE_URL: url };
      const child = spawn(process.execPath, [cli, ...args], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      return new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    }

    it('delete --vendor example: dry run, run with a journal, export', async () => {
      const journal = path.join(dir, 'cli-journal.jsonl');
      const dry = await runCli(['delete', '--vendor', 'example', '--ids', 'u4,ghost', '--scope', 'profile', '--dry-run']);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /Example · workspace ws-1 · profile: 2 to send/);
      assert.equal(fake.requests.length, 0);

      const real = await runCli(['delete', '--vendor', 'example', '--ids', 'u4,ghost', '--scope', 'profile', '--yes', '--json', '--journal', journal]);
      assert.equal(real.code, 0, real.stderr);
      const report = JSON.parse(real.stdout) as { vendor: string; results: { id: string; outcome: string }[] };
      assert.equal(report.vendor, 'example');
      assert.deepEqual(report.results.map((r) => [r.id, r.outcome]), [['u4', 'done'], ['ghost', 'not-found']]);
      assert.deepEqual(fake.known(), ['u1', 'u2', 'u3', 'u5']);
      assert.equal((fake.requests[0].body as { scope: string }).scope, 'profile');

      const exported = await runCli(['export', '--journal', journal, '--format', 'csv']);
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(exported.stdout, /,Example,workspace ws-1,scope profile,u4,,done,/);
      for (const text of [dry.stdout, dry.stderr, real.stdout, real.stderr, exported.stdout, exported.stderr, await readFile(journal, 'utf8')]) {
        assert.ok(!text.includes(KEY), 'the API key is never printed or journaled');
      }
    });

    it('its flags and variables come from its definition', async () => {
      const wrongScope = await runCli(['delete', '--vendor', 'example', '--ids', 'u1', '--scope', 'all', '--yes']);
      assert.equal(wrongScope.code, 2);
      assert.match(wrongScope.stderr, /--scope must be profile or everything/);
      const help = await runCli(['--help']);
      assert.match(help.stdout, /--vendor <cooladata\|engagelab\|clevertap\|batch\|example>/);
      assert.match(help.stdout, /EXAMPLE_WORKSPACE, EXAMPLE_API_KEY/);
      assert.equal(fake.requests.length, 0);
    });
  });
});
