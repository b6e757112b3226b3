// Keeps secret values out of everything a person or a file can see: logs, errors, previews,
// journal, exports. Two layers: known secret header names and URL-path places (the common ones and
// those the vendors' definitions name), and every secret value registered when credentials are
// loaded.
import { installedVendorCatalog, type VendorCatalog } from './catalog';

export const REDACTED = '***';

const COMMON_SECRET_HEADERS = ['authorization', 'proxy-authorization'];

interface Masks {
  headers: Set<string>;
  urlPatterns: RegExp[];
}

const COMMON_MASKS: Masks = { headers: new Set(COMMON_SECRET_HEADERS), urlPatterns: [] };
const masksByCatalog = new WeakMap<VendorCatalog, Masks>();

/** The header names and URL places the vendors of the process's catalog mark as secret (worked out once per catalog). */
function masks(): Masks {
  const catalog = installedVendorCatalog();
  if (!catalog) return COMMON_MASKS;
  let found = masksByCatalog.get(catalog);
  if (!found) {
    const vendors = catalog.all();
    found = {
      headers: new Set([...COMMON_SECRET_HEADERS, ...vendors.flatMap((v) => (v.secretHeaders ?? []).map((name) => name.toLowerCase()))]),
      urlPatterns: vendors.flatMap((v) => (v.secretInUrl ? [v.secretInUrl] : [])),
    };
    masksByCatalog.set(catalog, found);
  }
  return found;
}

const MIN_SECRET_LENGTH = 4;

/** The part of a Redactor that cleans free text. */
export type TextRedactor = Pick<Redactor, 'redactText'>;

export class Redactor {
  private readonly secrets = new Set<string>();
  /** The secrets as registered (the other entries of `secrets` are their encoded forms). */
  private readonly values = new Set<string>();
  /** Every form as listed (see secretForms). */
  private literalPattern: RegExp | undefined;
  /** Those, and each secret with its characters escaped in any mix (see escapedCharacters). */
  private escapingPattern: RegExp | undefined;
  /** A text ending with a secret's first characters, escaped in any mix (see redactUnfinishedEnding). */
  private unfinishedPattern: RegExp | undefined;

  /** Registers secret values (and the forms a vendor may echo them in: see secretForms) to scrub from any text. */
  addSecret(...values: (string | undefined)[]): void {
    let added = false;
    for (const value of values) {
      if (!value || value.length < MIN_SECRET_LENGTH) continue;
      this.values.add(value);
      for (const form of secretForms(value)) {
        if (!this.secrets.has(form)) {
          this.secrets.add(form);
          added = true;
        }
      }
    }
    if (added) this.literalPattern = this.escapingPattern = this.unfinishedPattern = undefined;
  }

  /**
   * Every registered secret replaced by ***. `truncated`: the text was cut short before it got
   * here, so it may end with the first characters of a secret; such an ending is replaced too.
   * Redact before cutting: a cut made first can leave a secret unfinished and so unrecognised.
   */
  redactText(text: string, options: { truncated?: boolean } = {}): string {
    if (this.secrets.size === 0) return text;
    const pattern = this.patternFor(text);
    const redacted = text.replace(pattern, REDACTED);
    if (!options.truncated) return redacted;
    // The whole secrets first, then an unfinished one at the end; or the other way round, when the
    // cut fell inside an escape ("&am" of "&amp;") after a character the first way already matched.
    // Whichever hides more.
    const wholeFirst = this.redactUnfinishedEnding(redacted);
    const endingFirst = this.redactUnfinishedEnding(text);
    if (endingFirst === text) return wholeFirst;
    const other = `${endingFirst.slice(0, -REDACTED.length).replace(pattern, REDACTED)}${REDACTED}`;
    return other.length < wholeFirst.length ? other : wholeFirst;
  }

  /**
   * Without a `%`, `&` or backslash a text holds no escaped character, so the listed forms find all
   * there is, with a pattern a fraction of the size (it runs on every request's summary).
   */
  private patternFor(text: string): RegExp {
    const literal = () => [...this.secrets].sort((a, b) => b.length - a.length);
    // Any case: a vendor may echo a secret upper-cased, or its URL encoding with lower-case hex.
    if (!/[%&\\]/.test(text)) return (this.literalPattern ??= new RegExp(literal().map(escapeRegExp).join('|'), 'gi'));
    if (!this.escapingPattern) {
      const forms = literal();
      // Each character also in any escape a vendor may echo it in; first, as it matches the longest.
      const escaped = forms.filter((form) => this.values.has(form)).map(escapedCharacters);
      this.escapingPattern = new RegExp([...escaped, ...forms.map(escapeRegExp)].join('|'), 'gi');
    }
    return this.escapingPattern;
  }

  /** A secret holds a line break: text cut at line ends cannot then be redacted piece by piece. */
  hasSecretSpanningLines(): boolean {
    for (const secret of this.secrets) if (secret.includes('\n')) return true;
    return false;
  }

  private redactUnfinishedEnding(text: string): string {
    // The first characters of a secret, each in any escape, the last escape possibly cut itself ("%6", "\\u00").
    this.unfinishedPattern ??= new RegExp(
      `(?:${[...this.values].map((value) => escapedCharacterList(value).reduceRight((rest, ch, i) => (i === 0 ? `${ch}${rest}` : `(?:${ch}${rest})?`), '')).join('|')})${CUT_ESCAPE}$`,
      'i',
    );
    let longest = this.values.size === 0 ? 0 : text.length - (this.unfinishedPattern.exec(text)?.index ?? text.length);
    for (const secret of this.secrets) {
      for (let length = Math.min(secret.length - 1, text.length); length > longest; length--) {
        if (text.slice(text.length - length).toLowerCase() === secret.slice(0, length).toLowerCase()) {
          longest = length;
          break;
        }
      }
    }
    return longest === 0 ? text : `${text.slice(0, text.length - longest)}${REDACTED}`;
  }

  redactUrl(url: string): string {
    let redacted = this.redactText(url);
    for (const pattern of masks().urlPatterns) redacted = redacted.replace(pattern, `$1${REDACTED}`);
    return redacted;
  }

  redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
    const secret = masks().headers;
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      out[name] = secret.has(name.toLowerCase()) ? redactHeaderValue(value) : this.redactText(value);
    }
    return out;
  }
}

/**
 * A secret as typed and as a vendor's error body may echo it: URL-encoded (as a component or a
 * whole URL), JSON-escaped (also with "\/"), HTML-escaped, base64 (a Basic header or a token echoed).
 */
function secretForms(value: string): Set<string> {
  const json = JSON.stringify(value).slice(1, -1);
  const html = value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return new Set([
    value,
    encodeURIComponent(value),
    encodeURI(value),
    json,
    json.replace(/\//g, '\\/'),
    html,
    Buffer.from(value, 'utf8').toString('hex'),
    Buffer.from(value, 'utf8').toString('base64'),
    Buffer.from(value, 'utf8').toString('base64url'),
    ...base64Cores(value),
  ]);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { '"': '&quot;', '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };

/**
 * A pattern for the secret with each character as typed or escaped, in any mix: after backslashes
 * (JSON, also JSON inside JSON), as a \u escape, percent-encoded (every byte, any hex case, also
 * encoded again: %2540), or as an HTML entity. Encoders differ in which characters they escape
 * (RFC 3986 also escapes ( ) ! ' *), so no fixed list of encoded forms covers them.
 */
function escapedCharacters(value: string): string {
  return escapedCharacterList(value).join('');
}

/** An escape cut short at the end of a capped body: "%", "%2", "%E2" (a character of several bytes), "\\u00", "&#12", "&am", half a surrogate pair. */
const CUT_ESCAPE = '(?:(?:%(?:25)*[0-9a-f]{2}){0,3}(?:%(?:25)*[0-9a-f]?)?|(?:\\\\{1,8}ud[89ab][0-9a-f]{2})?(?:\\\\{1,8}(?:u[0-9a-f]{0,3})?)?|&#?x?[0-9a-f]*|&[a-z]*|[\\ud800-\\udbff])?';

/** Each character of the value as a pattern of its escapes (see escapedCharacters). */
function escapedCharacterList(value: string): string[] {
  return [...value]
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      const hex = code.toString(16);
      const percent = [...Buffer.from(ch, 'utf8')].map((byte) => `%(?:25)*${byte.toString(16).padStart(2, '0')}`).join('');
      const named = NAMED_ENTITIES[ch] ? `${NAMED_ENTITIES[ch]}|` : '';
      // Per UTF-16 unit: a character beyond U+FFFF is two escapes (a surrogate pair), as JSON encoders write it.
      const unicode = `|${[...Array(ch.length).keys()].map((i) => `\\\\{1,8}u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}`;
      // Bounded (JSON three levels deep), so a run of backslashes in a body cannot make matching slow.
      const typed = ch === '\\' ? '\\\\{1,8}' : `\\\\{0,7}${escapeRegExp(ch)}`;
      // Escapes before the character as typed: "&amp;" is one "&", not "&" and then "amp;".
      return `(?:${named}&#0*${code};|&#x0*${hex};|${percent}${unicode}|${typed})`;
    });
}

/** Shorter cores would mask ordinary words: base64 is matched case-insensitively, like every form. */
const MIN_BASE64_CORE = 6;

/**
 * The secret's base64 inside a longer encoded value ("user:secret" in a Basic header, a token
 * wrapping it): the characters that only its own bytes decide, for each of the three byte offsets
 * it can start at. The characters at either end also hold neighbouring bits, so they differ.
 */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes, Buffer.alloc(3)]).toString('base64');
    const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    if (core.length < MIN_BASE64_CORE) continue;
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

/** Keeps the scheme word of an Authorization header ("Basic ***"), so a reader sees which form was sent. */
function redactHeaderValue(value: string): string {
  const scheme = /^(Basic|Bearer|Token)\s+/i.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
