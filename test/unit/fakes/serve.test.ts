import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { optionsFromArgs } from '../../fakes/serve';
import { A, ANDROID_KEY, call } from './helpers';

const SERVE = path.resolve(__dirname, '../../fakes/serve.ts');

describe('fakes: serve.ts sandbox entry', () => {
  it('turns flags into options (seeded users, latency, completion delay, port base, status path)', () => {
    const o = optionsFromArgs(['--seed-users', '3', '--latency', '5', '--completion-delay', '100', '--port-base', '41000']);
    assert.deepEqual([o.latencyMs, o.completionDelayMs, o.portBase], [5, 100, 41000]);
    assert.deepEqual(o.batch?.accounts?.[0].apps[0].users, ['user-1', 'user-2', 'user-3']);
    assert.equal(o.engagelab?.apps?.[0].devices.length, 3);
    assert.match(o.cooladata?.statusPath ?? '', /\{projectId\}/);
    assert.throws(() => optionsFromArgs(['--latency', 'fast']), /--latency/);
    const variants = optionsFromArgs(['--options', '{"clevertap":{"profileNotFound":"404"}}']);
    assert.equal(variants.clevertap?.profileNotFound, '404');
    assert.equal(variants.clevertap?.accounts?.[0].profiles.length, 20);
  });

  it('prints one JSON line with urls and accounts, serves, and exits 0 on SIGTERM', async function () {
    this.timeout(30_000); // starts a second Node process with the tsx loader
    const child = spawn(process.execPath, ['--import', 'tsx', SERVE, '--seed-users', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      const ready = JSON.parse(line) as {
        urls: Record<string, string>;
        accounts: { batch: Array<{ restKey: string; apps: Array<{ apiKey: string; users: number }> }> };
        env: Record<string, string>;
      };
      assert.deepEqual(Object.keys(ready.urls), ['cooladata', 'engagelab', 'clevertap', 'batch']);
      assert.equal(ready.accounts.batch[0].restKey, A.batch.restKey);
      assert.equal(ready.accounts.batch[0].apps[0].users, 2);
      assert.equal(ready.env.USER_ERASURE_CLEVERTAP_BASE_URL, ready.urls.clevertap);
      const r = await call(ready.urls.batch, `/1.0/${ANDROID_KEY}/data/users/user-1`, { method: 'DELETE', headers: { 'x-authorization': A.batch.restKey } });
      assert.equal(r.status, 200);
      lines.close();
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  });
});
