// Size of the production bundles: the repository's own `node esbuild.js --production`, run in a
// temporary folder that links to src/ and node_modules/, so dist/ of the working tree (which the
// host tests load) is left alone.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../lib/child';

export interface BundleResult {
  file: string;
  bytes: number;
  gzipBytes: number;
  buildMs: number;
}

export function measureBundles(): BundleResult[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ue-bench-bundle-'));
  try {
    for (const name of ['src', 'node_modules', 'test']) symlinkSync(path.join(REPO_ROOT, name), path.join(dir, name));
    for (const name of ['esbuild.js', 'package.json', 'tsconfig.json']) copyFileSync(path.join(REPO_ROOT, name), path.join(dir, name));
    const started = performance.now();
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    const buildMs = performance.now() - started;
    return ['dist/extension.js', 'dist/undici.js', 'dist/cli.js']
      .filter((file) => existsSync(path.join(dir, file)))
      .map((file) => {
        const full = path.join(dir, file);
        return { file, bytes: statSync(full).size, gzipBytes: gzipSync(readFileSync(full)).length, buildMs };
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
