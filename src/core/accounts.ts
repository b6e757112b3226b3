// Vendor accounts: non-secret metadata (kept in globalState / the CLI environment) and the
// secrets that go with them (kept only in SecretStorage / the environment). Each vendor's own
// fields and their zod schemas live in its definition (src/vendors/<vendor>.ts); here are the
// fields every account has.
import * as z from 'zod/mini';
import type { VendorId } from './job';
import './zodMessages';
import { builtOnFirstUse } from './builtOnFirstUse';

export const accountLabelSchema = builtOnFirstUse(() => z.string().check(z.trim(), z.minLength(1, 'a label is required'), z.maxLength(80)));

/** The fields every vendor's account schema starts with (`vendor` is its literal id). */
export const accountBase = { id: z.string().check(z.minLength(1)), label: accountLabelSchema };

/** Any vendor's account: the common fields, and the vendor's own (read by the vendor only). */
export type Account = {
  id: string;
  vendor: VendorId;
  label: string;
  [field: string]: unknown;
};

/** Any vendor's secrets (read by the vendor only; every string in them is a secret). */
export type Secrets = { readonly [field: string]: unknown };

/** A required secret text, with the message naming it. */
export function secretText(what: string) {
  return z.string().check(z.minLength(1, `${what} is required`));
}

/** Where credentials come from: SecretStorage in the extension, the environment in the CLI. */
export interface CredentialSource {
  secretsFor(account: Account): Promise<Secrets>;
}

export class MissingCredentialsError extends Error {
  override name = 'MissingCredentialsError';
}
