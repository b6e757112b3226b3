// What `npm run package` puts in the .vsix for the Extensions view: the icon package.json names
// (a 128×128 PNG) and every image and page README.md refers to, so its details page shows no
// broken picture. Packaged for real (vsce, the package script's own flags) in a copy of the checkout.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cleanEnv, copyCheckout, makeWorkDir, ok, ROOT, run } from './helpers/checkoutCopy';

/** Relative targets of the README's images and links (`![..](x)`, `[..](x)`, `<img src="x">`), anchors and URLs left out. */
function relativeReferences(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...markdown.matchAll(/<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]);
  return [...new Set(targets.filter((t) => !/^([a-z][a-z0-9+.-]*:|#)/i.test(t)).map((t) => t.split('#')[0]))];
}

/** File names in a zip archive, from its central directory. */
function zipEntries(file: string): string[] {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, `${file} is not a zip archive`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

function pngSize(file: string): { width: number; height: number } {
  const png = fs.readFileSync(file);
  assert.ok(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${file} is a PNG`);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the packaged .vsix', function () {
  this.timeout(180_000);
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  let work: string;
  let entries: string[];

  before(() => {
    work = makeWorkDir('vsix');
    const repo = copyCheckout(work);
    // The type check of vscode:prepublish is `npm test`'s first step already; the bundle is built as it ships.
    const copied = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
    copied.scripts['vscode:prepublish'] = 'node esbuild.js --production';
    fs.writeFileSync(path.join(repo, 'package.json'), `${JSON.stringify(copied, null, 2)}\n`);
    // What running the extension from this checkout (F5) leaves in dist/: its code cache, and a
    // temporary one from a window closed while writing it. Neither may ship.
    fs.mkdirSync(path.join(repo, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'dist', 'extension.js.v8-cache'), 'cache of this machine');
    fs.writeFileSync(path.join(repo, 'dist', 'extension.js.v8-cache.4242.tmp'), 'half a cache');
    ok(run('npm', ['run', 'package'], { cwd: repo, env: cleanEnv() }), 'npm run package');
    entries = zipEntries(path.join(repo, 'user-erasure.vsix'));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('has an icon: a 128×128 PNG in media/, packaged', () => {
    assert.equal(manifest.icon, 'media/icon.png');
    assert.deepEqual(pngSize(path.join(ROOT, manifest.icon)), { width: 128, height: 128 });
    assert.ok(entries.includes(`extension/${manifest.icon}`), `extension/${manifest.icon} is not in the .vsix`);
  });

  it('holds every image and page README.md refers to', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const references = relativeReferences(readme);
    assert.ok(references.some((r) => /\.png$/.test(r)), 'the README shows at least one image');
    const missing = references.filter((r) => !entries.includes(`extension/${path.posix.normalize(r.replace(/^\.\//, ''))}`));
    assert.deepEqual(missing, [], 'README references not packaged');
  });

  it("holds every picture and markdown page of the walkthrough, the view container's icon and the sample IDs", () => {
    const files = new Set<string>([manifest.contributes.viewsContainers.activitybar[0].icon, 'media/sample-ids.txt']);
    for (const walkthrough of manifest.contributes.walkthroughs) {
      for (const step of walkthrough.steps) {
        for (const image of Object.values(step.media.image ?? {}) as string[]) files.add(image);
        if (step.media.markdown) files.add(step.media.markdown);
      }
    }
    assert.ok(files.size > 10, [...files].join(', '));
    const missing = [...files].filter((f) => !fs.existsSync(path.join(ROOT, f)) || !entries.includes(`extension/${path.posix.normalize(f)}`));
    assert.deepEqual(missing, [], 'walkthrough media missing or not packaged');
  });

  it('holds the extension bundles (undici apart) and README, and not the CLI or the sources', () => {
    assert.ok(entries.includes('extension/dist/start.js'), "dist/start.js, package.json's main");
    assert.ok(entries.includes('extension/dist/extension.js'));
    assert.ok(!entries.some((e) => e.includes('.v8-cache')), 'no code cache from this machine');
    assert.ok(entries.includes('extension/dist/undici.js'), 'dist/undici.js, required on the first request');
    assert.ok(entries.includes('extension/readme.md') || entries.includes('extension/README.md'));
    assert.ok(!entries.some((e) => /^extension\/(dist\/cli\.js|src\/|test\/|node_modules\/)/.test(e)), entries.join('\n'));
  });
});
