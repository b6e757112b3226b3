// A secret in a vendor body never survives in part: bodies are redacted first, then cut, and a body
// that was itself cut short (too large) loses an unfinished secret at its end too.
import assert from 'node:assert/strict';
import { bodySnippet, type HttpResponse } from '../../../src/core/http';
import { Redactor } from '../../../src/core/redact';
import { bodyMessage } from '../../../src/vendors/common';

// No character of the secret occurs in the filler around it, so any leaked character is visible.
const SECRET = 'Q7zK9pW2mN4vB8t';
const FIRST = SECRET[0];

function redactor(): Redactor {
  const r = new Redactor();
  r.addSecret(SECRET);
  return r;
}

function response(bodyText: string, bodyCapped = false): HttpResponse {
  return { status: 400, headers: {}, bodyText, bodyCapped, durationMs: 1 };
}

describe('redact first, then cut', () => {
  it('a secret placed across the 500-character cut, at every offset, leaks no character', () => {
    const r = redactor();
    for (let before = 480; before <= 505; before++) {
      const body = `${'x'.repeat(before)}${SECRET}${'y'.repeat(50)}`;
      for (const text of [bodySnippet(body, r), bodyMessage(response(body), r)]) {
        assert.ok(!text.includes(FIRST), `offset ${before}: ${text.slice(-30)}`);
      }
    }
  });

  it('at every offset around shorter cuts too (vendor status texts cut at 80, 100, 300)', () => {
    const r = redactor();
    for (const max of [80, 100, 300]) {
      for (let before = max - SECRET.length; before <= max; before++) {
        const text = bodySnippet(`${'x'.repeat(before)}${SECRET}`, r, max);
        assert.ok(!text.includes(FIRST), `max ${max}, offset ${before}: ${text.slice(-20)}`);
      }
    }
  });

  it('whitespace folded after redaction cannot split a secret either', () => {
    const text = bodySnippet(`${' \n'.repeat(300)}{"token":"${SECRET}"}`, redactor());
    assert.equal(text, '{"token":"***"}');
  });

  it('a body cut short by the size cap that ends inside a secret: the unfinished secret is hidden', () => {
    const r = redactor();
    for (let kept = 1; kept < SECRET.length; kept++) {
      const body = `${' '.repeat(100)}error: token ${SECRET.slice(0, kept)}`;
      const text = bodyMessage(response(body, true), r);
      assert.ok(!text.includes(FIRST), `${kept} characters kept: ${text}`);
      assert.match(text, /error: token \*\*\* \(body cut: too large\)$/);
    }
    // Not cut short: an ending that merely looks like the start of a secret stays.
    assert.equal(bodyMessage(response('see Q7'), r), 'see Q7');
  });
});

describe('a secret echoed in another form by a vendor body', () => {
  // Characters that URL, JSON and HTML escaping all change.
  const secret = 'aB3/x+Y=z"q\\k@1<>&';
  const forms: Record<string, string> = {
    'URL-encoded, lower-case hex': encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    'URL-encoded as a whole URL': encodeURI(secret),
    'JSON-escaped': JSON.stringify(secret).slice(1, -1),
    'JSON-escaped with \\/': JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'),
    'HTML-escaped': secret.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    base64: Buffer.from(secret).toString('base64'),
    base64url: Buffer.from(secret).toString('base64url'),
    'upper case': secret.toUpperCase(),
  };
  for (const [name, form] of Object.entries(forms)) {
    it(`${name}: hidden, whole or cut at the end of a capped body`, () => {
      const r = new Redactor();
      r.addSecret(secret);
      assert.equal(r.redactText(`{"error":"bad key ${form} given"}`), '{"error":"bad key *** given"}');
      assert.equal(r.redactText(`bad key ${form.slice(0, -2)}`, { truncated: true }), 'bad key ***');
    });
  }
});
