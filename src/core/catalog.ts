// The vendors this program knows, in the order faces list them. Built from src/vendors/index.ts by
// the composition roots (extension.ts, cli/main.ts), which hand it to the engine and make it the
// process's catalog; core, commands, views and the CLI ask it instead of naming vendors.
import type { Account, Secrets } from './accounts';
import type { TargetOptions, TargetSpec, VendorId } from './job';
import type { AnyVendorDefinition, OptionsDescription, PrepareStep } from './vendor';

/** A vendor id as the journal and the CLI carry it: lower-case letters, digits and dashes. */
const VENDOR_ID = /^[a-z][a-z0-9-]{0,39}$/;

export function isVendorIdShape(value: unknown): value is VendorId {
  return typeof value === 'string' && VENDOR_ID.test(value);
}

export class UnknownVendorError extends Error {
  override name = 'UnknownVendorError';
}

export class VendorCatalog {
  private readonly byId = new Map<VendorId, AnyVendorDefinition>();

  constructor(definitions: readonly AnyVendorDefinition[]) {
    for (const definition of definitions) {
      if (!isVendorIdShape(definition.id)) throw new Error(`vendor id "${definition.id}" must be lower-case letters, digits and dashes`);
      if (this.byId.has(definition.id)) throw new Error(`vendor "${definition.id}" is defined twice`);
      this.byId.set(definition.id, definition);
    }
  }

  /** Every vendor's id, in catalog order. */
  get ids(): VendorId[] {
    return [...this.byId.keys()];
  }

  all(): AnyVendorDefinition[] {
    return [...this.byId.values()];
  }

  has(vendor: string): boolean {
    return this.byId.has(vendor);
  }

  find(vendor: string): AnyVendorDefinition | undefined {
    return this.byId.get(vendor);
  }

  /** Throws UnknownVendorError (e.g. a journal written by a build that knew more vendors). */
  get(vendor: string): AnyVendorDefinition {
    const found = this.byId.get(vendor);
    if (!found) throw new UnknownVendorError(`The vendor "${vendor}" is not known to this version of User Erasure.`);
    return found;
  }

  /** The vendor's name for people; the id itself for a vendor this build does not know. */
  displayName(vendor: string): string {
    return this.byId.get(vendor)?.displayName ?? vendor;
  }

  /** Position in the catalog (unknown vendors last), for sorting. */
  order(vendor: string): number {
    const at = this.ids.indexOf(vendor);
    return at < 0 ? this.byId.size : at;
  }

  describeOptions(options: TargetOptions): OptionsDescription {
    const found = this.byId.get(options.vendor);
    return found ? found.describeOptions(options) : { target: [], mode: '', details: [] };
  }

  /** The lookups a target needs before its confirmation, if any. */
  prepareStep(options: TargetOptions): PrepareStep | undefined {
    return this.byId.get(options.vendor)?.prepare?.(options);
  }

  targetKey(accountId: string, options: TargetOptions): string {
    return this.get(options.vendor).targetKey?.(accountId, options) ?? `${options.vendor}:${accountId}`;
  }

  /** "CleverTap · EU prod · identity". */
  describeTarget(spec: TargetSpec): string {
    return [this.displayName(spec.options.vendor), spec.accountLabel, ...this.describeOptions(spec.options).target].join(' · ');
  }

  /** Every value of these secrets the redactor must mask: every string in them, and the forms the vendor derives from them. */
  secretValues(vendor: VendorId, secrets: Partial<Secrets>): string[] {
    return [...stringsIn(secrets), ...(this.byId.get(vendor)?.derivedSecrets?.(secrets) ?? [])];
  }

  /** Parses account metadata with its vendor's schema (issues name fields, never values). */
  parseAccount(value: unknown): ParseResult<Account> {
    const vendor = typeof value === 'object' && value !== null ? (value as { vendor?: unknown }).vendor : undefined;
    const definition = typeof vendor === 'string' ? this.byId.get(vendor) : undefined;
    if (!definition) return { success: false, error: { issues: [{ path: ['vendor'], message: 'not a vendor this version knows' }] } };
    return definition.accountSchema.safeParse(value) as ParseResult<Account>;
  }

  /** Parses secrets with the vendor's schema. */
  parseSecrets(vendor: VendorId, value: unknown): ParseResult<Secrets> {
    const definition = this.byId.get(vendor);
    if (!definition) return { success: false, error: { issues: [{ path: [], message: `the vendor "${vendor}" is not known to this version` }] } };
    return definition.secretsSchema.safeParse(value) as ParseResult<Secrets>;
  }
}

/** What zod's safeParse answers, reduced to what callers read. */
export type ParseResult<T> = { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

let active: VendorCatalog | undefined;

/** Makes `catalog` the process's catalog (composition roots and test setups call this once). */
export function useVendorCatalog(catalog: VendorCatalog): VendorCatalog {
  active = catalog;
  return catalog;
}

/** The process's catalog, or undefined before a composition root installed one (the redactor's masks then stay the common ones). */
export function installedVendorCatalog(): VendorCatalog | undefined {
  return active;
}

/** The process's catalog; throws when no composition root installed one. */
export function vendorCatalog(): VendorCatalog {
  if (!active) throw new Error('No vendor catalog: the composition root must call useVendorCatalog() first.');
  return active;
}
