// Recognisable fake secrets: if any of them (or a form of one: URL-encoded, inside EngageLab's
// Basic credential) shows up in a log, an output, the journal or an export, it leaked.
import type { FakeCredentials } from './engineOnFakes';
import { secretsOf } from './engineOnFakes';

export const CANARY_CREDENTIALS: FakeCredentials = {
  cooladata: { projectId: '777001', token: 'CANARY-cd-token-5f0c1e9b7a' },
  engagelab: { appKey: 'CANARY-el-appkey-3d8e2a', masterSecret: 'CANARY-el-master-9b41c7f2' },
  clevertap: { accountId: 'CANARY-CT-ACCOUNT', passcode: 'CANARY-ct-passcode-6e2d90' },
  batch: {
    restKey: 'CANARY-batch-rest-1a7f3c5e',
    apps: [
      { label: 'android', apiKey: 'CANARYANDROIDKEY8c2e4b' },
      { label: 'ios', apiKey: 'CANARYIOSKEY0d9f6a1' },
    ],
  },
};

/** Every form of every canary secret worth searching for. */
export function canaryNeedles(credentials: FakeCredentials = CANARY_CREDENTIALS): string[] {
  const needles = new Set<string>();
  for (const secret of secretsOf(credentials)) {
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
  }
  return [...needles];
}

export interface CanaryHit {
  where: string;
  needle: string;
  context: string;
}

/** Where any needle occurs in `text` (with a little context, the needle masked). */
export function findCanaries(where: string, text: string, needles: readonly string[] = canaryNeedles()): CanaryHit[] {
  const hits: CanaryHit[] = [];
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const context = text.slice(Math.max(0, at - 60), at + needle.length + 60).replace(needle, '<CANARY>');
      hits.push({ where, needle: `${needle.slice(0, 10)}…`, context });
      if (hits.length > 20) return hits;
    }
  }
  return hits;
}
