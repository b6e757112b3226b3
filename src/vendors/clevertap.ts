// CleverTap: Delete User Profile API, with a best-effort profile lookup as verification
// (shared/vendor-contracts.md §3). At most 3 delete calls in flight and 100 IDs per array.
import * as z from 'zod/mini';
import { accountBase, secretText } from '../core/accounts';
import type { HttpRequestSpec, HttpResponse } from '../core/http';
import type { TargetSpec } from '../core/job';
import { vendorSettings } from '../core/settings';
import { bodyMessage, describeError, hostChoices, isSuccessStatus, isTransientStatus, jsonRequest, readJson, redactedSnippet, retryOutcome, summarizeIdRequest, summarizeRequest } from './common';
import { clevertapAnswerSchema, readPartial, saysProfileMissing, type ClevertapAnswer } from './clevertapAnswers';
import { defineVendor, type CallIdResult, type CallOutcome, type DeleteClient, type NoStatusCheck, type PendingEntry, type StatusChecker, type VendorClientEnv } from './vendor';
import { builtOnFirstUse } from '../core/builtOnFirstUse';

export const CLEVERTAP_REGIONS = {
  eu: 'https://api.clevertap.com',
  eu1: 'https://eu1.api.clevertap.com',
  in1: 'https://in1.api.clevertap.com',
  sg1: 'https://sg1.api.clevertap.com',
  us1: 'https://us1.api.clevertap.com',
  aps3: 'https://aps3.api.clevertap.com',
  mec1: 'https://mec1.api.clevertap.com',
  sk1: 'https://sk1.api.clevertap.com',
} as const;
export type ClevertapRegion = keyof typeof CLEVERTAP_REGIONS;

export const CLEVERTAP_REGION_LABELS: Record<ClevertapRegion, string> = {
  eu: 'Europe (default)',
  eu1: 'Europe (eu1)',
  in1: 'India',
  sg1: 'Singapore',
  us1: 'United States',
  aps3: 'Indonesia',
  mec1: 'Middle East',
  sk1: 'South Korea',
};

export function clevertapBaseUrl(region: ClevertapRegion, override?: string): string {
  return override ?? CLEVERTAP_REGIONS[region];
}

export const clevertapAccountSchema = builtOnFirstUse(() => z.object({
  ...accountBase,
  vendor: z.literal('clevertap'),
  region: z.enum(Object.keys(CLEVERTAP_REGIONS) as [ClevertapRegion, ...ClevertapRegion[]]),
  accountId: z.string().check(z.trim(), z.minLength(1, 'the CleverTap Account ID is required')),
}));
export const clevertapSecretsSchema = builtOnFirstUse(() => z.object({ passcode: secretText('the passcode') }));
export const clevertapOptionsSchema = builtOnFirstUse(() => z.object({ vendor: z.literal('clevertap'), idType: z.enum(['identity', 'guid']) }));

export const clevertapSettingsSchema = builtOnFirstUse(() => z.object({
  /** CleverTap allows 3 delete calls in flight per account; a lower value is allowed, never higher. */
  clevertapConcurrency: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(3)), 3),
  clevertapChunkSize: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(100)), 100),
}));

export type ClevertapAccount = z.infer<typeof clevertapAccountSchema>;
export type ClevertapSecrets = z.infer<typeof clevertapSecretsSchema>;
export type ClevertapOptions = z.infer<typeof clevertapOptionsSchema>;
export type ClevertapIdType = ClevertapOptions['idType'];

/** CleverTap's documented limits: 100 values per array, 3 delete calls in flight per account. */
const MAX_IDS_PER_CALL = 100;
const MAX_IN_FLIGHT = 3;

const ACCEPTED_MESSAGE = 'deletion queued (completes within 48 h)';
const CONNECTION_TEST_IDENTITY = 'user-erasure-connection-test';

const answerSchema = clevertapAnswerSchema;

function baseUrl(account: ClevertapAccount, env: VendorClientEnv): string {
  return clevertapBaseUrl(account.region, env.baseUrlOverride);
}

function headers(account: ClevertapAccount, secrets: ClevertapSecrets, withBody: boolean): Record<string, string> {
  const out: Record<string, string> = {
    'X-CleverTap-Account-Id': account.accountId,
    'X-CleverTap-Passcode': secrets.passcode,
  };
  if (withBody) out['Content-Type'] = 'application/json; charset=utf-8';
  return out;
}

function idTypeOf(target: TargetSpec): ClevertapIdType {
  return target.options.idType === 'guid' ? 'guid' : 'identity';
}

/** Lookups only by identity, a documented key (guids are not looked up: see GUID_NOT_VERIFIABLE). */
function lookupUrl(account: ClevertapAccount, env: VendorClientEnv, value: string): string {
  return `${baseUrl(account, env)}/1/profile.json?identity=${value}`;
}

function lookupRequest(account: ClevertapAccount, secrets: ClevertapSecrets, env: VendorClientEnv, id: string): HttpRequestSpec {
  return { method: 'GET', url: lookupUrl(account, env, encodeURIComponent(id)), headers: headers(account, secrets, false) };
}

/** The vendor's own words: `error (code N)` from its JSON error body, else the body text. */
function vendorError(response: HttpResponse, env: VendorClientEnv): string {
  const answer = readJson(response, answerSchema);
  if (answer?.error) {
    const code = answer.code !== undefined ? ` (code ${answer.code})` : '';
    return redactedSnippet(`${answer.error.trim()}${code}`, env.redactor);
  }
  return bodyMessage(response, env.redactor);
}

function credentialsMessage(account: ClevertapAccount, detail: string): string {
  const region = CLEVERTAP_REGION_LABELS[account.region];
  return `CleverTap rejected the credentials: check the Account ID, passcode and the region (${region}) — ${detail}`;
}

/** The message for a final (non-2xx, non-transient) answer. */
function failureMessage(response: HttpResponse, account: ClevertapAccount, env: VendorClientEnv): string {
  const detail = vendorError(response, env);
  if (response.status === 401) return credentialsMessage(account, detail);
  if (response.status === 403) return `CleverTap refused the call (not allowed for this account or passcode) — ${detail}`;
  return detail;
}

function createDeleteClient(target: TargetSpec, account: ClevertapAccount, secrets: ClevertapSecrets, env: VendorClientEnv): DeleteClient {
  const idType = idTypeOf(target);
  const url = `${baseUrl(account, env)}/1/delete/profiles.json`;
  const build = (ids: readonly string[]) => jsonRequest('POST', url, headers(account, secrets, true), { [idType]: [...ids] });
  const own = vendorSettings(env.settings, clevertapSettingsSchema);

  // Built ahead by the runner while earlier calls are in flight (prepareDelete).
  const prepareDelete = (ids: readonly string[]) => {
    const spec = build(ids);
    return async (signal?: AbortSignal): Promise<CallOutcome> => {
      const response = await env.http.send(spec, signal);
      const request = summarizeRequest(spec, ids.length, env.redactor);
      const settle = (result: CallIdResult | CallIdResult[]): CallOutcome => ({
        kind: 'settled',
        results: Array.isArray(result) ? result.map((r) => ({ ...r, httpStatus: response.status, request })) : { ...result, httpStatus: response.status, request },
      });

      if (isSuccessStatus(response.status)) {
        const answer = readJson(response, answerSchema);
        const status = answer?.status?.toLowerCase();
        // The documented success is a 200: a 207 Multi-Status or a 202 saying "success" is not it.
        if (answer && status === 'success' && response.status === 200) return successOutcome(answer, ids, settle, env);
        if (status === 'fail') return settle({ outcome: 'failed', message: vendorError(response, env) });
        // A 2xx we cannot read: the deletion may or may not be queued (deleting again is harmless).
        return settle({
          outcome: 'unknown',
          message: `CleverTap answered HTTP ${response.status} with an unexpected answer; the deletion may or may not be queued: ${bodyMessage(response, env.redactor)}`,
        });
      }
      if (isTransientStatus(response.status)) return retryOutcome(response, vendorError(response, env), request);
      if (response.status === 400 && ids.length > 1) {
        // One bad ID rejects the whole batch and the answer does not say which: halve it.
        return { kind: 'split', httpStatus: 400, message: vendorError(response, env), request };
      }
      return settle({ outcome: 'failed', message: failureMessage(response, account, env) });
    };
  };

  return {
    limits: {
      idsPerCall: Math.min(MAX_IDS_PER_CALL, own.clevertapChunkSize),
      maxInFlight: Math.min(MAX_IN_FLIGHT, own.clevertapConcurrency),
      pacingKey: `clevertap:${account.id}:delete`,
    },
    requestsFor: (ids) => [build(ids)],
    prepareDelete,
    deleteIds: async (ids, signal) => prepareDelete(ids)(signal),
  };
}

/**
 * A success is accepted only for the IDs it accounts for: IDs listed as not processed fail with
 * the vendor's words; when the answer does not say which IDs were left out, the call is split
 * until it does (deleting a queued profile again is harmless), and a single ID is not accepted.
 */
function successOutcome(
  answer: ClevertapAnswer,
  ids: readonly string[],
  settle: (result: CallIdResult | CallIdResult[]) => CallOutcome,
  env: VendorClientEnv,
): CallOutcome {
  const partial = readPartial(answer, ids);
  if (partial.kind === 'all') return settle({ outcome: 'accepted', message: ACCEPTED_MESSAGE });
  if (partial.kind === 'some-not-processed') {
    return settle(
      ids.map((_, i): CallIdResult => {
        const words = partial.notProcessed.get(i);
        return words === undefined ? { outcome: 'accepted', message: ACCEPTED_MESSAGE } : { outcome: 'failed', message: redactedSnippet(words, env.redactor) };
      }),
    );
  }
  const message = `${redactedSnippet(partial.message, env.redactor)}; not accepted`;
  const settled = settle({ outcome: 'failed', message });
  if (ids.length === 1 || settled.kind !== 'settled') return settled;
  const first = Array.isArray(settled.results) ? settled.results[0] : settled.results;
  return { kind: 'split', httpStatus: first.httpStatus ?? 200, message, request: first.request };
}

/** What one lookup says about a profile whose deletion was accepted; only the vendor's own "not found" makes it done. */
function readLookup(response: HttpResponse, account: ClevertapAccount, env: VendorClientEnv, request: string, identity: string): CallIdResult | CallOutcome {
  const result = (outcome: 'accepted' | 'done', message: string): CallIdResult => ({ outcome, httpStatus: response.status, message, request });
  if (isTransientStatus(response.status)) return retryOutcome(response, vendorError(response, env), request);
  const answer = readJson(response, answerSchema);
  if ((isSuccessStatus(response.status) || response.status === 404) && saysProfileMissing(answer, identity)) return result('done', 'profile no longer found');
  if (response.status === 404) {
    return result('accepted', `lookup failed: CleverTap answered HTTP 404 with an unexpected answer: ${bodyMessage(response, env.redactor)}`);
  }
  if (!isSuccessStatus(response.status)) {
    // A failed lookup says nothing about the deletion: the ID stays accepted.
    return result('accepted', `lookup failed (HTTP ${response.status}): ${failureMessage(response, account, env)}`);
  }
  const status = answer?.status?.toLowerCase();
  if (status === 'fail') return result('accepted', `lookup failed: ${vendorError(response, env)}`);
  if (status === 'success' && answer?.record === null && answer.error === undefined) return result('done', 'profile no longer found');
  if (status === 'success' && answer?.record !== undefined) return result('accepted', 'profile still present (deletion completes within 48 h)');
  return result('accepted', `lookup answer not understood: ${bodyMessage(response, env.redactor)}`);
}

function isCallOutcome(value: CallIdResult | CallOutcome): value is CallOutcome {
  return 'kind' in value;
}

/** The profile lookup documents identity, email and objectId as keys [sdk]; `?guid=` is not documented. */
export const GUID_NOT_VERIFIABLE: NoStatusCheck = {
  pendingNote:
    'deletion queued (completes within 48 h); a guid (CleverTap ID) cannot be verified: CleverTap documents profile lookups by identity, email or objectId only, so no lookup is sent',
};

function createStatusChecker(target: TargetSpec, account: ClevertapAccount, secrets: ClevertapSecrets, env: VendorClientEnv): StatusChecker | NoStatusCheck {
  const idType = idTypeOf(target);
  if (idType !== 'identity') return GUID_NOT_VERIFIABLE;
  // "GET https://…/1/profile.json?identity={identity} (1 ID)": one summary for every lookup.
  const request = summarizeIdRequest('GET', lookupUrl(account, env, '{identity}'), env.redactor);
  return {
    limits: {
      idsPerCall: 1,
      maxInFlight: Math.min(MAX_IN_FLIGHT, env.settings.statusConcurrency),
      pacingKey: `clevertap:${account.id}:lookup`,
    },
    automatic: false,
    async check(entries: readonly PendingEntry[], signal): Promise<CallOutcome> {
      const results: CallIdResult[] = [];
      for (const entry of entries) {
        const spec = lookupRequest(account, secrets, env, entry.id);
        const response = await env.http.send(spec, signal);
        const read = readLookup(response, account, env, request, entry.id);
        if (isCallOutcome(read)) return read;
        results.push(read);
      }
      return { kind: 'settled', results };
    },
  };
}

async function testConnection(account: ClevertapAccount, secrets: ClevertapSecrets, env: VendorClientEnv, signal?: AbortSignal) {
  const region = CLEVERTAP_REGION_LABELS[account.region];
  let response: HttpResponse;
  try {
    response = await env.http.send(lookupRequest(account, secrets, env, CONNECTION_TEST_IDENTITY), signal);
  } catch (error) {
    return { ok: false, message: `Could not reach CleverTap (${region}): ${describeError(error, env.redactor)}` };
  }
  if (response.status === 401) return { ok: false, message: credentialsMessage(account, vendorError(response, env)) };
  // Only CleverTap's own answer about the made-up profile proves the credentials (a proxy's 404 page does not).
  const answer = readJson(response, answerSchema);
  const success = answer?.status?.toLowerCase() === 'success' && answer.error === undefined;
  if ((response.status === 200 && success) || ((response.status === 200 || response.status === 404) && saysProfileMissing(answer, CONNECTION_TEST_IDENTITY))) {
    return { ok: true, message: `Connected to CleverTap (${region})` };
  }
  if (response.status === 404) return { ok: false, message: `CleverTap answered HTTP 404 with an unexpected answer: ${bodyMessage(response, env.redactor)}` };
  return { ok: false, message: `CleverTap answered HTTP ${response.status}: ${failureMessage(response, account, env)}` };
}

export const clevertapVendor = defineVendor<ClevertapAccount, ClevertapSecrets, ClevertapOptions>({
  id: 'clevertap',
  displayName: 'CleverTap',
  accountSchema: clevertapAccountSchema,
  secretsSchema: clevertapSecretsSchema,
  optionsSchema: clevertapOptionsSchema,
  fieldsSummary: 'region + Account ID + Passcode',
  fields: [
    {
      kind: 'choice',
      key: 'region',
      env: 'CLEVERTAP_REGION',
      question: 'CleverTap region of the account (the wrong region answers 401)',
      choices: hostChoices(CLEVERTAP_REGIONS, CLEVERTAP_REGION_LABELS),
      default: 'eu',
    },
    {
      kind: 'text',
      key: 'accountId',
      env: 'CLEVERTAP_ACCOUNT_ID',
      schema: clevertapAccountSchema.shape.accountId,
      prompt: 'The CleverTap Account ID (sent as X-CleverTap-Account-Id)',
      placeholder: 'e.g. W9R-486-4W5Z',
      headerName: 'Account ID',
    },
    {
      kind: 'secret',
      key: 'passcode',
      env: 'CLEVERTAP_PASSCODE',
      schema: clevertapSecretsSchema.shape.passcode,
      name: 'Passcode',
      prompt: "The CleverTap Passcode (sent as X-CleverTap-Passcode; kept in VS Code's secret storage)",
      password: true,
    },
  ],
  environmentLabel: (account) => `account ${account.accountId}`,
  describeAccount: (account) => ({
    facts: [CLEVERTAP_REGION_LABELS[account.region], account.accountId],
    details: [
      ['Region', CLEVERTAP_REGION_LABELS[account.region]],
      ['Account ID', account.accountId],
    ],
  }),
  caveats: [
    'Irreversible: deleted profiles cannot be restored.',
    'Deletion completes within up to 48 hours.',
    'A user who logs in again without an opt-out gets a new profile.',
  ],
  settings: { schema: clevertapSettingsSchema, configKeys: { clevertapConcurrency: 'clevertap.concurrency', clevertapChunkSize: 'clevertap.chunkSize' } },
  async chooseOptions(account, ask) {
    const idType = await ask.pickOne<ClevertapIdType>({
      flag: 'id-type',
      title: `CleverTap · ${account.label}: what are the selected IDs?`,
      choices: [
        { id: 'identity', label: 'identity', description: 'your custom identity (user ID)', value: 'identity' },
        { id: 'guid', label: 'guid', description: 'the CleverTap ID', value: 'guid' },
      ],
    });
    return [{ vendor: 'clevertap', idType }];
  },
  optionFlags: [{ flag: 'id-type', values: ['identity', 'guid'], help: 'default identity' }],
  describeOptions: (options) => ({ target: [options.idType], mode: options.idType, details: [['ID type', options.idType]] }),
  createDeleteClient,
  createStatusChecker,
  testConnection,
  secretHeaders: ['X-CleverTap-Passcode'],
});
