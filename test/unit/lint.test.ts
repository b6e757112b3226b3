// The layer rules of eslint.config.mjs fire: each case lints a tiny file, as if it lived at the given
// path in this repository, under the repository's own config.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../..');

interface Case {
  file: string;
  code: string;
  /** A piece of the expected message; undefined = the file is clean. */
  expect?: string;
}

const cases: Case[] = [
  { file: 'src/core/fixture.ts', code: "import * as vscode from 'vscode';\nexport const x = vscode;\n", expect: "may import 'vscode' only with `import type`" },
  { file: 'src/core/fixture.ts', code: "import { window } from 'vscode';\nexport const x = window;\n", expect: "may import 'vscode' only with `import type`" },
  { file: 'src/core/fixture.ts', code: "import type * as vscode from 'vscode';\nexport type X = vscode.Uri;\n" },
  { file: 'src/core/fixture.ts', code: "import { type Uri } from 'vscode';\nexport type X = Uri;\n" },
  { file: 'src/core/fixture.ts', code: "import { vendorModule } from '../vendors';\nexport const x = vendorModule;\n", expect: 'src/core must not import src/vendors' },
  { file: 'src/core/journal/fixture.ts', code: "import type { DeleteClient } from '../../vendors/vendor';\nexport type X = DeleteClient;\n", expect: 'src/core must not import src/vendors' },
  { file: 'src/core/fixture.ts', code: "export { allCommands } from '../commands';\n", expect: 'src/core must not import src/commands' },
  { file: 'src/core/fixture.ts', code: "import { JOBS_VIEW_ID } from '../views/jobs/jobsView';\nexport const x = JOBS_VIEW_ID;\n", expect: 'src/core must not import src/views' },
  { file: 'src/core/fixture.ts', code: "import type { HistorySession } from '../history/historySession';\nexport type X = HistorySession;\n", expect: 'src/core must not import src/history' },
  { file: 'src/core/fixture.ts', code: "export const load = () => import('../platform/settings');\n", expect: 'src/core must not import src/platform' },
  { file: 'src/core/fixture.ts', code: "import { main } from '../cli/main';\nexport const x = main;\n", expect: 'src/core must not import src/cli' },
  { file: 'src/core/fixture.ts', code: "import settings = require('../platform/settings');\nexport const x = settings;\n", expect: 'src/core must not import src/platform' },
  { file: 'src/core/fixture.ts', code: "export const x = require('../../src/vendors/batch');\n", expect: 'src/core must not import src/vendors' },
  { file: 'src/core/fixture.ts', code: "export type X = import('../vendors/vendor').DeleteClient;\n", expect: 'src/core must not import src/vendors' },
  { file: 'src/core/fixture.ts', code: "import { plural } from './text/plural';\nimport * as z from 'zod/mini';\nexport const x = [plural, z];\n" },
  { file: 'src/vendors/fixture.ts', code: "import { ACCOUNTS_VIEW_ID } from '../views/accounts';\nexport const x = ACCOUNTS_VIEW_ID;\n", expect: 'src/vendors may import only src/core, src/vendors' },
  { file: 'src/vendors/fixture.ts', code: "import type { ExtensionServices } from '../services';\nexport type X = ExtensionServices;\n", expect: 'src/vendors may import only' },
  { file: 'src/vendors/fixture.ts', code: "import { window } from 'vscode';\nexport const x = window;\n", expect: "may import 'vscode' only with `import type`" },
  { file: 'src/vendors/fixture.ts', code: "import { plural } from '../core/text/plural';\nimport { request } from 'undici';\nexport const x = [plural, request];\n" },
  { file: 'src/views/jobs/fixture.ts', code: "import { allCommands } from '../../commands';\nexport const x = allCommands;\n", expect: 'src/views must not import src/commands' },
  { file: 'src/platform/fixture.ts', code: "import type { PendingNotes } from '../views/jobs/pendingNotes';\nexport type X = PendingNotes;\n", expect: 'src/platform must not import src/views' },
  { file: 'src/platform/fixture.ts', code: "import { HistorySession } from '../history/historySession';\nexport const x = HistorySession;\n", expect: 'src/platform must not import src/history' },
  { file: 'test/unit/fixture.test.ts', code: "describe.only('a', () => { it('b', () => {}); });\n", expect: 'A focused test (.only)' },
  { file: 'test/unit/fixture.test.ts', code: "describe('a', () => { it.only('b', () => {}); });\n", expect: 'A focused test (.only)' },
  { file: 'test/host/fixture.test.ts', code: "suite('a', () => { test.only('b', () => {}); });\n", expect: 'A focused test (.only)' },
  { file: 'test/unit/fixture.test.ts', code: "describe('a', () => { it['only']('b', () => {}); });\n", expect: 'A focused test (.only)' },
  { file: 'test/ui/fixture.test.mjs', code: "describe('a', () => { it.only('b', () => {}); });\n", expect: 'A focused test (.only)' },
  { file: 'test/unit/fixture.test.ts', code: "describe('a', () => { it('b', () => { const only = [1]; return only; }); });\n" },
];

describe('lint: the layer rules and no focused tests (eslint.config.mjs)', function () {
  this.timeout(120_000);
  const eslint = new ESLint({ cwd: ROOT });

  for (const c of cases) {
    it(`${c.expect ? 'reports' : 'accepts'} ${c.file}: ${c.code.split('\n')[0]}`, async () => {
      const [result] = await eslint.lintText(c.code, { filePath: path.join(ROOT, c.file) });
      const messages = result.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
      if (c.expect === undefined) {
        assert.deepEqual(messages, []);
      } else {
        assert.equal(messages.length, 1, messages.join('\n'));
        assert.ok(messages[0].includes(c.expect), messages[0]);
        assert.ok(!messages[0].startsWith('parse'), messages[0]);
      }
    });
  }
});
