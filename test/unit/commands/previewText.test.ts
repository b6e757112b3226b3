import assert from 'node:assert/strict';
import { BODY_SHOWN_MAX, previewText } from '../../../src/commands/deletion/previewText';
import { readSelectedIds } from '../../../src/commands/deletion/selectedIds';
import { ACCOUNTS, SECRETS, testEngine } from '../helpers/engine';
import { ScriptedPrompter } from '../helpers/scriptedPrompter';

describe('dry-run preview text', () => {
  it('lists method, URL, headers and body of each request, secrets redacted, nothing sent', async () => {
    const { engine, store } = testEngine();
    const selected = await readSelectedIds(['u1 u2 u3'], new ScriptedPrompter([]));
    const plan = await engine.plan({
      ids: selected.ids,
      choices: [
        { account: ACCOUNTS.clevertap, options: { vendor: 'clevertap', idType: 'identity' } },
        { account: ACCOUNTS.batch, options: { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' } },
      ],
      source: 'editor',
    });
    const text = previewText(plan, await engine.preview(plan), selected);
    assert.match(text, /^# DRY RUN: nothing has been sent\. Secrets are shown as \*\*\*\./);
    assert.match(text, /# 4 requests would be sent for 3 users:/);
    assert.match(text, /### 1\/4 · CleverTap · EU prod · identity · 3 IDs\nPOST https:\/\/eu1\.api\.clevertap\.com\/1\/delete\/profiles\.json\n/);
    assert.match(text, /X-CleverTap-Passcode: \*\*\*/i);
    assert.match(text, /\{"identity":\["u1","u2","u3"\]\}/);
    assert.match(text, /POST https:\/\/api\.batch\.com\/1\.0\/\*\*\*\/gdpr\/request/);
    for (const secret of [SECRETS.clevertap.passcode, SECRETS.batch.restKey, SECRETS.batch.appKeys.iOS]) assert.ok(!text.includes(secret), `leaked ${secret}`);
    assert.equal(store.list().length, 0, 'a preview stores no job');
  });

  it('lists the alias lookups of a dry run instead of sending them', async () => {
    const { engine } = testEngine();
    const selected = await readSelectedIds(['alice bob'], new ScriptedPrompter([]));
    const plan = await engine.plan({
      ids: selected.ids,
      choices: [{ account: ACCOUNTS.engagelab, options: { vendor: 'engagelab', idType: 'alias' } }],
      source: 'editor',
      deferPrepareSteps: true,
    });
    const text = previewText(plan, await engine.preview(plan), selected);
    assert.match(text, /#   EngageLab · SG · alias: 2 aliases to look up first \(deletions follow for the registration IDs found\)/);
    assert.match(text, /### 1\/2 · EngageLab · SG · alias · lookup\n# read-only lookup; a DELETE .*\nGET https:\/\/pushapi-sgp\.engagelab\.com\/v4\/aliases\/alice/);
    assert.match(text, /Authorization: Basic \*\*\*/i);
    assert.ok(!text.includes(SECRETS.engagelab.masterSecret));
  });

  it('shortens huge bodies and counts the requests it does not list', () => {
    const body = 'x'.repeat(BODY_SHOWN_MAX + 10);
    const text = previewText(
      { spec: { id: 'j', createdAt: 0, source: 'editor', title: 't', targets: [] }, targets: [] },
      { requests: [{ target: 'Batch · Prod · iOS · Custom Data delete', method: 'DELETE', url: 'https://api.batch.com/1.0/***/data/users', headers: {}, body, idCount: 10_000 }], omitted: 7, total: 8 },
      { kind: 'ids', ids: ['a'], suspicious: [], duplicates: 0, tokens: 1, format: 'text', rejected: [], guesses: [] },
    );
    assert.match(text, /# … body shortened here: 10 more characters/);
    assert.match(text, /### … and 7 more requests of the same form \(not listed\)/);
    assert.ok(!text.includes('x'.repeat(BODY_SHOWN_MAX + 1)));
  });
});
