// Keeps secret values out of everything a person or a file can see: logs, errors, previews,
// journal, exports. Two layers: known secret header names, and every secret value registered when
// credentials are loaded (which also covers Batch's API key inside URL paths).

export const REDACTED = '***';

const SECRET_HEADERS = new Set(['authorization', 'x-clevertap-passcode', 'x-authorization', 'proxy-authorization']);

/** Batch puts the app API key in the path: /1.0/{API_KEY}/... */
const BATCH_KEY_IN_PATH = /(\/1\.0\/)([^/?#]+)(?=\/)/g;

const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  /** Registers secret values (and their URL-encoded and base64 forms) to scrub from any text. */
  addSecret(...values: (string | undefined)[]): void {
    let added = false;
    for (const value of values) {
      if (!value || value.length < MIN_SECRET_LENGTH) continue;
      for (const form of [value, encodeURIComponent(value)]) {
        if (!this.secrets.has(form)) {
          this.secrets.add(form);
          added = true;
        }
      }
    }
    if (added) this.pattern = undefined;
  }

  redactText(text: string): string {
    if (this.secrets.size === 0) return text;
    if (!this.pattern) {
      const alternatives = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = new RegExp(alternatives.join('|'), 'g');
    }
    return text.replace(this.pattern, REDACTED);
  }

  redactUrl(url: string): string {
    return this.redactText(url).replace(BATCH_KEY_IN_PATH, `$1${REDACTED}`);
  }

  redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? redactHeaderValue(value) : this.redactText(value);
    }
    return out;
  }
}

/** Keeps the scheme word of an Authorization header ("Basic ***"), so a reader sees which form was sent. */
function redactHeaderValue(value: string): string {
  const scheme = /^(Basic|Bearer|Token)\s+/i.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
