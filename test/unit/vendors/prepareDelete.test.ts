// The bulk vendors' calls can be built ahead (prepareDelete): building sends nothing, and the call
// built sends exactly the request deleteIds would, with the same reading of the answer.
import assert from 'node:assert/strict';
import { seedUsers, startFakeVendors, type FakeVendors } from '../../fakes';
import { engineOnFakes, SCENARIO_TARGETS } from '../faults/engineOnFakes';

describe('calls built ahead (prepareDelete)', () => {
  let fakes: FakeVendors;
  before(async () => {
    fakes = await startFakeVendors({ latencyMs: 1 });
  });
  after(async () => {
    await fakes.close();
  });

  for (const name of ['clevertap', 'cooladata', 'batch-custom-data'] as const) {
    it(`${name}: building sends nothing; the built call sends the same request as deleteIds and is read the same`, async () => {
      const { engine, choice } = engineOnFakes({ urls: fakes.urls });
      const plan = await engine.plan({ ids: seedUsers(6), choices: [choice(SCENARIO_TARGETS[name])], source: 'cli' });
      const target = plan.spec.targets[0];
      const client = await engine.deleteClient(target.spec);
      assert.ok(client.prepareDelete, `${name} builds its calls ahead`);
      const ids = target.ids.map((p) => p.id);
      const [first, second] = [ids.slice(0, 3), ids.slice(3)];
      const deletes = () => fakes.requests().filter((r) => r.kind === 'delete');
      const before = deletes().length;

      const send = client.prepareDelete(first);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(deletes().length, before, 'nothing left while the call was only built');

      const built = await send(undefined);
      const direct = await client.deleteIds(second);
      const [viaBuilt, viaDirect] = deletes().slice(before);
      assert.equal(deletes().length, before + 2);
      assert.deepEqual(viaBuilt.ids, first);
      assert.deepEqual(viaDirect.ids, second);
      assert.equal(viaBuilt.bodyText, client.requestsFor(first)[0].body, 'the documented body, as previewed');
      assert.equal(viaBuilt.method, viaDirect.method);
      assert.equal(viaBuilt.path, viaDirect.path);
      // The same reading of the same answer (each call gets its own vendor token).
      const withoutReference = (outcome: unknown) => JSON.parse(JSON.stringify(outcome, (key, value: unknown) => (key === 'reference' ? undefined : value)));
      assert.deepEqual(withoutReference(built), withoutReference(direct));
      assert.equal(built.kind, 'settled');
    });
  }
});
