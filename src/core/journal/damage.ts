// A journal that does not load cleanly is evidence in question: it is opened read-only and never
// rewritten (no append, compaction, retention purge or crash repair) until `repair` has kept the
// original aside. What was found, and how to say it with the line numbers.

export interface JournalDamage {
  /** `damaged`: some lines cannot be read; `not-a-journal`: nothing in the file is a journal record (or it is empty). */
  kind: 'damaged' | 'not-a-journal';
  file: string;
  /** Every line (1-based) that could not be read or applied, in order. */
  lines: number[];
  /** The first problems, each with its line number and reason. */
  problems: string[];
}

export class DamagedJournalError extends Error {
  override name = 'DamagedJournalError';
  constructor(readonly damage: JournalDamage) {
    super(damageSentence(damage));
  }
}

/** "line 3", "lines 3, 7–9 and 12", "lines 3, 5, … and 40 more". */
export function lineList(lines: readonly number[], maxParts = 10): string {
  const parts: string[] = [];
  let shown = 0;
  for (let k = 0; k < lines.length && parts.length < maxParts; ) {
    let end = k;
    while (end + 1 < lines.length && lines[end + 1] === lines[end] + 1) end++;
    parts.push(end === k ? String(lines[k]) : `${lines[k]}–${lines[end]}`);
    shown += end - k + 1;
    k = end + 1;
  }
  const rest = lines.length - shown;
  if (rest > 0) parts.push(`${rest} more`);
  const listed = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `${lines.length === 1 ? 'line' : 'lines'} ${listed}`;
}

/** One sentence: what is wrong with the file and that it is left as it is. */
export function damageSentence(damage: JournalDamage): string {
  if (damage.kind === 'not-a-journal') {
    const why = damage.lines.length === 0 ? 'it is empty' : 'it has no User Erasure journal header and no journal record';
    return `${damage.file} is not a User Erasure journal (${why}); it was left untouched`;
  }
  return `the journal ${damage.file} is damaged: ${lineList(damage.lines)} cannot be read; it is open read-only and was not changed`;
}
