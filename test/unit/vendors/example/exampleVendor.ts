// A fifth vendor that exists only in tests: proof that a vendor is one module. It is written the
// way docs/CONVENTIONS.md says to add a vendor (one definition, nothing else in src/ changed) and
// goes through plan → confirmation → dry run → run → journal → reload → export → CLI in
// exampleVendor.test.ts. Its wire format is made up and served by exampleFake.ts.
//
// POST {base}/v1/workspaces/{workspace}/deletions   X-Example-Key: <api key>   {"scope": …, "ids": [...]}
// → 200 {"results": [{"id": "…", "status": "deleted" | "unknown-user"}]}; 401 for a wrong key.
import * as z from 'zod/mini';
import { accountBase, secretText } from '../../../../src/core/accounts';
import type { HttpResponse } from '../../../../src/core/http';
import type { IdResult, TargetSpec } from '../../../../src/core/job';
import { bodyMessage, describeError, idPathUrl, isTransientStatus, jsonRequest, readJson, retryOutcome, summarizeRequest } from '../../../../src/vendors/common';
import { defineVendor, type CallIdResult, type CallOutcome, type DeleteClient, type VendorClientEnv } from '../../../../src/core/vendor';

export const EXAMPLE_BASE_URL = 'https://api.example.invalid';
export const EXAMPLE_IDS_PER_CALL = 3;

export const exampleAccountSchema = z.object({
  ...accountBase,
  vendor: z.literal('example'),
  workspace: z.string().check(z.trim(), z.minLength(1, 'the workspace is required')),
});
export const exampleSecretsSchema = z.object({ apiKey: secretText('the API key') });
export const exampleOptionsSchema = z.object({ vendor: z.literal('example'), scope: z.enum(['profile', 'everything']) });

export type ExampleAccount = z.infer<typeof exampleAccountSchema>;
export type ExampleSecrets = z.infer<typeof exampleSecretsSchema>;
export type ExampleOptions = z.infer<typeof exampleOptionsSchema>;

const answerSchema = z.object({ results: z.array(z.object({ id: z.string(), status: z.string() })) });

function deleteClient(target: TargetSpec, account: ExampleAccount, secrets: ExampleSecrets, env: VendorClientEnv): DeleteClient {
  const url = idPathUrl(env.baseUrlOverride ?? EXAMPLE_BASE_URL, '/v1/workspaces/', account.workspace, '/deletions');
  if (url === undefined) throw new Error('the example workspace cannot go into a URL path');
  const request = (ids: readonly string[]) => jsonRequest('POST', url, { 'X-Example-Key': secrets.apiKey, 'Content-Type': 'application/json' }, { scope: (target.options as ExampleOptions).scope, ids });
  return {
    limits: { idsPerCall: EXAMPLE_IDS_PER_CALL, maxInFlight: 2, pacingKey: `example:${account.id}` },
    requestsFor: (ids) => [request(ids)],
    async deleteIds(ids, signal): Promise<CallOutcome> {
      const spec = request(ids);
      const shown = summarizeRequest(spec, ids.length, env.redactor);
      let response: HttpResponse;
      try {
        response = await env.http.send(spec, signal);
      } catch (error) {
        return { kind: 'settled', results: { outcome: 'unknown', message: `no answer from Example: ${describeError(error, env.redactor)}`, request: shown } };
      }
      if (isTransientStatus(response.status)) return retryOutcome(response, `Example answered HTTP ${response.status}`, shown);
      const answer = response.status === 200 ? readJson(response, answerSchema) : undefined;
      if (!answer) {
        const outcome: IdResult['outcome'] = response.status === 200 ? 'unknown' : 'failed';
        return { kind: 'settled', results: { outcome, httpStatus: response.status, message: `Example answered HTTP ${response.status}: ${bodyMessage(response, env.redactor)}`, request: shown } };
      }
      // Only the vendor's own word about an ID counts: an ID it does not mention is unknown.
      const byId = new Map(answer.results.map((r) => [r.id, r.status]));
      const results = ids.map((id): CallIdResult => {
        const status = byId.get(id);
        if (status === 'deleted') return { outcome: 'done', httpStatus: 200, message: 'deleted at Example', request: shown };
        if (status === 'unknown-user') return { outcome: 'not-found', httpStatus: 200, message: 'no such user at Example', request: shown };
        return { outcome: 'unknown', httpStatus: 200, message: `Example did not say what happened (${status ?? 'not mentioned'})`, request: shown };
      });
      return { kind: 'settled', results };
    },
  };
}

export const exampleVendor = defineVendor<ExampleAccount, ExampleSecrets, ExampleOptions>({
  id: 'example',
  displayName: 'Example',
  accountSchema: exampleAccountSchema,
  secretsSchema: exampleSecretsSchema,
  optionsSchema: exampleOptionsSchema,
  fieldsSummary: 'workspace + API key',
  fields: [
    { kind: 'text', key: 'workspace', env: 'EXAMPLE_WORKSPACE', schema: exampleAccountSchema.shape.workspace, prompt: 'The Example workspace', headerName: 'workspace' },
    { kind: 'secret', key: 'apiKey', env: 'EXAMPLE_API_KEY', schema: exampleSecretsSchema.shape.apiKey, name: 'API key', prompt: 'The Example API key', password: true },
  ],
  environmentLabel: (account) => `workspace ${account.workspace}`,
  describeAccount: (account) => ({ facts: [`workspace ${account.workspace}`], details: [['Workspace', account.workspace]] }),
  caveats: ['Example forgets a deleted user at once and for good (a test-only vendor).'],
  async chooseOptions(account, ask) {
    const scope = await ask.pickOne<ExampleOptions['scope']>({
      flag: 'scope',
      title: `Example · ${account.label}: what to delete?`,
      choices: [
        { id: 'profile', label: 'Profile', value: 'profile' },
        { id: 'everything', label: 'Everything', detail: 'The profile and every event of the user.', value: 'everything' },
      ],
    });
    return [{ vendor: 'example', scope }];
  },
  optionFlags: [{ flag: 'scope', values: ['profile', 'everything'], help: 'default profile' }],
  describeOptions: (options) => ({ target: [options.scope], mode: `scope ${options.scope}`, details: [['Scope', options.scope]] }),
  idLimits: () => ({ maxCharacters: { limit: 16, problem: (n) => `too long for Example: ${n} characters (at most 16)` } }),
  createDeleteClient: deleteClient,
  createStatusChecker: () => ({ pendingNote: 'Example answers for good at once: nothing stays pending' }),
});
