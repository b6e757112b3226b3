// The set-up `npm start` and `npm test` do first, in this order so that what the user must do by
// hand is said before anything long starts: system packages (one apt-get), then `npm ci` if
// needed. The code-server install (minutes, once) comes later, from ensureInstalled().
import { isInstalled } from '../vscode-host/install.mjs';
import { ensureNodeModules } from './node-modules.mjs';
import { BROWSER_PACKAGES, CODE_SERVER_BUILD_PACKAGES, ensureSystemPackages } from './system-packages.mjs';

/**
 * @param {{ repoRoot: string, rerun: string, browser?: boolean, codeServer?: boolean }} options
 *   browser: Chromium is driven (host and UI tests); codeServer: VS Code runs (sandbox, host, UI tests)
 */
export function prepareMachine({ repoRoot, rerun, browser = false, codeServer = true }) {
  ensureSystemPackages([...(browser ? BROWSER_PACKAGES : []), ...(codeServer && !isInstalled() ? CODE_SERVER_BUILD_PACKAGES : [])], { rerun });
  ensureNodeModules(repoRoot);
}
