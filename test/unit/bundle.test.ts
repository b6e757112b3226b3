// What `npm run package` ships: the production bundle of the extension, small enough for the
// marketplace budget (~400 KB of JavaScript) and without the undici paths esbuild.js leaves out.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { productionExtensionBuildOptions } from './helpers/buildOptions';

describe('production extension bundle', function () {
  this.timeout(60_000);
  let dir: string;
  let bytes: number;
  let inputs: string[];

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ue-bundle-'));
    const outfile = path.join(dir, 'extension.js');
    const result = await build({ ...productionExtensionBuildOptions(outfile), metafile: true });
    const output = (result.metafile as Metafile).outputs[path.relative(process.cwd(), outfile).split(path.sep).join('/')];
    assert.ok(output, 'esbuild reported the output file');
    bytes = output.bytes;
    inputs = Object.keys(output.inputs);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  // 400 KiB until this round (+50 KB, 2026-12-06: 452 KB = our code 236 KB, undici 173 KB, zod 42 KB):
  // issue 12's damaged-journal handling, repair, checksums and proxy routing, issue 15's tickets, Find
  // Job, the Verify Now plan, ID stories and the walkthrough, issue 11's vendor answer readers and the
  // suspicious-token reader with its word lists. The budget stays a budget: raise it only with a reason.
  it('is under 460 KiB', () => {
    assert.ok(bytes < 460 * 1024, `dist/extension.js would be ${bytes} bytes`);
  });

  it('leaves out the SIMD parser, the FormData body encoder, the HTTP/2 client and the SOCKS5 proxy agent of undici', () => {
    for (const file of ['llhttp_simd-wasm.js', 'fetch/body.js', 'client-h2.js', 'socks5-proxy-agent.js']) {
      const bundled = inputs.filter((input) => input.endsWith(file));
      assert.ok(bundled.length > 0, `${file} is resolved`);
      assert.ok(bundled.every((input) => input.startsWith('not-bundled:')), `${file} is stubbed: ${bundled.join(', ')}`);
    }
  });

  it('bundles the portable HTTP parser and the HTTP/1.1 client it falls back to', () => {
    assert.ok(inputs.some((input) => input.endsWith('undici/lib/llhttp/llhttp-wasm.js')));
    assert.ok(inputs.some((input) => input.endsWith('undici/lib/dispatcher/client-h1.js')));
  });

  it('bundles the proxy agent and the CONNECT API its tunnels need', () => {
    assert.ok(inputs.some((input) => input.endsWith('undici/lib/dispatcher/proxy-agent.js')));
    assert.ok(inputs.some((input) => input.endsWith('undici/lib/api/api-connect.js')));
    assert.ok(!inputs.some((input) => input.endsWith('undici/lib/core/socks5-client.js')));
  });
});
