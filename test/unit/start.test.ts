// The extension's entry point, dist/start.js (package.json's main): it loads dist/extension.js
// through V8's code cache. Built for production into a folder of its own and loaded in fresh Node
// processes (vscode stubbed), as VS Code would load it on each start.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { productionExtensionBuildOptions, productionStartBuildOptions } from './helpers/buildOptions';
import { STUB_VSCODE_IN_CHILD } from './helpers/childVscodeStub';

const run = promisify(execFile);

/** Loads the entry in a fresh Node, then keeps that Node alive `stayMs` (as a window stays open). */
async function startOnce(entry: string, stayMs = 0): Promise<{ codeCache: string; exports: string[] }> {
  const probe = `${STUB_VSCODE_IN_CHILD}
    const loaded = require(process.argv[1]);
    console.log(JSON.stringify({ codeCache: loaded.codeCache, exports: Object.keys(loaded).filter((k) => typeof loaded[k] === 'function').sort() }));
    setTimeout(() => {}, Number(process.argv[2]));`;
  const { stdout } = await run(process.execPath, ['-e', probe, entry, String(stayMs)], { encoding: 'utf8' });
  return JSON.parse(stdout);
}

describe('extension entry point (dist/start.js): the bundle through V8 code cache', function () {
  this.timeout(60_000);
  let dir: string;
  let entry: string;
  let cache: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ue-start-'));
    entry = path.join(dir, 'start.js');
    cache = path.join(dir, 'extension.js.v8-cache');
    await build(productionExtensionBuildOptions(path.join(dir, 'extension.js')));
    await build(productionStartBuildOptions(entry));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('package.json points VS Code at it', () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    assert.equal(manifest.main, './dist/start.js');
  });

  it('first start compiles and writes the cache after activation; the next start uses it; both expose activate and deactivate', async () => {
    rmSync(cache, { force: true });
    const first = await startOnce(entry, 4000);
    assert.deepEqual(first, { codeCache: 'none', exports: ['activate', 'deactivate'] });
    assert.ok(existsSync(cache) && statSync(cache).size > 10_000, 'the cache was written');
    const second = await startOnce(entry);
    assert.deepEqual(second, { codeCache: 'used', exports: ['activate', 'deactivate'] });
  });

  it('a damaged cache is rejected by V8, the bundle still loads, and the cache is written again', async () => {
    // The right seal, then garbage: what V8 itself must refuse.
    const garbage = Buffer.alloc(50_000, 7);
    const seal = createHash('sha1').update(readFileSync(path.join(dir, 'extension.js'), 'utf8')).update(garbage).digest();
    writeFileSync(cache, Buffer.concat([seal, garbage]));
    const damaged = await startOnce(entry, 4000);
    assert.deepEqual(damaged, { codeCache: 'rejected', exports: ['activate', 'deactivate'] });
    assert.equal((await startOnce(entry)).codeCache, 'used');
  });

  /** Starts the entry in a fresh Node, calls activate() and stays `stayMs`: what ran, and whether from the cache. */
  async function startAndActivate(stayMs: number): Promise<{ codeCache: string; exports: string[] }> {
    const probe = `const m = require(process.argv[1]); console.log(JSON.stringify({ codeCache: m.codeCache, exports: [String(m.activate())] })); setTimeout(() => {}, Number(process.argv[2]));`;
    return JSON.parse((await run(process.execPath, ['-e', probe, entry, String(stayMs)], { encoding: 'utf8' })).stdout);
  }

  /** Runs `body` with dist/extension.js replaced by `text` and no cache; puts the bundle back and drops the cache after. */
  async function withBundle(text: string, body: (bundle: string) => Promise<void>): Promise<void> {
    const bundle = path.join(dir, 'extension.js');
    const original = readFileSync(bundle, 'utf8');
    try {
      writeFileSync(bundle, text);
      rmSync(cache, { force: true });
      await body(bundle);
    } finally {
      writeFileSync(bundle, original);
      rmSync(cache, { force: true });
    }
  }

  it('a cache of another bundle of the very same length (V8 would take it) is not used: the old code never runs', async () => {
    const marker = 'exports.activate = () => ';
    const variant = (value: string) => `${marker}'${value}'; exports.deactivate = () => undefined; exports.codeCacheProbe = () => '${value}';\n`;
    await withBundle(variant('old'), async (bundle) => {
      assert.deepEqual(await startAndActivate(4000), { codeCache: 'none', exports: ['old'] });
      assert.deepEqual(await startAndActivate(0), { codeCache: 'used', exports: ['old'] });
      writeFileSync(bundle, variant('new')); // same length
      assert.deepEqual(await startAndActivate(4000), { codeCache: 'rejected', exports: ['new'] });
      assert.deepEqual(await startAndActivate(0), { codeCache: 'used', exports: ['new'] });
    });
  });

  it('a cache altered on disk after it was written (V8 checks no checksum) is not used: the bundle runs as written', async () => {
    await withBundle("exports.activate = () => 'as-' + 'written'; exports.deactivate = () => undefined;\n", async () => {
      await startAndActivate(4000);
      const stored = readFileSync(cache);
      const at = stored.indexOf('written');
      assert.ok(at > 20, 'the string constant is in the V8 data');
      stored.write('altered', at); // one torn or flipped stretch of the file, header intact
      writeFileSync(cache, stored);
      assert.deepEqual(await startAndActivate(4000), { codeCache: 'rejected', exports: ['as-written'] });
      assert.deepEqual(await startAndActivate(0), { codeCache: 'used', exports: ['as-written'] });
    });
  });

  it('runs the bundle as Node runs a required module: `this` at its top level is module.exports', async () => {
    await withBundle('const self = this; exports.deactivate = () => undefined; exports.activate = () => self === module.exports;\n', async (bundle) => {
      const probe = `const m = require(process.argv[1]); console.log(JSON.stringify(m.activate()));`;
      assert.equal(JSON.parse((await run(process.execPath, ['-e', probe, bundle], { encoding: 'utf8' })).stdout), true, 'required directly');
      assert.equal(JSON.parse((await run(process.execPath, ['-e', probe, entry], { encoding: 'utf8' })).stdout), true, 'through start.js');
    });
  });

  it('a cache for another bundle (an update) is rejected, not run', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'ue-start-other-'));
    try {
      writeFileSync(path.join(other, 'extension.js'), "exports.activate = () => 'old'; exports.deactivate = () => undefined;\n");
      await build(productionStartBuildOptions(path.join(other, 'start.js')));
      await startOnce(path.join(other, 'start.js'), 4000);
      assert.ok(existsSync(path.join(other, 'extension.js.v8-cache')));
      writeFileSync(cache, readFileSync(path.join(other, 'extension.js.v8-cache')));
      assert.equal((await startOnce(entry)).codeCache, 'rejected');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('stack traces point into dist/extension.js at the bundle\'s own lines', async () => {
    const probe = `const m = require(process.argv[1]); try { m.activate(); } catch (e) { console.log(JSON.stringify(/extension\\.js:(\\d+):(\\d+)/.exec(e.stack).slice(1))); }`;
    await withBundle("'use strict';\nexports.deactivate = () => undefined;\nexports.activate = () => { throw new Error('where'); };\n", async () => {
      const { stdout } = await run(process.execPath, ['-e', probe, entry], { encoding: 'utf8' });
      assert.deepEqual(JSON.parse(stdout), ['3', '34'], 'as when required');
    });
  });

  it('a cache it cannot write: loads without one, leaves nothing behind, and throws nothing later', async () => {
    rmSync(cache, { force: true });
    // A folder where the cache file goes makes writing it fail for any user (root included).
    mkdirSync(cache);
    try {
      const started = await startOnce(entry, 4000);
      assert.deepEqual(started, { codeCache: 'none', exports: ['activate', 'deactivate'] });
      assert.ok(statSync(cache).isDirectory(), 'left as it was');
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
