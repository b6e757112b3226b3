// Packages the extension as a .vsix (`npm run package`: type check, production build, vsce), the
// way users install it. Output goes to a log file; it is printed only when packaging fails.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const VSIX_NAME = 'user-erasure.vsix';

/**
 * @param {string} repoRoot
 * @param {{ reuse?: boolean, log?: (line: string) => void }} [options] reuse: keep an existing
 *   .vsix (USER_ERASURE_REUSE_VSIX=1 while iterating on the UI tests)
 * @returns {Promise<string>} the .vsix file
 */
export async function packageExtension(repoRoot, { reuse = false, log = () => {} } = {}) {
  const vsix = path.join(repoRoot, VSIX_NAME);
  if (reuse && fs.existsSync(vsix)) {
    log(`reusing ${VSIX_NAME}`);
    return vsix;
  }
  const started = Date.now();
  log('packaging the extension (npm run package: type check, production build, vsce)…');
  const logFile = path.join(repoRoot, 'test-results', 'package.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'w');
  try {
    await new Promise((resolve, reject) => {
      // stdin closed: vsce's "repository field missing, continue?" question must not wait for a key.
      const child = spawn('npm', ['run', 'package'], { cwd: repoRoot, stdio: ['ignore', out, out] });
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`npm run package failed (${signal ?? `exit ${code}`}):\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`));
      });
    });
  } finally {
    fs.closeSync(out);
  }
  log(`packaged ${VSIX_NAME} in ${Math.round((Date.now() - started) / 1000)} s`);
  return vsix;
}
