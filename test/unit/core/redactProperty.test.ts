// A property test of the redactor over seeded random secrets and texts. The redactor picks a
// smaller pattern (the listed forms only) for a text without "%", "&" or a backslash, on the
// ground that no escaped character can be in it. Whatever pattern it picks: no registered secret
// survives in any form a vendor may echo it in, and the result is the one the pattern that always
// looks for escaped characters gives.
import assert from 'node:assert/strict';
import { Redactor } from '../../../src/core/redact';
import { seededRandom as random } from '../../fakes/clock';
import { base64Decodings } from './base64Decodings';

const POOLS = [
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  '.*+?^${}()|[]\\/"\'<>&%#=:;@!,~`- _',
  'éÉüÜßñ日本語€✓',
  '😀🔑',
];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

function randomSecret(next: () => number): string {
  const length = 4 + Math.floor(next() * 14);
  let out = '';
  while ([...out].length < length) {
    const pool = next() < 0.6 ? POOLS[0] : pick(next, POOLS);
    out += pick(next, [...(pool as string)]);
  }
  return out;
}

const hex2 = (byte: number, upper: boolean) => {
  const h = byte.toString(16).padStart(2, '0');
  return upper ? h.toUpperCase() : h;
};

/** Each ASCII letter in a random case (other characters have no case a regular expression folds the same way). */
function anyCase(next: () => number, text: string): string {
  return [...text].map((ch) => (/[a-z]/i.test(ch) ? (next() < 0.5 ? ch.toUpperCase() : ch.toLowerCase()) : ch)).join('');
}

function percentEveryByte(next: () => number, text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${hex2(b, next() < 0.5)}`).join('');
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function unicodeEscapes(text: string): string {
  // JSON's \u form is per UTF-16 unit: a character outside the BMP is a surrogate pair (Python's json.dumps).
  return [...text].map((ch) => Array.from({ length: ch.length }, (_, i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')).join('');
}

function htmlEntities(next: () => number, text: string): string {
  const named: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;' };
  return [...text]
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      const roll = next();
      if (roll < 0.3) return named[ch] ?? ch;
      if (roll < 0.6) return `&#${code};`;
      return `&#x${code.toString(16)};`;
    })
    .join('');
}

/** Every form the file says it handles, each as the vendor would write it in a body. */
function encodedForms(next: () => number, secret: string): Record<string, string> {
  const json = JSON.stringify(secret).slice(1, -1);
  const bytes = Buffer.from(secret, 'utf8');
  const forms: Record<string, string> = {
    plain: secret,
    'any case': anyCase(next, secret),
    'JSON-escaped': json,
    'JSON with \\/': json.replace(/\//g, '\\/'),
    'JSON inside JSON': JSON.stringify(json).slice(1, -1),
    encodeURIComponent: encodeURIComponent(secret),
    encodeURI: encodeURI(secret),
    'RFC 3986': rfc3986(secret),
    'every byte %XX': percentEveryByte(next, secret),
    'encoded twice': encodeURIComponent(encodeURIComponent(secret)),
    'HTML entities': htmlEntities(next, secret),
    '\\u escapes': unicodeEscapes(secret),
    hex: bytes.toString('hex'),
    'hex, upper case': bytes.toString('hex').toUpperCase(),
    base64: bytes.toString('base64'),
    base64url: bytes.toString('base64url'),
  };
  return forms;
}

const FILLER = ['error', 'token', ':', ' ', '"', '{"message":"', '"}', 'invalid', '401', 'key=', ', ', '\n', 'x', 'Z9', '%', '&', '\\'];

function filler(next: () => number, allowEscapes: boolean): string {
  let out = '';
  const words = allowEscapes ? FILLER : FILLER.filter((w) => !/[%&\\]/.test(w));
  for (let i = Math.floor(next() * 4); i > 0; i--) out += pick(next, words);
  return out;
}

/** The pattern the redactor uses for a text holding escapes: the reference for every text. */
function escapingPattern(redactor: Redactor): RegExp {
  return (redactor as unknown as { patternFor(text: string): RegExp }).patternFor('%');
}

describe('redact: property test over random secrets, forms and texts (seeded)', () => {
  const CASES = 300;
  it(`${CASES} cases: no secret survives in any form, and the fast path gives what the escaping pattern gives`, () => {
    const next = random(0x5eed);
    const failures: string[] = [];
    for (let n = 0; n < CASES && failures.length < 5; n++) {
      const secrets = Array.from({ length: 1 + Math.floor(next() * 3) }, () => randomSecret(next));
      const redactor = new Redactor();
      redactor.addSecret(...secrets);
      const reference = escapingPattern(redactor);
      for (const secret of secrets) {
        for (const [form, encoded] of Object.entries(encodedForms(next, secret))) {
          const allowEscapes = next() < 0.3;
          const text = `${filler(next, allowEscapes)}${encoded}${filler(next, allowEscapes)}`;
          const shown = redactor.redactText(text);
          const where = `case ${n}, secrets ${JSON.stringify(secrets)}, ${form} of ${JSON.stringify(secret)} in ${JSON.stringify(text)} → ${JSON.stringify(shown)}`;
          if (shown.toLowerCase().includes(encoded.toLowerCase())) failures.push(`survives: ${where}`);
          const expected = text.replace(reference, '***');
          if (shown !== expected) failures.push(`differs from the escaping pattern (${JSON.stringify(expected)}): ${where}`);
        }
        // Base64 inside a longer value, at each byte offset, with other bytes after it.
        if (Buffer.byteLength(secret) >= 6) {
          for (const encoding of ['base64', 'base64url'] as const) {
            const before = 'user:'.slice(0, Math.floor(next() * 4));
            const blob = Buffer.from(`${before}${secret}${pick(next, ['', 'a', 'ab', ' tail'])}`).toString(encoding);
            const text = `Basic ${blob.replace(/=+$/, next() < 0.5 ? '' : '$&')} rejected`;
            const shown = redactor.redactText(text);
            if (base64Decodings(shown, 'utf8').some((d) => d.includes(secret))) failures.push(`survives in base64 (${encoding}): case ${n}, ${JSON.stringify(secret)} in ${text} → ${shown}`);
            if (shown !== text.replace(reference, '***')) failures.push(`differs from the escaping pattern: case ${n}, ${text} → ${shown}`);
          }
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it(`${CASES / 2} cases: a body cut inside a secret, in any of those forms, shows none of it`, () => {
    const next = random(0xc07);
    const failures: string[] = [];
    for (let n = 0; n < CASES / 2 && failures.length < 5; n++) {
      // A first character a cut can only fall after: a cut inside its own escape shows part of one character.
      const secret = `k${randomSecret(next)}`;
      const redactor = new Redactor();
      redactor.addSecret(secret);
      for (const [form, encoded] of Object.entries(encodedForms(next, secret))) {
        // Cut at least half way through, before its end: what is left names several characters of it.
        const cut = Math.ceil(encoded.length / 2) + Math.floor(next() * Math.floor(encoded.length / 2));
        const text = `error: ${encoded.slice(0, cut)}`;
        const shown = redactor.redactText(text, { truncated: true });
        if (shown !== 'error: ***') failures.push(`case ${n}, ${form} of ${JSON.stringify(secret)} cut to ${JSON.stringify(text)} → ${JSON.stringify(shown)}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
