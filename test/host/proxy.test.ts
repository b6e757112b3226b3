// The extension behind a proxy, in a real VS Code: `http.proxy` (credentials in the URL),
// `http.noProxy` and a proxy that refuses, through a forward proxy on loopback that records what
// passes. The engine is driven directly (the delete flow's questions are covered elsewhere).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Account } from '../../src/core/accounts';
import type { UserErasureApi } from '../../src/extension';
import type { FakeVendors } from '../fakes';
import { startForwardProxy, type ForwardProxy } from '../proxy/forwardProxy';
import { useDeleteFlowSuite } from './helpers/deleteFlow';

const PROXY_PASSWORD = 'host-proxy-pass-4Rw8';

describe('Behind a proxy: http.proxy, http.noProxy', () => {
  let api: UserErasureApi;
  let fakes: FakeVendors;
  let proxy: ForwardProxy;
  const http = () => vscode.workspace.getConfiguration('http');

  useDeleteFlowSuite((suite) => ({ api, fakes } = suite), { completionDelayMs: 3_600_000 });
  before(async () => {
    proxy = await startForwardProxy({ credentials: { user: 'agent', password: PROXY_PASSWORD } });
  });
  beforeEach(() => proxy.reset());
  after(async () => {
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await http().update('noProxy', undefined, vscode.ConfigurationTarget.Global);
    await proxy.close();
  });

  async function useProxy(url: string, noProxy: string[] = []): Promise<void> {
    await http().update('proxy', url, vscode.ConfigurationTarget.Global);
    await http().update('noProxy', noProxy, vscode.ConfigurationTarget.Global);
  }

  function clevertap(): Account {
    const account = api.services.accounts.list().find((a) => a.vendor === 'clevertap');
    assert.ok(account, 'the demo CleverTap account');
    return account;
  }

  async function deleteAtCleverTap(ids: string[]) {
    const plan = await api.services.engine.plan({ ids, choices: [{ account: clevertap(), options: { vendor: 'clevertap', idType: 'identity' } }], source: 'editor' });
    const handle = await api.services.engine.start(plan);
    await handle.done;
    return handle.job;
  }

  const withCredentials = (password: string) => proxy.url.replace('//', `//agent:${password}@`);

  it('every request goes through http.proxy, with the credentials of its URL', async () => {
    await useProxy(withCredentials(PROXY_PASSWORD));
    const job = await deleteAtCleverTap(['user-1', 'user-2']);
    assert.deepEqual([job.targets[0].outcomeAt(0), job.targets[0].outcomeAt(1)], ['accepted', 'accepted']);
    const through = proxy.requests();
    assert.ok(through.length > 0, 'the proxy saw the requests');
    assert.equal(through.length, fakes.clevertap.requests().length, `every request the vendor received came through the proxy: ${JSON.stringify(through)}`);
    assert.ok(through.every((r) => r.status === 200 && r.target.startsWith(fakes.urls.clevertap)));
  });

  it('http.noProxy naming the host: straight to the vendor', async () => {
    await useProxy(withCredentials(PROXY_PASSWORD), ['127.0.0.1']);
    const job = await deleteAtCleverTap(['user-3']);
    assert.equal(job.targets[0].outcomeAt(0), 'accepted');
    assert.deepEqual(proxy.requests(), []);
  });

  it('a proxy answering 407: "not sent", the proxy named without its credentials, nothing at the vendor; Retry sends once fixed', async () => {
    await useProxy(withCredentials('wrong-password'));
    const job = await deleteAtCleverTap(['user-4']);
    const target = job.targets[0];
    assert.equal(target.outcomeAt(0), 'cancelled');
    assert.match(target.resultAt(0)?.message ?? '', /^not sent: the proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+ refused the request: 407/);
    assert.ok(!(target.resultAt(0)?.message ?? '').includes('wrong-password'));
    assert.deepEqual(fakes.clevertap.requests(), []);

    await useProxy(withCredentials(PROXY_PASSWORD));
    const retried = await api.services.engine.retry(job.id);
    await retried.done;
    assert.equal(retried.job.targets[0].outcomeAt(0), 'accepted');
    assert.equal(fakes.clevertap.requests().length, 1);
  });
});
