// Distinct strings in first-seen order. A Set of a million fresh strings spent more than the whole
// read's budget in V8 (hashing each slice, then growing and rehashing its ordered table); here the
// hash is computed once over the code units, kept next to the value's index in one flat
// Int32Array (open addressing, linear probing), and growing rehashes from the stored hashes
// without touching the strings. Equal hashes are confirmed by comparing the strings, so a
// collision costs time, never a lost or merged ID.

// Module-local constants: see text.ts for why they are not imported.
const MIX = 0x45d9f3b;
const SEED = Math.floor(Math.random() * 0x7fffffff);

export class DistinctStrings {
  /** The distinct values, in the order they were first added. */
  readonly values: string[] = [];
  /** Pairs [hash | 1, index]; a 0 hash marks an empty slot. */
  private slots = new Int32Array(2 * 1024);
  private mask = 1023;
  private collisions = 0;
  private fallback: Set<string> | undefined;

  get size(): number {
    return this.values.length;
  }

  /** Adds `value`; false when an identical value was added before. */
  add(value: string): boolean {
    const { values, fallback } = this;
    if (fallback) {
      if (fallback.has(value)) return false;
      fallback.add(value);
      values.push(value);
      return true;
    }
    const hash = hashOf(value);
    const { slots, mask } = this;
    let k = hash & mask;
    for (;;) {
      const stored = slots[2 * k];
      if (stored === 0) break;
      if (stored === hash) {
        if (values[slots[2 * k + 1]] === value) return false;
        // Many different values with one hash: a selection built to collide (the hash is simple
        // enough for that). V8's Set hashes with a per-process secret; it takes over.
        if (++this.collisions > 64 + (values.length >> 3)) {
          this.fallback = new Set(values);
          return this.add(value);
        }
      }
      k = (k + 1) & mask;
    }
    slots[2 * k] = hash;
    slots[2 * k + 1] = values.length;
    values.push(value);
    // At most half full, so probe runs stay short.
    if (values.length * 2 > mask) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.slots;
    const mask = this.mask * 2 + 1;
    const slots = new Int32Array(2 * (mask + 1));
    for (let q = 0; q < old.length; q += 2) {
      const hash = old[q];
      if (hash === 0) continue;
      let k = hash & mask;
      while (slots[2 * k] !== 0) k = (k + 1) & mask;
      slots[2 * k] = hash;
      slots[2 * k + 1] = old[q + 1];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** A polynomial hash over the UTF-16 code units (its short dependency chain is what makes it fast), mixed; never 0. */
function hashOf(value: string): number {
  let h = SEED;
  for (let i = 0; i < value.length; i++) h = (h * 31 + value.charCodeAt(i)) | 0;
  h = Math.imul(h ^ (h >>> 16), MIX);
  return (h ^ (h >>> 13)) | 1;
}
