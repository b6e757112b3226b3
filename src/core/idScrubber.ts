// A hashed export must hold no raw ID anywhere, yet vendor messages and references echo IDs ("user
// u-1 not found", lists of unprocessed identities). Every occurrence of any ID of the job in a free
// text is replaced by that ID's hash: the longest ID wins where IDs overlap ("user-10" before
// "user-1"), and the forms a message may carry are covered (as is, URL-encoded, JSON-escaped).
// Plain substring matching, no regular expression, so IDs full of metacharacters are just text.

export class IdScrubber {
  private readonly replacements = new Map<string, string>();
  /** Distinct lengths of the forms, longest first. */
  private readonly lengths: number[];
  /** Messages repeat across the IDs of a call: each distinct text is scrubbed once. */
  private readonly done = new Map<string, string>();

  constructor(ids: Iterable<string>, conceal: (id: string) => string) {
    for (const id of ids) {
      if (id === '') continue;
      const hidden = conceal(id);
      for (const form of formsOf(id)) if (!this.replacements.has(form) || form === id) this.replacements.set(form, hidden);
    }
    this.lengths = [...new Set([...this.replacements.keys()].map((form) => form.length))].sort((a, b) => b - a);
  }

  scrub(text: string): string {
    if (text === '' || this.replacements.size === 0) return text;
    const known = this.done.get(text);
    if (known !== undefined) return known;
    let out = '';
    let copiedTo = 0;
    for (let at = 0; at < text.length; ) {
      const found = this.longestAt(text, at);
      if (found === undefined) {
        at++;
        continue;
      }
      out += text.slice(copiedTo, at) + found.replacement;
      at += found.length;
      copiedTo = at;
    }
    const scrubbed = out + text.slice(copiedTo);
    if (this.done.size < MAX_REMEMBERED) this.done.set(text, scrubbed);
    return scrubbed;
  }

  private longestAt(text: string, at: number): { replacement: string; length: number } | undefined {
    for (const length of this.lengths) {
      if (at + length > text.length) continue;
      const replacement = this.replacements.get(text.slice(at, at + length));
      if (replacement !== undefined) return { replacement, length };
    }
    return undefined;
  }
}

const MAX_REMEMBERED = 10_000;

function formsOf(id: string): string[] {
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
