// EngageLab through the engine against the fake: what the plan skips, what the dry run shows, and
// what an alias job ends as — the states a user sees.
import assert from 'node:assert/strict';
import type { JobPlan } from '../../../src/core/engine';
import { defaultEngageLabApps, startFakeVendors, type FakeVendors } from '../../fakes';
import { engineOnFakes } from '../faults/engineOnFakes';
import { RETRY } from './harness';

const APP_KEY = defaultEngageLabApps()[0].appKey;
const PATH_REASON = /^cannot be sent in a URL path: URL normalisation would change the path/;

describe('EngageLab through the engine (plan, dry run, aliases)', function () {
  let fakes: FakeVendors;

  before(async () => {
    const apps = defaultEngageLabApps();
    for (const platform of ['android', 'ios', 'hmos', 'web']) apps[0].devices.push({ registrationId: `rid-${platform}`, alias: 'every-platform', platform });
    apps[0].devices.push({ registrationId: '..', alias: 'dotted' }, { registrationId: 'rid-dotted', alias: 'dotted' });
    apps[0].devices.push({ registrationId: 'rid-moved', alias: 'moved-to', listedUnder: ['moved-from'] });
    fakes = await startFakeVendors({ engagelab: { apps } });
  });
  after(async () => {
    await fakes?.close();
  });
  beforeEach(() => {
    fakes.reset();
    fakes.engagelab.configure({ unknownAlias: 'empty' });
  });

  const setup = () => engineOnFakes({ urls: fakes.urls, retryPolicy: RETRY });
  let current: ReturnType<typeof setup> | undefined;

  async function runPlan(plan: JobPlan) {
    const handle = await current!.engine.start(plan);
    await handle.done;
    return handle.job.targets[0];
  }

  it('skips IDs that URL normalisation would change before anything is sent; the dry run shows the exact URL sent', async () => {
    current = setup();
    const { engine, choice } = current;
    const plan = await engine.plan({ ids: ['.', '..', '%2e', '%2E', 'rid-user-1'], choices: [choice({ vendor: 'engagelab', idType: 'registration_id' })], source: 'cli' });
    const [summary] = plan.targets;
    assert.equal(summary.toSend, 1);
    assert.deepEqual(summary.skipped.map((s) => s.id), ['.', '..', '%2e', '%2E']);
    for (const s of summary.skipped) assert.match(s.reason, PATH_REASON);

    const preview = await engine.preview(plan);
    assert.deepEqual(preview.requests.map((r) => `${r.method} ${r.url}`), [`DELETE ${fakes.urls.engagelab}/v4/devices/rid-user-1`]);

    const target = await runPlan(plan);
    assert.deepEqual(fakes.engagelab.requests().map((r) => `${r.method} ${r.rawPath}`), ['DELETE /v4/devices/rid-user-1']);
    assert.deepEqual(target.ids.map((id, i) => [id, target.outcomeAt(i)]), [
      ['rid-user-1', 'accepted'],
      ['.', 'skipped'],
      ['..', 'skipped'],
      ['%2e', 'skipped'],
      ['%2E', 'skipped'],
    ]);
  });

  it('an alias that is a dot segment is skipped, never looked up (dry run and real plan)', async () => {
    current = setup();
    const { engine, choice } = current;
    const dry = await engine.plan({ ids: ['..', 'user-1'], choices: [choice({ vendor: 'engagelab', idType: 'alias' })], source: 'cli', deferPrepareSteps: true });
    const preview = await engine.preview(dry);
    assert.deepEqual(preview.requests.map((r) => `${r.method} ${r.url}`), [`GET ${fakes.urls.engagelab}/v4/aliases/user-1`]);
    const plan = await engine.plan({ ids: ['..', 'user-1'], choices: [choice({ vendor: 'engagelab', idType: 'alias' })], source: 'cli' });
    assert.deepEqual(plan.targets[0].skipped.map((s) => s.id), ['..']);
    assert.deepEqual(fakes.engagelab.requests().map((r) => r.rawPath), ['/v4/aliases/user-1']);
  });

  it('a registration_id returned by an alias lookup is checked too: ".." is skipped, never DELETE /v4/', async () => {
    current = setup();
    const { engine, choice } = current;
    const plan = await engine.plan({ ids: ['dotted'], choices: [choice({ vendor: 'engagelab', idType: 'alias' })], source: 'cli' });
    assert.deepEqual(plan.targets[0].skipped.map((s) => s.id), ['..']);
    const target = await runPlan(plan);
    assert.deepEqual(fakes.engagelab.requests().filter((r) => r.kind !== 'lookup').map((r) => `${r.method} ${r.rawPath}`), ['DELETE /v4/devices/rid-dotted']);
    assert.deepEqual(target.ids.map((id, i) => [id, target.outcomeAt(i)]), [
      ['..', 'skipped'],
      ['rid-dotted', 'accepted'],
    ]);
  });

  it('an alias whose only device was already listed for another alias is reported, never dropped; the device is deleted once', async () => {
    current = setup();
    const { engine, choice } = current;
    const plan = await engine.plan({ ids: ['moved-from', 'moved-to'], choices: [choice({ vendor: 'engagelab', idType: 'alias' })], source: 'cli' });
    const target = await runPlan(plan);
    assert.deepEqual(fakes.engagelab.requests().filter((r) => r.kind === 'delete').map((r) => r.rawPath), ['/v4/devices/rid-moved']);
    assert.deepEqual(target.ids.map((id, i) => [id, target.outcomeAt(i)]), [
      ['rid-moved', 'accepted'],
      ['moved-to', 'skipped'],
    ]);
    assert.match(target.resultAt(1)!.message!, /^alias "moved-to": its registration_id rid-moved was also returned for alias "moved-from"; deleted once, reported there$/);
  });

  for (const unknownAlias of ['null', 'empty'] as const) {
    it(`aliases: every platform's device is deleted; an alias answered ${unknownAlias} is "not found" alone`, async () => {
      fakes.engagelab.configure({ unknownAlias });
      current = setup();
      const { engine, choice } = current;
      const plan = await engine.plan({ ids: ['every-platform', 'nobody', 'user-2'], choices: [choice({ vendor: 'engagelab', idType: 'alias' })], source: 'cli' });
      assert.deepEqual(plan.targets[0].notFound.map((n) => n.id), ['nobody']);
      const target = await runPlan(plan);
      assert.deepEqual(target.ids.map((id, i) => [id, target.outcomeAt(i)]), [
        ['rid-android', 'accepted'],
        ['rid-ios', 'accepted'],
        ['rid-hmos', 'accepted'],
        ['rid-web', 'accepted'],
        ['nobody', 'not-found'],
        ['rid-user-2', 'accepted'],
      ]);
      for (const platform of ['android', 'ios', 'hmos', 'web']) assert.equal(fakes.engagelab.deviceState(APP_KEY, `rid-${platform}`), 'deleted', platform);
    });
  }
});
