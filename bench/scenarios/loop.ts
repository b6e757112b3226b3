// The loop an engineer would script: one request at a time, one ID per request where the vendor
// allows it (CleverTap one identity per call, Batch Custom Data the single-ID route), the next
// request only after the previous answer. Two ways: undici with keep-alive (the fastest such
// loop can be, so the speed-up against it is a lower bound) and a real `curl` process per ID.
import { spawn } from 'node:child_process';
import { request } from 'undici';
import { registrationIdFor, type FakeVendorUrls } from '../../test/fakes';
import { DEFAULT_CREDENTIALS, type ScenarioName } from '../../test/unit/faults/engineOnFakes';
import type { FakesControl } from '../fakes/control';
import { figureNoise, type RunLoad } from '../lib/load';
import { repeat, type Summary } from '../lib/stats';

interface LoopRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The one-ID request a script would send for `id` (the documented single-ID form). */
export function loopRequest(name: ScenarioName, urls: FakeVendorUrls, index: number): LoopRequest {
  const c = DEFAULT_CREDENTIALS;
  const user = `loop-user-${index + 1}`;
  switch (name) {
    case 'engagelab':
      return {
        method: 'DELETE',
        url: `${urls.engagelab}/v4/devices/${encodeURIComponent(registrationIdFor(`user-${index + 1}`))}`,
        headers: { authorization: `Basic ${Buffer.from(`${c.engagelab.appKey}:${c.engagelab.masterSecret}`).toString('base64')}`, accept: 'application/json' },
      };
    case 'clevertap':
      return {
        method: 'POST',
        url: `${urls.clevertap}/1/delete/profiles.json`,
        headers: {
          'x-clevertap-account-id': c.clevertap.accountId,
          'x-clevertap-passcode': c.clevertap.passcode,
          'content-type': 'application/json; charset=utf-8',
        },
        body: JSON.stringify({ identity: user }),
      };
    case 'cooladata':
      return {
        method: 'POST',
        url: `${urls.cooladata}/api/v2/projects/${c.cooladata.projectId}/users/delete`,
        headers: { authorization: `Token ${c.cooladata.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'GDPR erasure request (loop)', userIds: [user] }),
      };
    case 'batch-custom-data':
      return {
        method: 'DELETE',
        url: `${urls.batch}/1.0/${c.batch.apps[0].apiKey}/data/users/${encodeURIComponent(user)}`,
        headers: { 'x-authorization': c.batch.restKey },
      };
    case 'batch-gdpr':
      return {
        method: 'POST',
        url: `${urls.batch}/1.0/${c.batch.apps[0].apiKey}/gdpr/request`,
        headers: { 'x-authorization': c.batch.restKey, 'content-type': 'application/json' },
        body: JSON.stringify({ request_type: 'remove', id: { type: 'custom_id', value: user } }),
      };
  }
}

async function sendUndici(r: LoopRequest): Promise<number> {
  const response = await request(r.url, { method: r.method, headers: r.headers, body: r.body });
  await response.body.text();
  return response.statusCode;
}

function sendCurl(r: LoopRequest): Promise<number> {
  const args = ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', r.method];
  for (const [k, v] of Object.entries(r.headers)) args.push('-H', `${k}: ${v}`);
  if (r.body !== undefined) args.push('--data-binary', r.body);
  args.push(r.url);
  return new Promise((resolve, reject) => {
    const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(Number(out.trim()) || 0));
  });
}

export type LoopClient = 'undici' | 'curl';

export interface LoopResult {
  scenario: ScenarioName;
  client: LoopClient;
  sample: number;
  latencyMs: number;
  idsPerSecond: Summary;
  statuses: Record<string, number>;
  noisy: boolean;
  noisyRuns: number;
  runs: ({ value: number } & RunLoad)[];
}

export async function curlAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('curl', ['--version'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

export async function measureLoop(
  fakes: FakesControl,
  name: ScenarioName,
  client: LoopClient,
  opts: { sample: number; warmup: number; runs: number; latencyMs: number; log: (t: string) => void },
): Promise<LoopResult> {
  const send = client === 'curl' ? sendCurl : sendUndici;
  const statuses: Record<string, number> = {};
  const { summary, details } = await repeat(
    { warmup: opts.warmup, runs: opts.runs, before: () => fakes.reset(), log: opts.log, label: `${name} loop (${client}) IDs/s` },
    async (_run, warmup) => {
      const count = warmup ? Math.max(3, Math.round(opts.sample / 5)) : opts.sample;
      const started = performance.now();
      for (let i = 0; i < count; i++) {
        const status = await send(loopRequest(name, fakes.urls, i));
        if (!warmup) statuses[status] = (statuses[status] ?? 0) + 1;
      }
      return { value: count / ((performance.now() - started) / 1000) };
    },
  );
  return { scenario: name, client, sample: opts.sample, latencyMs: opts.latencyMs, idsPerSecond: summary, statuses, ...figureNoise(details), runs: details };
}
