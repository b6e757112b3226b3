// A record holding a job (its line, or a compaction's snapshot line) as bytes: exactly
// withChecksum(JSON.stringify(record)) + '\n', built without
// the whole line ever being one string. A 1,000,000-ID job's line is ~40 MB; as one string it was
// encoded to UTF-8 once for its checksum and once more to be written, and a title with a character
// beyond Latin-1 (a "→") made all of it a two-byte string, twice the memory. Here each target's ID
// list is its own piece (JSON.stringify of the list, so escaping is the same), encoded once.
import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { checksumField, CHECKSUM_AT, withChecksum } from './checksum';
import type { EncodedJob, JournalRecord } from './format';

type JobRecord = Extract<JournalRecord, { job: EncodedJob }>;

const NEWLINE = Buffer.from('\n');

export function jobLineBytes(record: JobRecord): Buffer {
  const pieces = splitAtIdLists(record);
  if (!pieces) return Buffer.from(withChecksum(JSON.stringify(record)) + '\n', 'utf8');
  const bytes = pieces.map((piece) => Buffer.from(piece, 'utf8'));
  let crc = 0;
  for (const b of bytes) crc = crc32(b, crc);
  const [first, ...rest] = bytes;
  return Buffer.concat([first.subarray(0, CHECKSUM_AT), Buffer.from(checksumField(crc), 'utf8'), first.subarray(CHECKSUM_AT), ...rest, NEWLINE]);
}

/**
 * The record's JSON in pieces whose concatenation is JSON.stringify(record): the text around each
 * target's `ids`, and each ID list. Undefined if a marker is not found exactly once: a string value
 * equal to a marker (random per line, so only by chance) is written quoted just like it.
 */
function splitAtIdLists(record: JobRecord): string[] | undefined {
  const marker = randomUUID();
  const lists = record.job.targets.map((t) => t.ids);
  // Replacing a key's value keeps the key's place, so the order of fields is unchanged.
  const targets = record.job.targets.map((t, k) => ({ ...t, ids: `${marker}:${k}` }));
  const text = JSON.stringify({ ...record, job: { ...record.job, targets } });
  const pieces: string[] = [];
  let from = 0;
  for (let k = 0; k < lists.length; k++) {
    const quoted = `"${marker}:${k}"`;
    const at = text.indexOf(quoted, from);
    if (at < 0 || text.indexOf(quoted, at + 1) >= 0) return undefined;
    pieces.push(text.slice(from, at), JSON.stringify(lists[k]));
    from = at + quoted.length;
  }
  pieces.push(text.slice(from));
  return pieces[0].length >= CHECKSUM_AT ? pieces : undefined;
}
