// A hashed export must hold no raw ID anywhere, yet vendor messages and references echo IDs ("user
// u-1 not found", lists of unprocessed identities). Every occurrence of any ID of the job in a free
// text is replaced by that ID's hash: the longest ID wins where IDs overlap ("user-10" before
// "user-1"), and the forms a message may carry are covered (as is, URL-encoded, JSON-escaped).
// Plain substring matching, no regular expression, so IDs full of metacharacters are just text.

export class IdScrubber {
  /** Each form an ID may take in a text → the ID. */
  private readonly forms = new Map<string, string>();
  /** The first two characters of every form of 2+ characters: most positions of a text start none. */
  private readonly starts = new Set<number>();
  private readonly hasOneCharForm: boolean;
  /** Distinct lengths of the forms, longest first. */
  private readonly lengths: number[];
  private readonly hidden = new Map<string, string>();
  /** Messages repeat across the IDs of a call: each distinct text is scrubbed once. */
  private readonly done = new Map<string, string>();
  private sorted: string[] | undefined;

  constructor(
    ids: Iterable<string>,
    private readonly conceal: (id: string) => string,
  ) {
    const lengths = new Set<number>();
    for (const id of ids) {
      if (id === '') continue;
      for (const form of formsOf(id)) {
        if (form !== id && this.forms.has(form)) continue;
        this.forms.set(form, id);
        lengths.add(form.length);
        if (form.length >= 2) this.starts.add(pairAt(form, 0));
      }
      // A vendor may echo an ID in another case ("User-1" as "user-1"): matched on the lower-case text too.
      const lower = id.toLowerCase();
      if (lower !== id && lower.length === id.length && !this.forms.has(lower)) {
        this.forms.set(lower, id);
        if (lower.length >= 2) this.starts.add(pairAt(lower, 0));
      }
    }
    this.hasOneCharForm = lengths.has(1);
    this.lengths = [...lengths].sort((a, b) => b - a);
  }

  scrub(text: string): string {
    if (text === '' || this.forms.size === 0) return text;
    const known = this.done.get(text);
    if (known !== undefined) return known;
    const lower = text.toLowerCase();
    const folded = lower !== text && lower.length === text.length ? lower : undefined;
    let out = '';
    let copiedTo = 0;
    for (let at = 0; at < text.length; ) {
      const found = this.longestAt(text, at) ?? (folded === undefined ? undefined : this.longestAt(folded, at));
      if (found === undefined) {
        at++;
        continue;
      }
      out += text.slice(copiedTo, at) + this.hide(found.id);
      at += found.length;
      copiedTo = at;
    }
    const scrubbed = this.withoutUnfinishedId(out + text.slice(copiedTo));
    if (this.done.size < MAX_REMEMBERED) this.done.set(text, scrubbed);
    return scrubbed;
  }

  /**
   * A vendor text cut short ("…", at 500 characters) may end with the first characters of an ID:
   * no whole ID to hash, yet a part of it ("john.smi…"). That part is left out.
   */
  private withoutUnfinishedId(text: string): string {
    if (!text.endsWith(ELLIPSIS)) return text;
    const body = text.slice(0, -ELLIPSIS.length).toLowerCase();
    const sorted = this.sortedForms();
    for (let length = Math.min(body.length, this.lengths[0] ?? 0); length >= MIN_PART_SHOWN; length--) {
      const tail = body.slice(body.length - length);
      if (sorted[lowerBound(sorted, tail)]?.startsWith(tail)) return `${text.slice(0, text.length - ELLIPSIS.length - length)}${ELLIPSIS}`;
    }
    return text;
  }

  /** Every form in lower case, sorted: a text is the start of some form iff the first form not below it starts with it. */
  private sortedForms(): string[] {
    this.sorted ??= [...new Set([...this.forms.keys()].map((form) => form.toLowerCase()))].sort();
    return this.sorted;
  }

  private longestAt(text: string, at: number): { id: string; length: number } | undefined {
    if (at + 1 < text.length && this.starts.has(pairAt(text, at))) {
      for (const length of this.lengths) {
        if (length < 2 || at + length > text.length) continue;
        const id = this.forms.get(text.slice(at, at + length));
        if (id !== undefined) return { id, length };
      }
    }
    const id = this.hasOneCharForm ? this.forms.get(text[at]) : undefined;
    return id === undefined ? undefined : { id, length: 1 };
  }

  private hide(id: string): string {
    let value = this.hidden.get(id);
    if (value === undefined) {
      value = this.conceal(id);
      this.hidden.set(id, value);
    }
    return value;
  }
}

const MAX_REMEMBERED = 10_000;
const ELLIPSIS = '…';
/** Shorter ends are left alone: two characters tell nothing, and would cut ordinary words. */
const MIN_PART_SHOWN = 3;

function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function pairAt(text: string, at: number): number {
  return text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 1);
}

/** Characters every encoding below leaves as they are. */
const UNCHANGED_BY_ENCODING = /^[A-Za-z0-9_.!~*'()-]*$/;

function formsOf(id: string): string[] {
  if (UNCHANGED_BY_ENCODING.test(id)) return [id];
  const forms = new Set([id, JSON.stringify(id).slice(1, -1)]);
  for (const encode of [encodeURIComponent, encodeURI]) {
    try {
      forms.add(encode(id));
    } catch {
      // a lone surrogate cannot be URL-encoded, so no message carries it that way
    }
  }
  return [...forms];
}
