// The extension's entry point (package.json "main", bundled to dist/start.js): loads the extension
// proper, dist/extension.js, through V8's code cache. Compiling that ~300 KB bundle was a third of
// our activation; with the cache kept beside it, V8 reuses the bytecode of the last activation.
// The first activation after an install (or a VS Code update: V8 rejects a cache from another
// version) compiles as usual and writes the cache afterwards, off the activation path. A missing,
// stale or unwritable cache only costs that compile; it never changes what runs.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { constants as vmConstants, Script } from 'node:vm';
import type * as Extension from './extension';

const BUNDLE = path.join(__dirname, 'extension.js');
const CACHE = `${BUNDLE}.v8-cache`;
/** After activation's own work, so producing the cache (a few ms) does not slow it down. */
const WRITE_CACHE_AFTER_MS = 3000;

/** What happened to the code cache when the bundle loaded (host tests and the bench read it). */
export let codeCache: 'used' | 'rejected' | 'none' = 'none';

function load(): typeof Extension {
  const source = readFileSync(BUNDLE, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    const stored = readFileSync(CACHE);
    const data = stored.subarray(SEAL_BYTES);
    codeCache = stored.subarray(0, SEAL_BYTES).equals(sealOf(source, data)) ? 'used' : 'rejected';
    if (codeCache === 'used') cachedData = data;
  } catch {
    // No cache yet.
  }
  // The same wrapper Node puts around a CommonJS module, so the bundle runs exactly as if required
  // (on a line of its own, so stack traces keep the bundle's line and column numbers). A dynamic
  // import() inside resolves as it would in a required module.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
    filename: BUNDLE,
    lineOffset: -1,
    cachedData,
    importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (script.cachedDataRejected) codeCache = 'rejected';
  const module = { exports: {} as typeof Extension };
  // Called as Node calls a module's wrapper: `this` at the bundle's top level is module.exports.
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, require, module, BUNDLE, __dirname);
  if (codeCache !== 'used') setTimeout(() => writeCache(script, source), WRITE_CACHE_AFTER_MS).unref();
  return module.exports;
}

/**
 * The cache's first bytes: a digest of the bundle and of the V8 data after it. V8 checks a cache
 * against the source's length only (a rebuilt bundle of the same length would run the old
 * bytecode), and in release builds not against its own checksum (a cache altered on disk, say
 * torn by a crash after the rename, would run whatever bytes it now holds).
 */
function sealOf(source: string, data: Buffer): Buffer {
  return createHash('sha1').update(source).update(data).digest();
}
const SEAL_BYTES = 20;

function writeCache(script: Script, source: string): void {
  const temp = `${CACHE}.${process.pid}.tmp`;
  try {
    // Written whole and renamed into place: another window never reads half a cache.
    const data = script.createCachedData();
    writeFileSync(temp, Buffer.concat([sealOf(source, data), data]));
    renameSync(temp, CACHE);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // A folder we cannot write to: no cache, as before.
    }
  }
}

const extension = load();
export const activate: typeof Extension.activate = (context) => extension.activate(context);
export const deactivate: typeof Extension.deactivate = () => extension.deactivate();
