// `npm start` / `npm test` right after `git clone`: node_modules is (re)installed with npm ci when it
// is missing or does not match package-lock.json, and left alone when it does.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '../../..');

describe('node_modules check for npm start / npm test', () => {
  let nodeModulesOutOfDate: (repoRoot: string) => string | undefined;
  let dir: string;
  before(async () => {
    ({ nodeModulesOutOfDate } = await import(pathToFileURL(path.join(ROOT, 'scripts/setup/node-modules.mjs')).href));
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-node-modules-'));
    writeJson('package-lock.json', {
      packages: {
        '': { name: 'x' },
        'node_modules/tsx': { version: '4.23.15' },
        'node_modules/@esbuild/darwin-arm64': { version: '0.28.2', optional: true },
      },
    });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function writeJson(file: string, value: unknown) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), JSON.stringify(value));
  }
  function install(packages: Record<string, { version: string }>) {
    writeJson('node_modules/.package-lock.json', { packages });
    for (const location of Object.keys(packages)) fs.mkdirSync(path.join(dir, location), { recursive: true });
  }

  it('a fresh clone (no node_modules) needs npm ci', () => {
    assert.equal(nodeModulesOutOfDate(dir), 'node_modules is missing');
  });

  it('node_modules that npm did not install needs npm ci', () => {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    assert.equal(nodeModulesOutOfDate(dir), 'node_modules was not installed by npm');
  });

  it('matches package-lock.json: nothing to do (optional packages of other platforms may be absent)', () => {
    install({ 'node_modules/tsx': { version: '4.23.15' } });
    assert.equal(nodeModulesOutOfDate(dir), undefined);
  });

  it('another version than package-lock.json says needs npm ci', () => {
    install({ 'node_modules/tsx': { version: '4.20.0' } });
    assert.equal(nodeModulesOutOfDate(dir), 'tsx is 4.20.0, package-lock.json says 4.23.15');
  });

  it('a package removed by hand needs npm ci', () => {
    install({ 'node_modules/tsx': { version: '4.23.15' } });
    fs.rmSync(path.join(dir, 'node_modules/tsx'), { recursive: true });
    assert.equal(nodeModulesOutOfDate(dir), 'tsx is not installed');
  });

  it('this checkout, after npm ci, is up to date', () => {
    assert.equal(nodeModulesOutOfDate(ROOT), undefined);
  });
});
