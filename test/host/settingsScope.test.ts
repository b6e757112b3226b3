// Settings that change the history or weaken a safeguard cannot come from a workspace: the test
// workspace's .vscode/settings.json (test/host/workspace) sets each of them, and the extension
// still sees the defaults; the user's own settings do apply.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import manifest from '../../package.json';
import { extensionApi } from './helpers/deleteFlow';

const USER_ONLY = {
  'history.retentionDays': { field: 'retentionDays', default: 90, user: 30 },
  confirmThreshold: { field: 'confirmThreshold', default: 10, user: 3 },
  'verification.automatic': { field: 'automaticVerification', default: false, user: true },
  notifyWhenJobDone: { field: 'notifyWhenJobDone', default: true, user: false },
} as const;

describe('settings a workspace cannot set', () => {
  const config = () => vscode.workspace.getConfiguration('userErasure');

  it('the test workspace’s settings file is read (its editor.tabSize applies)', () => {
    assert.equal(vscode.workspace.getConfiguration('editor').get('tabSize'), 3);
  });

  it('are application-scoped in package.json', () => {
    const properties = manifest.contributes.configuration.properties as Record<string, { scope?: string }>;
    for (const key of Object.keys(USER_ONLY)) assert.equal(properties[`userErasure.${key}`]?.scope, 'application', key);
  });

  it('the workspace’s values are ignored: the extension sees the defaults', async () => {
    const { services } = await extensionApi();
    const settings = services.settings() as unknown as Record<string, unknown>;
    for (const [key, expected] of Object.entries(USER_ONLY)) {
      assert.equal(settings[expected.field], expected.default, key);
      assert.equal(config().get(key), expected.default, `${key} through the plain configuration API`);
    }
  });

  it('the user’s own values apply', async () => {
    const { services } = await extensionApi();
    try {
      for (const key of Object.keys(USER_ONLY) as (keyof typeof USER_ONLY)[]) await config().update(key, USER_ONLY[key].user, vscode.ConfigurationTarget.Global);
      const settings = services.settings() as unknown as Record<string, unknown>;
      for (const [key, expected] of Object.entries(USER_ONLY)) assert.equal(settings[expected.field], expected.user, key);
    } finally {
      for (const key of Object.keys(USER_ONLY)) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
