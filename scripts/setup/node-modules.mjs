// A fresh clone has no node_modules, yet `npm start` and `npm test` are the README's first
// commands: they run `npm ci` themselves when node_modules is missing or does not match
// package-lock.json. Only Node's own modules here (this runs before node_modules exists).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../vscode-host/errors.mjs';

/**
 * Why node_modules must be (re)installed, or undefined when it matches package-lock.json: every
 * package the lock file names is installed at its version (npm records what it installed in
 * node_modules/.package-lock.json). Optional packages for other platforms may be absent.
 * @param {string} repoRoot
 */
export function nodeModulesOutOfDate(repoRoot) {
  const wanted = readJson(path.join(repoRoot, 'package-lock.json'))?.packages;
  if (!wanted) throw new HarnessError('package-lock.json is missing or unreadable');
  if (!fs.existsSync(path.join(repoRoot, 'node_modules'))) return 'node_modules is missing';
  const installed = readJson(path.join(repoRoot, 'node_modules', '.package-lock.json'))?.packages;
  if (!installed) return 'node_modules was not installed by npm';
  for (const [location, entry] of Object.entries(wanted)) {
    if (location === '' || entry.link) continue;
    const have = installed[location];
    if (!have || !fs.existsSync(path.join(repoRoot, location))) {
      if (entry.optional) continue;
      return `${location.replace(/^node_modules\//, '')} is not installed`;
    }
    if (have.version !== entry.version) return `${location.replace(/^node_modules\//, '')} is ${have.version}, package-lock.json says ${entry.version}`;
  }
  return undefined;
}

/** Runs `npm ci` when node_modules is missing or stale. */
export function ensureNodeModules(repoRoot, { log = (line) => console.log(`[setup] ${line}`) } = {}) {
  const why = nodeModulesOutOfDate(repoRoot);
  if (!why) return;
  log(`${why}: npm ci (about a minute)`);
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new HarnessError(`npm ci failed (${result.error?.message ?? `exit ${result.status}`}); see its output above`);
  const still = nodeModulesOutOfDate(repoRoot);
  if (still) throw new HarnessError(`after npm ci, ${still}`);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
