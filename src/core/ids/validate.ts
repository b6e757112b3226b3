// Per-vendor checks before anything is sent. Every invalid ID gets all its problems in one
// reason. Lengths are counted in Unicode code points ("characters"), the EngageLab alias in UTF-8
// bytes.
import type { IdValidation, VendorId } from './types';

/** Limit for vendors that publish none: a generous bound that still keeps requests sane. */
export const GENERIC_MAX_ID_CHARACTERS = 1024;
/** Batch: IDs must be shorter than 1024 characters. */
export const BATCH_MAX_ID_CHARACTERS = 1023;
/** EngageLab: an alias is at most 40 bytes. */
export const ENGAGELAB_ALIAS_MAX_BYTES = 40;

export function validateIds(ids: readonly string[], vendor: VendorId, idType?: string): IdValidation {
  const valid: string[] = [];
  const invalid: { id: string; reason: string }[] = [];
  for (const id of ids) {
    const problems = idProblems(id, vendor, idType);
    if (problems.length === 0) valid.push(id);
    else invalid.push({ id, reason: problems.join('; ') });
  }
  return { valid, invalid };
}

/** Why `id` cannot be sent to `vendor` (empty when it can). */
export function idProblems(id: string, vendor: VendorId, idType?: string): string[] {
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
  if (vendor === 'batch' && characters > BATCH_MAX_ID_CHARACTERS) {
    problems.push(`too long for Batch: ${characters} characters (Batch IDs must be shorter than 1024 characters)`);
  } else if (characters > GENERIC_MAX_ID_CHARACTERS) {
    problems.push(`too long: ${characters} characters (maximum ${GENERIC_MAX_ID_CHARACTERS})`);
  }
  if (vendor === 'engagelab' && idType === 'alias' && utf8Bytes > ENGAGELAB_ALIAS_MAX_BYTES) {
    problems.push(`alias too long: ${utf8Bytes} bytes in UTF-8 (EngageLab aliases are at most ${ENGAGELAB_ALIAS_MAX_BYTES} bytes)`);
  }
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
