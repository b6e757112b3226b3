// Configuration for `npm run test:electron` (scripts/test-electron.mjs): the same host suite as
// `npm run test:host`, but in a desktop VS Code that @vscode/test-electron downloads — so only on
// machines with internet (on Linux without a display: `xvfb-run -a npm run test:electron`).
// The fields are @vscode/test-electron's runTests() options; build first (the npm script does).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

export default {
  // The same VS Code as the pinned code-server of the offline harness (scripts/vscode-host/install.mjs).
  version: '1.139.1',
  extensionDevelopmentPath: root,
  extensionTestsPath: path.join(root, 'out', 'host-tests', 'index.js'),
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  extensionTestsEnv: {
    USER_ERASURE_HOST_TEST_LOG: path.join(root, 'test-results', 'host', 'electron-mocha.log'),
  },
  // Copied to a temporary folder that VS Code opens (when it exists).
  workspaceTemplate: path.join(root, 'test', 'host', 'workspace'),
};
