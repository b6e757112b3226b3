// A vendor may echo a credential inside a longer base64 blob (a Basic header of "user:secret", a
// token holding the request it was given). There the secret's base64 depends on where it starts
// (its byte offset modulo 3) and on the bytes around it: the form "base64 of the secret alone"
// matches only at offset 0 with nothing after it. Whatever survives redaction must not decode to it.
import assert from 'node:assert/strict';
import { Redactor } from '../../../src/core/redact';
import { base64Decodings as decodings } from './base64Decodings';

const SECRETS = ['x"y\\z+w', 'Q7zK9pW2mN4vB8t', 'p@ss$word.*+?', 'rest(key)[x]'];

describe('redact: a secret base64-encoded inside a longer value', () => {
  for (const secret of SECRETS) {
    it(`${JSON.stringify(secret)}, after 0 to 5 other bytes and before others, in base64 and base64url`, () => {
      const redactor = new Redactor();
      redactor.addSecret(secret);
      for (let before = 0; before <= 5; before++) {
        for (const after of ['', 'a', 'ab', 'abc', ' tail']) {
          for (const encoding of ['base64', 'base64url'] as const) {
            const blob = Buffer.from(`${'ACC-9 '.slice(0, before)}${secret}${after}`).toString(encoding);
            assert.ok(decodings(blob).some((d) => d.includes(secret)), 'the check itself finds the secret unredacted');
            const shown = redactor.redactText(`error: ${blob} (code 401)`);
            const leak = decodings(shown).find((d) => d.includes(secret));
            assert.equal(leak, undefined, `${before} byte(s) before, "${after}" after, ${encoding}: ${shown}`);
          }
        }
      }
    });
  }
});

/** RFC 3986 percent-encoding (Python's quote, Java's encoders): also ! ' ( ) * become %XX. */
const strictPercent = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const ECHOES: Record<string, (s: string) => string> = {
  'percent-encoded (RFC 3986)': strictPercent,
  'percent-encoded, lower-case hex': (s) => strictPercent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  'every byte percent-encoded': (s) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
  'percent-encoded twice': (s) => encodeURIComponent(strictPercent(s)),
  'JSON \\u escapes': (s) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  'JSON inside JSON': (s) => JSON.stringify(JSON.stringify(s)).slice(1, -1),
  'HTML numeric entities': (s) => [...s].map((c) => `&#${c.charCodeAt(0)};`).join(''),
  'HTML hex entities': (s) => [...s].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join(''),
  hex: (s) => Buffer.from(s).toString('hex'),
};

describe('redact: a secret echoed escaped or encoded another way', () => {
  for (const secret of [...SECRETS, "o'neil!(*)~"]) {
    for (const [name, encode] of Object.entries(ECHOES)) {
      it(`${JSON.stringify(secret)}, ${name}`, () => {
        const redactor = new Redactor();
        redactor.addSecret(secret);
        const echoed = encode(secret);
        const shown = redactor.redactText(`{"error":"bad key ${echoed} for this app"}`);
        assert.ok(!shown.includes(echoed), shown);
        assert.ok(shown.includes('***'), shown);
      });
    }
  }
});
