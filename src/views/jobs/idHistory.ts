// The story of one ID at one target as the journal holds it: every result recorded for it, in
// order — the request going out, the vendor's answer, each status check after. A compacted journal
// keeps one snapshot of the job instead of its earlier records: the story then starts from it.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { decodeResult, isObject, type JournalResult } from '../../core/journal/format';

export interface IdHistoryEntry {
  result: JournalResult;
  /** From a snapshot written by compaction (earlier records of the job were folded into it). */
  fromSnapshot?: boolean;
}

export interface IdLocation {
  jobId: string;
  /** The target's position in the job (as the journal's state records number it). */
  targetIndex: number;
  /** The ID's position in its target. */
  index: number;
}

/** Reads the history from the journal's lines (any iterable of lines, for tests). */
export async function idHistoryFromLines(lines: AsyncIterable<string> | Iterable<string>, at: IdLocation): Promise<IdHistoryEntry[]> {
  let history: IdHistoryEntry[] = [];
  const jobKey = JSON.stringify(at.jobId);
  for await (const line of lines) {
    if (!line.includes(jobKey)) continue; // cheap: most lines of a long journal belong to other jobs
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      continue; // a torn line: the journal's loader reports those
    }
    if (!isObject(record)) continue;
    if (record.t === 's' && record.j === at.jobId && record.x === at.targetIndex && covers(record.i, at.index)) {
      const result = safeResult(record.r);
      if (result) history.push({ result });
    } else if ((record.t === 'j' || record.t === 'S') && isObject(record.job) && record.job.id === at.jobId) {
      history = [];
      if (record.t === 'S') {
        const result = snapshotResult(record.st, at);
        if (result) history.push({ result, fromSnapshot: true });
      }
    } else if (record.t === 'r' && record.j === at.jobId) {
      history = [];
    }
  }
  return history;
}

export async function readIdHistory(file: string, at: IdLocation): Promise<IdHistoryEntry[]> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    return await idHistoryFromLines(lines, at);
  } finally {
    lines.close();
  }
}

function covers(ranges: unknown, index: number): boolean {
  if (!Array.isArray(ranges)) return false;
  return ranges.some((r) => (typeof r === 'number' ? r === index : Array.isArray(r) && r[0] <= index && index <= r[1]));
}

function safeResult(value: unknown): JournalResult | undefined {
  try {
    return decodeResult(value);
  } catch {
    return undefined;
  }
}

/** The snapshot's result of the ID: walk the target's run-length list to the ID's position. */
function snapshotResult(states: unknown, at: IdLocation): JournalResult | undefined {
  if (!Array.isArray(states)) return undefined;
  const state: unknown = states[at.targetIndex];
  if (!isObject(state) || !Array.isArray(state.res) || !Array.isArray(state.runs)) return undefined;
  let position = 0;
  for (let k = 0; k + 1 < state.runs.length; k += 2) {
    const [resultIndex, count] = [state.runs[k], state.runs[k + 1]];
    if (typeof resultIndex !== 'number' || typeof count !== 'number') return undefined;
    if (at.index < position + count) return resultIndex >= 0 ? safeResult(state.res[resultIndex]) : undefined;
    position += count;
  }
  return undefined;
}
