// The CLI installed on its own, as the README says: `npm pack` (its prepack builds the bundle) gives
// a tarball of the CLI's runtime files only, and `npm install -g` of it — offline, with an empty npm
// cache, so nothing can come from the registry — gives a `user-erasure` that works away from the repository.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cleanEnv, copyCheckout, makeWorkDir, ok, run } from '../helpers/checkoutCopy';

const PLANTED_SECRET = 'PLANTED-passcode-9Xq7';

describe('the CLI packed with npm pack and installed with npm install -g', function () {
  this.timeout(180_000);
  let work: string;
  let packed: { filename: string; files: { path: string }[] };
  let bin: string;
  let elsewhere: string;

  before(() => {
    work = makeWorkDir('packed-cli');
    // npm pack's prepack builds dist/ in a copy, with secrets a careless user left lying around.
    const repo = copyCheckout(work);
    fs.writeFileSync(path.join(repo, '.env'), `CLEVERTAP_PASSCODE=${PLANTED_SECRET}\n`);
    fs.writeFileSync(path.join(repo, 'erasure.jsonl'), `{"passcode":"${PLANTED_SECRET}"}\n`);

    const out = path.join(work, 'out');
    fs.mkdirSync(out);
    const report = ok(run('npm', ['pack', '--json', '--pack-destination', out], { cwd: repo }), 'npm pack');
    [packed] = JSON.parse(report.slice(report.indexOf('[')));

    const prefix = path.join(work, 'prefix');
    const emptyCache = path.join(work, 'npm-cache');
    ok(
      run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--cache', emptyCache, '--no-audit', '--no-fund', path.join(out, packed.filename)], { cwd: out }),
      'npm install -g of the tarball (offline, empty cache)',
    );
    bin = path.join(prefix, 'bin', 'user-erasure');
    elsewhere = path.join(work, 'elsewhere');
    fs.mkdirSync(elsewhere);
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('packs only the CLI bundle, its reference, README, LICENSE and package.json', () => {
    assert.deepEqual(packed.files.map((f) => f.path).sort(), ['LICENSE', 'README.md', 'dist/cli.js', 'docs/cli.md', 'package.json']);
  });

  it('packs no secret: the planted ones stay behind', () => {
    const contents = ok(run('tar', ['-xzOf', path.join(work, 'out', packed.filename)], { cwd: work }), 'tar');
    assert.match(contents, /user-erasure delete --vendor/, 'tar printed the packed files');
    assert.ok(!contents.includes(PLANTED_SECRET), 'a planted secret is in the tarball');
  });

  it('needs no dependency at install: the bundle carries undici and zod', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(work, 'prefix', 'lib', 'node_modules', 'user-erasure', 'package.json'), 'utf8'));
    assert.deepEqual(manifest.dependencies ?? {}, {});
    assert.ok(!fs.existsSync(path.join(work, 'prefix', 'lib', 'node_modules', 'user-erasure', 'node_modules')));
  });

  it('user-erasure --help works outside the repository', () => {
    const help = ok(run(bin, ['--help'], { cwd: elsewhere }), 'user-erasure --help');
    assert.match(help, /user-erasure delete --vendor <cooladata\|engagelab\|clevertap\|batch>/);
  });

  it('user-erasure delete --dry-run shows the exact request, secret masked, and sends nothing', () => {
    const env = cleanEnv({ CLEVERTAP_ACCOUNT_ID: 'TEST-PACKED', CLEVERTAP_PASSCODE: PLANTED_SECRET, CLEVERTAP_REGION: 'eu1' });
    const result = run(bin, ['delete', '--vendor', 'clevertap', '--dry-run', '--json'], { cwd: elsewhere, input: 'user-1\nuser-2\n', env });
    const report = JSON.parse(ok(result, 'user-erasure delete --dry-run'));
    assert.equal(report.dryRun, true);
    assert.deepEqual(report.results.map((r: { id: string; outcome: string }) => `${r.id} ${r.outcome}`), ['user-1 planned', 'user-2 planned']);
    assert.equal(report.requests[0].url, 'https://eu1.api.clevertap.com/1/delete/profiles.json');
    assert.equal(report.requests[0].headers['X-CleverTap-Passcode'], '***');
    assert.ok(!`${result.stdout}${result.stderr}`.includes(PLANTED_SECRET));
  });
});
