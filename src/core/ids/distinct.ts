// Distinct strings in first-seen order. A Set of a million fresh strings spent more than the whole
// read's budget in V8 (hashing each slice, then growing and rehashing its ordered table); here the
// hash is computed once over the code units, kept next to the value's index in one flat
// Int32Array (open addressing, linear probing), and growing rehashes from the stored hashes
// without touching the strings. Equal hashes are confirmed by comparing the strings, so a
// collision costs time, never a lost or merged ID.
//
// Readers collect a selection's values with their hashes first (HashedValues, the hash read from
// the text as the value is found) and hand them over in one go. The first large batch is
// de-duplicated in place part by part (distinctInPlace), each part's table small enough to stay in
// the processor's cache: one table for a million values missed it on nearly every probe, and
// probing it between reads of the text cost twice as much again (1,000,000 lines).

// Module-local constants: see text.ts for why they are not imported.
const MIX = 0x45d9f3b;
const SEED = Math.floor(Math.random() * 0x7fffffff);

/**
 * Room set aside by `expect` is capped here: a longer array made at once would not be a fast
 * (contiguous) one in V8. Beyond it the array grows as pushed.
 */
const MAX_RESERVED = 1 << 24;

/** Batches from this size on are de-duplicated by distinctInPlace. */
const BATCH_MIN = 1 << 12;
/** About how many values distinctInPlace puts in one part (a table of 2 × 2048 pairs: 32 KB). */
const PART = 1 << 11;

export class DistinctStrings {
  /**
   * The distinct values in [0, count); beyond count, room set aside for the expected values (or,
   * while `addAll` reads an adopted array, the values still to be read).
   */
  private list: string[] = [];
  private count = 0;
  /** Pairs [hash | 1, index]; a 0 hash marks an empty slot. */
  private slots: Int32Array = new Int32Array(2 * 1024);
  private mask = 1023;
  private collisions = 0;
  private fallback: Set<string> | undefined;
  /** Hashes of the values in [0, count) not yet placed in the table (after a batch), by index. */
  private unplaced: Int32Array | undefined;
  /** add() calls so far; with the hint's count, expected total and the calls when it was given. */
  private adds = 0;
  private expected = 0;
  private hintCount = 0;
  private hintAdds = 0;

  get size(): number {
    return this.count;
  }

  /** The distinct values, in the order they were first added (unused room is given back). */
  get values(): string[] {
    if (this.list.length !== this.count) this.list.length = this.count;
    return this.list;
  }

  /**
   * About `more` further values are coming. Once the first few hundred of them turn out mostly
   * distinct, the array and the table are made at that size at once instead of grown step by
   * step: each growth leaves the old one as garbage, tens of MB above what a million values need.
   * Only a hint: fewer values give the room back, more grow as usual. Callers keep it within a
   * bound of the text's size.
   */
  expect(more: number): void {
    this.expected = this.count + Math.max(0, more);
    this.hintCount = this.count;
    this.hintAdds = this.adds;
  }

  /**
   * Adds every value of `values`, in order. When nothing was added yet the array itself becomes the
   * distinct values (de-duplicated in place), so a million IDs are not held twice. `room` bounds
   * what is expected of them, as for `expect`.
   */
  addAll(values: string[], room: number): void {
    const n = values.length;
    const hashes = new Int32Array(n);
    for (let i = 0; i < n; i++) hashes[i] = hashOf(values[i], 0, values[i].length);
    this.addBatch(values, hashes, n, room);
  }

  /** addAll for values collected with their hashes (the values array is adopted the same way). */
  addHashed(collected: HashedValues, room: number): void {
    this.addBatch(collected.values, collected.hashes, collected.count, room);
  }

  /** Adds values[0, n), whose hashes are hashes[0, n); both arrays may be taken over. */
  private addBatch(values: string[], hashes: Int32Array, n: number, room: number): void {
    this.expect(Math.min(n, room));
    if (this.count === 0 && !this.fallback) {
      if (n >= BATCH_MIN) {
        const distinct = distinctInPlace(values, hashes, n);
        if (distinct >= 0) {
          this.list = values;
          this.count = distinct;
          this.unplaced = hashes;
          this.adds += n;
          return;
        }
      }
      // add() writes the k-th distinct value at k, never after the one being read.
      this.list = values;
    }
    for (let i = 0; i < n; i++) this.addWithHash(values[i], hashes[i]);
  }

  /** Adds `value`; false when an identical value was added before. */
  add(value: string): boolean {
    return this.addWithHash(value, hashOf(value, 0, value.length));
  }

  private addWithHash(value: string, hash: number): boolean {
    if (this.unplaced) this.placeUnplaced();
    this.adds++;
    const { list, fallback } = this;
    if (fallback) {
      if (fallback.has(value)) return false;
      fallback.add(value);
      this.append(value);
      return true;
    }
    const { slots, mask } = this;
    let k = hash & mask;
    for (;;) {
      const stored = slots[2 * k];
      if (stored === 0) break;
      if (stored === hash) {
        if (list[slots[2 * k + 1]] === value) return false;
        // Many different values with one hash: a selection built to collide (the hash is simple
        // enough for that). V8's Set hashes with a per-process secret; it takes over.
        if (++this.collisions > 64 + (this.count >> 3)) {
          const set = new Set<string>();
          for (let j = 0; j < this.count; j++) set.add(list[j]);
          this.fallback = set;
          this.adds--;
          return this.addWithHash(value, hash);
        }
      }
      k = (k + 1) & mask;
    }
    slots[2 * k] = hash;
    slots[2 * k + 1] = this.count;
    this.append(value);
    // At most half full, so probe runs stay short.
    if (this.count * 2 > mask) this.rehash(tableMask(this.grownSize(this.count + 1), mask * 2 + 1));
    return true;
  }

  private append(value: string): void {
    const { list, count } = this;
    if (count < list.length) {
      list[count] = value;
    } else {
      const size = Math.min(this.grownSize(count + 1), MAX_RESERVED);
      if (size > count + 1) {
        const room = new Array<string>(size);
        for (let k = 0; k < count; k++) room[k] = list[k];
        room[count] = value;
        this.list = room;
      } else {
        list.push(value);
      }
    }
    this.count++;
  }

  /** `needed`, or the expected size when the values since the hint came mostly distinct. */
  private grownSize(needed: number): number {
    const adds = this.adds - this.hintAdds;
    if (this.expected <= needed || adds < 256) return needed;
    return (this.count - this.hintCount) * 4 >= adds * 3 ? this.expected : needed;
  }

  /** Places the values of a batch in the table, from their hashes (they are known distinct). */
  private placeUnplaced(): void {
    const hashes = this.unplaced as Int32Array;
    this.unplaced = undefined;
    const mask = tableMask(this.count + 1, this.mask);
    const slots = new Int32Array(2 * (mask + 1));
    for (let j = 0; j < this.count; j++) {
      const hash = hashes[j];
      let k = hash & mask;
      while (slots[2 * k] !== 0) k = (k + 1) & mask;
      slots[2 * k] = hash;
      slots[2 * k + 1] = j;
    }
    this.slots = slots;
    this.mask = mask;
  }

  /** Moves the table to `mask + 1` slots, placing each value again from its stored hash. */
  private rehash(mask: number): void {
    this.slots = placedIn(this.slots, mask);
    this.mask = mask;
  }
}

/**
 * De-duplicates values[0, n) in place, keeping first-seen order, with hashes[0, n) moved along;
 * returns how many are distinct, or -1 (nothing moved) when many different values share a hash,
 * a selection built to collide, left to the caller's Set. The values are put in parts by the top
 * bits of their hash, in reading order within a part, and each part is de-duplicated with a small
 * table (open addressing on the low bits) that stays in the processor's cache.
 */
function distinctInPlace(values: string[], hashes: Int32Array, n: number): number {
  let bits = 1;
  while (bits < 16 && n >> bits > PART) bits++;
  const shift = 32 - bits;
  const parts = 1 << bits;
  const starts = new Int32Array(parts + 1);
  for (let i = 0; i < n; i++) starts[(hashes[i] >>> shift) + 1]++;
  for (let p = 0; p < parts; p++) starts[p + 1] += starts[p];
  const next = starts.slice(0, parts);
  // Indexes and hashes, part after part: each part is then read in order.
  const order = new Int32Array(n);
  const orderHashes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const hash = hashes[i];
    const q = next[hash >>> shift]++;
    order[q] = i;
    orderHashes[q] = hash;
  }
  const duplicate = new Uint8Array(n);
  let slots: Int32Array = new Int32Array(4 * PART);
  let collisions = 0;
  let duplicates = 0;
  for (let p = 0; p < parts; p++) {
    const from = starts[p];
    const to = starts[p + 1];
    // At most half full; a part of many duplicates grows its table only as distinct values come.
    let mask = tableMask(Math.min(to - from, 2 * PART), 15);
    if (2 * (mask + 1) > slots.length) slots = new Int32Array(2 * (mask + 1));
    else slots.fill(0, 0, 2 * (mask + 1));
    let placed = 0;
    for (let q = from; q < to; q++) {
      const hash = orderHashes[q];
      const i = order[q];
      let k = hash & mask;
      for (;;) {
        const stored = slots[2 * k];
        if (stored === 0) break;
        if (stored === hash) {
          if (values[slots[2 * k + 1]] === values[i]) {
            duplicate[i] = 1;
            duplicates++;
            break;
          }
          if (++collisions > 64 + (n >> 3)) return -1;
        }
        k = (k + 1) & mask;
      }
      if (duplicate[i] !== 0) continue;
      slots[2 * k] = hash;
      slots[2 * k + 1] = i;
      if (++placed * 2 > mask) {
        // Only this part's slots: the table may be longer, left from a larger part.
        const used = slots.subarray(0, 2 * (mask + 1));
        mask = mask * 2 + 1;
        slots = placedIn(used, mask);
      }
    }
  }
  if (duplicates === 0) return n;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (duplicate[i] !== 0) continue;
    values[kept] = values[i];
    hashes[kept] = hashes[i];
    kept++;
  }
  return kept;
}

/** The pairs of table `old`, placed again from their hashes in a new table of `mask + 1` slots. */
function placedIn(old: Int32Array, mask: number): Int32Array {
  const slots = new Int32Array(2 * (mask + 1));
  for (let q = 0; q < old.length; q += 2) {
    const hash = old[q];
    if (hash === 0) continue;
    let k = hash & mask;
    while (slots[2 * k] !== 0) k = (k + 1) & mask;
    slots[2 * k] = hash;
    slots[2 * k + 1] = old[q + 1];
  }
  return slots;
}

/** The mask of a table at most half full with `values`, and at least `least`. */
function tableMask(values: number, least: number): number {
  let mask = least;
  while (values * 2 > mask) mask = mask * 2 + 1;
  return mask;
}

/**
 * A selection's values in reading order (duplicates included) with the hash of each, for
 * DistinctStrings.addHashed. A reader that walks a value's code units anyway computes its hash on
 * the way: HASH_START, then hashStep per code unit, then hashEnd (the same as hashOf).
 */
export class HashedValues {
  /** Values in [0, count); beyond count, room set aside (as long as `hashes`). */
  values: string[];
  hashes: Int32Array;
  count = 0;

  /** `expected`: about how many values are coming (a hint; capped like DistinctStrings.expect). */
  constructor(expected = 0) {
    const room = Math.max(16, Math.min(expected, MAX_RESERVED));
    this.values = new Array<string>(room);
    this.hashes = new Int32Array(room);
  }

  push(value: string): void {
    this.pushHashed(value, hashOf(value, 0, value.length));
  }

  /** push() for a `value` that is text.slice(start, end): the hash is read from the text. */
  pushSlice(value: string, text: string, start: number, end: number): void {
    this.pushHashed(value, hashOf(text, start, end));
  }

  /** push() with the value's hash (hashEnd of its code units) already computed. */
  pushHashed(value: string, hash: number): void {
    const k = this.count;
    if (k === this.hashes.length) this.grow();
    this.values[k] = value;
    this.hashes[k] = hash;
    this.count = k + 1;
  }

  /** Makes room for more values (new arrays: a caller holding the old ones takes them again). */
  grow(): void {
    const room = this.hashes.length + (this.hashes.length >> 1) + 16;
    const values = new Array<string>(room);
    const hashes = new Int32Array(room);
    for (let k = 0; k < this.count; k++) values[k] = this.values[k];
    hashes.set(this.hashes);
    this.values = values;
    this.hashes = hashes;
  }
}

/** The start of every hash (per process, so a selection cannot be built to collide in advance). */
export const HASH_START = SEED;

/**
 * One code unit into a hash: a polynomial (its short dependency chain is what makes it fast), in
 * 32-bit integer arithmetic (h * 31 in doubles made the read of a million lines 60 ms slower).
 */
export function hashStep(h: number, code: number): number {
  return (Math.imul(h, 31) + code) | 0;
}

/** The hash of the code units stepped in, mixed; never 0. */
export function hashEnd(h: number): number {
  h = Math.imul(h ^ (h >>> 16), MIX);
  return (h ^ (h >>> 13)) | 1;
}

/** The hash of the UTF-16 code units of text[start, end). */
export function hashOf(text: string, start: number, end: number): number {
  let h = SEED;
  for (let i = start; i < end; i++) h = hashStep(h, text.charCodeAt(i));
  return hashEnd(h);
}
