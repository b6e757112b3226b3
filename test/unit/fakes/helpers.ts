import { request } from 'undici';
import { DEFAULT_FAKE_ACCOUNTS } from '../../fakes';

export const A = DEFAULT_FAKE_ACCOUNTS;

export interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json?: unknown;
}

export interface Init {
  method?: string;
  headers?: Record<string, string>;
  body?: string | unknown;
}

/** One HTTP call; a non-string body is sent as JSON text. Throws on connection errors. */
export async function call(base: string, path: string, init: Init = {}): Promise<Res> {
  const body = init.body === undefined || typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  const res = await request(`${base}${path}`, {
    method: (init.method ?? 'GET') as 'GET',
    headers: init.headers,
    body: body as string | undefined,
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

/** A call that must fail at the connection/body level; returns the error. */
export async function callFails(base: string, path: string, init: Init = {}): Promise<Error> {
  try {
    const r = await call(base, path, init);
    throw new Error(`expected a connection failure, got HTTP ${r.status}`);
  } catch (e) {
    if ((e as Error).message.startsWith('expected a connection failure')) throw e;
    return e as Error;
  }
}

export const cooladataHeaders = (token: string = A.cooladata.token, form: 'token' | 'bare' = 'token') => ({
  authorization: form === 'token' ? `Token ${token}` : token,
  'content-type': 'application/json',
});

export const engagelabHeaders = (appKey: string = A.engagelab.appKey, secret: string = A.engagelab.masterSecret) => ({
  authorization: `Basic ${Buffer.from(`${appKey}:${secret}`).toString('base64')}`,
  accept: 'application/json',
});

export const clevertapHeaders = (accountId: string = A.clevertap.accountId, passcode: string = A.clevertap.passcode) => ({
  'x-clevertap-account-id': accountId,
  'x-clevertap-passcode': passcode,
  'content-type': 'application/json; charset=utf-8',
});

export const batchHeaders = (restKey: string = A.batch.restKey) => ({
  'x-authorization': restKey,
  'content-type': 'application/json',
});

export const ANDROID_KEY = A.batch.apps[0].apiKey;
export const IOS_KEY = A.batch.apps[1].apiKey;
export const COOLADATA_DELETE = `/api/v2/projects/${A.cooladata.projectId}/users/delete`;
