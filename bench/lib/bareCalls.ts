// The requests a scenario of bench/cli-throughput.ts sends, as bench/bareClient.ts sends them: the
// wire format of vendor-contracts.md, for the fakes' accounts.
import type { FakeVendors } from '../../test/fakes';
import type { BareCall } from '../bareClient';

export interface BareScenario {
  vendor: 'cooladata' | 'engagelab' | 'clevertap' | 'batch';
  /** CLI arguments of the row (`--mode custom-data` picks Batch's bulk route). */
  args: readonly string[];
  perCall: number;
}

/** The requests the CLI sends for `ids` in this scenario, as bench/bareClient.ts sends them (vendor-contracts.md). */
export function bareCalls(scenario: BareScenario, ids: readonly string[], fakes: Pick<FakeVendors, 'urls' | 'accounts'>): BareCall[] {
  const { urls, accounts } = fakes;
  const json = (headers: Record<string, string>) => ({ 'content-type': 'application/json', ...headers });
  const chunks: string[][] = [];
  for (let k = 0; k < ids.length; k += scenario.perCall) chunks.push(ids.slice(k, k + scenario.perCall));
  switch (scenario.vendor) {
    case 'cooladata': {
      const { projectId, token } = accounts.cooladata[0];
      const url = `${urls.cooladata}/api/v2/projects/${projectId}/users/delete`;
      return chunks.map((userIds) => ({ method: 'POST', url, headers: json({ authorization: `Token ${token}` }), body: JSON.stringify({ reason: 'GDPR erasure request', userIds }), ids: userIds.length }));
    }
    case 'clevertap': {
      const { accountId, passcode } = accounts.clevertap[0];
      const headers = { 'x-clevertap-account-id': accountId, 'x-clevertap-passcode': passcode, 'content-type': 'application/json; charset=utf-8' };
      return chunks.map((identity) => ({ method: 'POST', url: `${urls.clevertap}/1/delete/profiles.json`, headers, body: JSON.stringify({ identity }), ids: identity.length }));
    }
    case 'batch': {
      const { restKey, apps } = accounts.batch[0];
      const base = `${urls.batch}/1.0/${apps[0].apiKey}`;
      const headers = json({ 'x-authorization': restKey });
      if (scenario.args.includes('custom-data')) return chunks.map((chunk) => ({ method: 'DELETE', url: `${base}/data/users`, headers, body: JSON.stringify(chunk), ids: chunk.length }));
      return ids.map((value) => ({ method: 'POST', url: `${base}/gdpr/request`, headers, body: JSON.stringify({ request_type: 'remove', id: { type: 'custom_id', value } }), ids: 1 }));
    }
    case 'engagelab':
      throw new Error('--bare has no EngageLab row: its pace is the rate limit, which a bare client would have to implement');
  }
}

