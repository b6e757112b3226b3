// Per-vendor checks before anything is sent. Every invalid ID gets all its problems in one
// reason. Lengths are counted in Unicode code points ("characters") or, where a vendor says so,
// in UTF-8 bytes.
import { vendorCatalog } from '../catalog';
import type { IdValidation, VendorId } from './types';

/** Limit for vendors that publish none: a generous bound that still keeps requests sane. */
export const GENERIC_MAX_ID_CHARACTERS = 1024;

/** A vendor's own length rules (its definition's idLimits), checked with the common ones. */
export interface IdLimits {
  /** Replaces GENERIC_MAX_ID_CHARACTERS, with the vendor's words for an ID beyond it. */
  maxCharacters?: { limit: number; problem(characters: number): string };
  maxUtf8Bytes?: { limit: number; problem(bytes: number): string };
}

/** The rules of `vendor` for IDs of `idType` (none beyond the common ones for a vendor the catalog does not know). */
function limitsOf(vendor: VendorId, idType: string | undefined): IdLimits {
  return vendorCatalog().find(vendor)?.idLimits?.(idType === undefined ? undefined : { idType }) ?? {};
}

export function validateIds(ids: readonly string[], vendor: VendorId, idType?: string): IdValidation {
  return validateIdsWith(ids, limitsOf(vendor, idType));
}

/** The common checks and `limits` (a vendor's idLimits for a target's options). */
export function validateIdsWith(ids: readonly string[], limits: IdLimits): IdValidation {
  const valid: string[] = [];
  const invalid: { id: string; reason: string }[] = [];
  for (const id of ids) {
    const problems = problemsOf(id, limits);
    if (problems.length === 0) valid.push(id);
    else invalid.push({ id, reason: problems.join('; ') });
  }
  return { valid, invalid };
}

/** Why `id` cannot be sent to `vendor` (empty when it can). */
export function idProblems(id: string, vendor: VendorId, idType?: string): string[] {
  return problemsOf(id, limitsOf(vendor, idType));
}

function problemsOf(id: string, limits: IdLimits): string[] {
  if (id.length === 0) return ['empty ID'];
  const problems: string[] = [];
  let characters = 0;
  let utf8Bytes = 0;
  let control: { code: number; at: number } | undefined;
  let surrogate: { code: number; at: number } | undefined;
  let replacement: number | undefined;
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    characters++;
    if (code < 0x80) utf8Bytes += 1;
    else if (code < 0x800) utf8Bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(id.charCodeAt(i + 1))) {
      utf8Bytes += 4;
      i++;
      continue;
    } else {
      utf8Bytes += 3;
      if (code >= 0xd800 && code <= 0xdfff) surrogate ??= { code, at: characters };
    }
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) control ??= { code, at: characters };
    else if (code === 0xfffd) replacement ??= characters;
  }
  if (control) {
    problems.push(`contains a control character ${codePoint(control.code)}${controlName(control.code)} at character ${control.at}`);
  }
  if (surrogate) {
    problems.push(`contains an unpaired surrogate ${codePoint(surrogate.code)} at character ${surrogate.at} (not valid Unicode text)`);
  }
  if (replacement !== undefined) {
    // What a decoder puts for bytes it could not read: the real ID is something else.
    problems.push(`contains U+FFFD at character ${replacement}, the mark of text that was not decoded correctly (reopen the file with its real encoding)`);
  }
  if (limits.maxCharacters) {
    if (characters > limits.maxCharacters.limit) problems.push(limits.maxCharacters.problem(characters));
  } else if (characters > GENERIC_MAX_ID_CHARACTERS) {
    problems.push(`too long: ${characters} characters (maximum ${GENERIC_MAX_ID_CHARACTERS})`);
  }
  if (limits.maxUtf8Bytes && utf8Bytes > limits.maxUtf8Bytes.limit) problems.push(limits.maxUtf8Bytes.problem(utf8Bytes));
  return problems;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function codePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

const CONTROL_NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x08: 'backspace',
  0x09: 'tab',
  0x0a: 'line feed',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x0d: 'carriage return',
  0x1b: 'escape',
  0x7f: 'delete',
  0x85: 'next line',
};

function controlName(code: number): string {
  const name = CONTROL_NAMES[code];
  return name ? ` (${name})` : '';
}
