// The journal's line format (JSON lines, one record per line) and its encoding of the job model:
// index lists as ranges, one result object per record shared by all its indices, job specs with
// plain ID arrays, and per-job snapshots (a table of distinct results + run-length result indices)
// written by compaction. Decoding validates by hand: a 1,000,000-ID line must parse fast.
import { isVendorIdShape } from '../catalog';
import { JobState, OUTCOMES, sameResult, type IdResult, type JobSpec, type Outcome, type PlannedId, type TargetSpec, type TargetState } from '../job';

export const JOURNAL_FORMAT = 'user-erasure-journal';
export const JOURNAL_VERSION = 1;

/** A result as the journal holds it (`requestedAt` included; the name predates it being in IdResult). */
export type JournalResult = IdResult;

/** `n` = one index, `[a, b]` = a..b inclusive. */
export type Ranges = (number | [number, number])[];

export interface EncodedResult {
  o: Outcome;
  h?: number;
  m?: string;
  ref?: string;
  req?: string;
  at: number;
  rt?: number;
}

export interface EncodedTarget {
  spec: TargetSpec;
  ids: string[];
  /** Aligned with ids; present only when some ID came from another (EngageLab alias). */
  origins?: (string | null)[];
  presets?: { o: 'skipped' | 'not-found'; m: string; i: Ranges }[];
}

export interface EncodedJob {
  id: string;
  createdAt: number;
  source: JobSpec['source'];
  title: string;
  /** Absent when the job has no ticket (and in journals written before tickets existed). */
  ticket?: string;
  targets: EncodedTarget[];
}

export interface EncodedTargetState {
  /** Distinct results of this target. */
  res: EncodedResult[];
  /** Pairs [result index, count], covering every ID in order; -1 = no result (planned). */
  runs: number[];
}

export type JournalRecord =
  | { t: 'h'; format: string; v: number; at: number }
  | { t: 'j'; job: EncodedJob }
  | { t: 's'; j: string; x: number; i: Ranges; r: EncodedResult }
  | { t: 'r'; j: string; at: number }
  | { t: 'S'; job: EncodedJob; st: EncodedTargetState[] };

/** Applied to every free-text field before it is written (the journal never holds a secret). */
export type TextRedactor = (text: string) => string;

const identity: TextRedactor = (text) => text;

// ---------------------------------------------------------------------------------------------
// Ranges

export function encodeRanges(indices: readonly number[]): Ranges {
  const out: Ranges = [];
  let n = 0;
  while (n < indices.length) {
    const start = indices[n];
    let end = start;
    while (n + 1 < indices.length && indices[n + 1] === end + 1) {
      end++;
      n++;
    }
    out.push(end === start ? start : [start, end]);
    n++;
  }
  return out;
}

export function decodeRanges(ranges: unknown, size: number): number[] {
  const length = decodedLength(ranges, size);
  const out = new Array<number>(length);
  let n = 0;
  for (const item of ranges as Ranges) {
    if (typeof item === 'number') out[n++] = item;
    else for (let i = item[0]; i <= item[1]; i++) out[n++] = i;
  }
  return out;
}

/** Checks an index list against the target's size; returns how many indices it holds. */
function decodedLength(ranges: unknown, size: number): number {
  if (!Array.isArray(ranges)) throw new Error('index list is not an array');
  let length = 0;
  for (const item of ranges) {
    if (typeof item === 'number') {
      checkIndex(item, size);
      length++;
    } else if (Array.isArray(item) && item.length === 2) {
      const [a, b] = item;
      checkIndex(a, size);
      checkIndex(b, size);
      if (b < a) throw new Error(`bad range ${a}..${b}`);
      length += b - a + 1;
    } else {
      throw new Error('bad index range');
    }
  }
  return length;
}

/** Applies a state record's result to its index list, checked as a whole first; no index array is built. */
export function applyRanges(target: TargetState, ranges: unknown, result: IdResult): void {
  decodedLength(ranges, target.size);
  const shared = target.share(result);
  for (const item of ranges as Ranges) {
    if (typeof item === 'number') target.setRun(item, 1, shared);
    else target.setRun(item[0], item[1] - item[0] + 1, shared);
  }
}

function checkIndex(value: unknown, size: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= size) {
    throw new Error(`index ${String(value)} out of range (0..${size - 1})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Results

export function encodeResult(result: JournalResult, redact: TextRedactor = identity): EncodedResult {
  const out: EncodedResult = { o: result.outcome, at: result.at };
  if (result.httpStatus !== undefined) out.h = result.httpStatus;
  if (result.message !== undefined) out.m = redact(result.message);
  if (result.reference !== undefined) out.ref = redact(result.reference);
  if (result.request !== undefined) out.req = redact(result.request);
  if (result.requestedAt !== undefined) out.rt = result.requestedAt;
  return out;
}

const OUTCOME_SET = new Set<string>(OUTCOMES);

export function decodeResult(value: unknown): JournalResult {
  if (!isObject(value)) throw new Error('result is not an object');
  const { o, h, m, ref, req, at, rt } = value;
  if (typeof o !== 'string' || !OUTCOME_SET.has(o)) throw new Error(`unknown outcome ${String(o)}`);
  if (typeof at !== 'number') throw new Error('result has no time');
  const out: JournalResult = { outcome: o as Outcome, at };
  if (typeof h === 'number') out.httpStatus = h;
  if (typeof m === 'string') out.message = m;
  if (typeof ref === 'string') out.reference = ref;
  if (typeof req === 'string') out.request = req;
  if (typeof rt === 'number') out.requestedAt = rt;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Job specs

export function encodeJob(spec: JobSpec, redact: TextRedactor = identity): EncodedJob {
  return {
    id: spec.id,
    createdAt: spec.createdAt,
    source: spec.source,
    title: redact(spec.title),
    ...(spec.ticket !== undefined ? { ticket: redact(spec.ticket) } : {}),
    targets: spec.targets.map(({ spec: target, ids }) => {
      const encoded: EncodedTarget = { spec: target, ids: ids.map((p) => p.id) };
      if (ids.some((p) => p.origin !== undefined)) encoded.origins = ids.map((p) => p.origin ?? null);
      const presets = new Map<string, { o: 'skipped' | 'not-found'; m: string; at: number[] }>();
      ids.forEach((p, i) => {
        if (!p.preset) return;
        const key = `${p.preset.outcome}\u0000${p.preset.message}`;
        let group = presets.get(key);
        if (!group) presets.set(key, (group = { o: p.preset.outcome, m: redact(p.preset.message), at: [] }));
        group.at.push(i);
      });
      if (presets.size > 0) encoded.presets = [...presets.values()].map((g) => ({ o: g.o, m: g.m, i: encodeRanges(g.at) }));
      return encoded;
    }),
  };
}

const SOURCES = new Set(['editor', 'cli', 'retry']);

export function decodeJob(value: unknown): JobSpec {
  if (!isObject(value)) throw new Error('job is not an object');
  const { id, createdAt, source, title, ticket, targets } = value;
  if (typeof id !== 'string' || id === '') throw new Error('job has no id');
  if (typeof createdAt !== 'number') throw new Error(`job ${id} has no creation time`);
  if (typeof source !== 'string' || !SOURCES.has(source)) throw new Error(`job ${id} has an unknown source`);
  if (typeof title !== 'string') throw new Error(`job ${id} has no title`);
  if (!Array.isArray(targets)) throw new Error(`job ${id} has no targets`);
  if (ticket !== undefined && typeof ticket !== 'string') throw new Error(`job ${id} has a ticket that is not text`);
  const decoded = targets.map((t) => decodeTarget(t, id));
  // State lines name a target by its key: two targets sharing one would take each other's states
  // (a plan never makes such a job).
  if (new Set(decoded.map((t) => t.spec.key)).size !== decoded.length) throw new Error(`job ${id} has two targets with one key`);
  return {
    id,
    createdAt,
    source: source as JobSpec['source'],
    title,
    ...(typeof ticket === 'string' && ticket !== '' ? { ticket } : {}),
    targets: decoded,
  };
}

function decodeTarget(value: unknown, jobId: string): JobSpec['targets'][number] {
  if (!isObject(value)) throw new Error(`job ${jobId}: target is not an object`);
  const { spec, ids, origins, presets } = value;
  if (!isTargetSpec(spec)) throw new Error(`job ${jobId}: bad target spec`);
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw new Error(`job ${jobId}: bad ID list`);
  if (origins !== undefined && (!Array.isArray(origins) || origins.length !== ids.length)) {
    throw new Error(`job ${jobId}: origins do not match the IDs`);
  }
  const planned: PlannedId[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const origin = origins ? origins[i] : undefined;
    planned[i] = typeof origin === 'string' ? { id: ids[i], origin } : { id: ids[i] };
  }
  if (presets !== undefined) {
    if (!Array.isArray(presets)) throw new Error(`job ${jobId}: bad presets`);
    for (const group of presets) {
      if (!isObject(group) || (group.o !== 'skipped' && group.o !== 'not-found') || typeof group.m !== 'string') {
        throw new Error(`job ${jobId}: bad preset`);
      }
      const preset = { outcome: group.o as 'skipped' | 'not-found', message: group.m };
      for (const i of decodeRanges(group.i, ids.length)) planned[i] = { ...planned[i], preset };
    }
  }
  return { spec, ids: planned };
}

function isTargetSpec(value: unknown): value is TargetSpec {
  if (!isObject(value)) return false;
  const { key, accountId, accountLabel, options } = value;
  return (
    typeof key === 'string' &&
    typeof accountId === 'string' &&
    typeof accountLabel === 'string' &&
    isObject(options) &&
    // Any well-formed vendor id: a job of a vendor this build does not know is still evidence, kept
    // and shown under its id, never dropped as corrupt.
    isVendorIdShape(options.vendor)
  );
}

// ---------------------------------------------------------------------------------------------
// Snapshots (compaction): the whole state of one job in one record

/** How many distinct results back a snapshot looks for equal content held by another object. */
const SNAPSHOT_CONTENT_WINDOW = 16;

/**
 * The snapshot record of a job: each target's table holds each distinct result once, by object
 * and, where an equal answer is held by another object (more distinct answers interleaved than
 * a target shares), by content among the last SNAPSHOT_CONTENT_WINDOW distinct results.
 */
export function encodeSnapshot(job: JobState, redact: TextRedactor = identity): Extract<JournalRecord, { t: 'S' }> {
  const st = job.targets.map((target): EncodedTargetState => {
    const byObject = new Map<IdResult, number>();
    const recent: { result: IdResult; index: number }[] = [];
    const res: EncodedResult[] = [];
    const runs: number[] = [];
    let previous: IdResult | undefined;
    let previousIndex = -1;
    let current = -2;
    let count = 0;
    for (let i = 0; i < target.size; i++) {
      const result = target.resultAt(i);
      let index = -1;
      if (result === previous) {
        index = previousIndex;
      } else if (result) {
        let known = byObject.get(result);
        if (known === undefined) {
          known = recent.find((r) => sameResult(r.result, result))?.index;
          if (known === undefined) {
            known = res.length;
            res.push(encodeResult(result, redact));
            recent.unshift({ result, index: known });
            if (recent.length > SNAPSHOT_CONTENT_WINDOW) recent.pop();
          }
          byObject.set(result, known);
        }
        index = known;
        previous = result;
        previousIndex = index;
      }
      if (index === current) {
        count++;
      } else {
        if (count > 0) runs.push(current, count);
        current = index;
        count = 1;
      }
    }
    if (count > 0) runs.push(current, count);
    return { res, runs };
  });
  return { t: 'S', job: encodeJob(job.spec, redact), st };
}

/** Rebuilds a job from a snapshot record. */
export function decodeSnapshot(jobValue: unknown, states: unknown): JobState {
  const job = new JobState(decodeJob(jobValue));
  if (!Array.isArray(states) || states.length !== job.targets.length) throw new Error(`job ${job.id}: snapshot does not match its targets`);
  job.targets.forEach((target, n) => {
    const state = states[n];
    if (!isObject(state) || !Array.isArray(state.res) || !Array.isArray(state.runs)) throw new Error(`job ${job.id}: bad snapshot`);
    const results = state.res.map(decodeResult);
    const runs = state.runs;
    let at = 0;
    for (let k = 0; k + 1 < runs.length; k += 2) {
      const index = runs[k];
      const count = runs[k + 1];
      if (typeof index !== 'number' || typeof count !== 'number' || count < 1 || at + count > target.size) {
        throw new Error(`job ${job.id}: bad snapshot run`);
      }
      if (index >= 0) {
        const result = results[index];
        if (!result) throw new Error(`job ${job.id}: snapshot run points at no result`);
        target.setRun(at, count, result);
      }
      at += count;
    }
    if (at !== target.size) throw new Error(`job ${job.id}: snapshot covers ${at} of ${target.size} IDs`);
  });
  return job;
}

/** Latest time any result of the job carries (or its creation time). */
export function lastActivityOf(job: JobState): number {
  let last = job.spec.createdAt;
  for (const target of job.targets) {
    let previous: IdResult | undefined;
    for (let i = 0; i < target.size; i++) {
      const result = target.resultAt(i);
      if (result && result !== previous && result.at > last) last = result.at;
      previous = result;
    }
  }
  return last;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
