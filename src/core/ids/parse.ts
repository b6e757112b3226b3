import { planCsv } from './csv';
import { DistinctStrings, HashedValues } from './distinct';
import { readJsonArray, readJsonLines } from './json';
import { readJsonObjectLines } from './jsonObjectLines';
import { canBeSuspiciousAlone, suspicionCheck } from './suspicious';
import { isOneTokenPerLine, lineEstimate, readLineTokens, replayLineTokens, scanTextTokens } from './text';
import type { IdFormat, ParseOptions, ParseResult, RejectedValue, SuspiciousToken } from './types';

type IdsResult = Extract<ParseResult, { kind: 'ids' }>;

/**
 * Reads user IDs from editor selections (one string per selection, in order). Each selection is
 * read as the first of these that fits: a JSON array; JSON lines of objects (one field); a CSV
 * whose header row is found (or refused); JSON lines of strings/numbers; plain text, where tokens
 * that do not look like IDs are set apart as suspicious. IDs are de-duplicated by exact match across
 * all selections; `format` is `mixed` when selections were read in different ways.
 */
export function parseIds(selections: readonly string[], options: ParseOptions = {}): ParseResult {
  const seen = new DistinctStrings();
  let tokens = 0;
  const formats = new Set<IdFormat>();
  const rejected: RejectedValue[] = [];
  const guesses: string[] = [];
  const suspicious = new Map<string, string>();
  let csvColumn: string | undefined;

  for (let index = 0; index < selections.length; index++) {
    const raw = selections[index];
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const before = tokens;
    const where = selections.length > 1 ? ` of selection ${index + 1}` : '';
    // A bound on what the hints below may set aside (a selection full of duplicates needs none).
    const room = text.length >> 4;
    const addAll = (values: string[]): void => {
      tokens += values.length;
      seen.addAll(values, room);
    };
    const addFound = (found: HashedValues): void => {
      tokens += found.count;
      seen.addHashed(found, room);
    };
    let format: IdFormat = 'text';

    const array = readJsonArray(text);
    const objects = array ? undefined : readJsonObjectLines(text, options);
    if (array) {
      format = 'json-array';
      addFound(array.values);
      for (const r of array.rejected) {
        rejected.push({ value: r.value, reason: `element ${r.element}${where} is ${r.what}, not a user ID` });
      }
      if (array.rejected.length > 0) formats.add(format);
    } else if (objects) {
      if (objects.kind === 'needs-column' && objects.headers.length === 0) {
        const reason = 'JSON lines whose first object has no fields: there is no ID field to read';
        return { kind: 'refused', reason: `${reason}${where ? ` (selection ${index + 1})` : ''}`, selection: index };
      }
      if (objects.kind === 'needs-column') {
        return { kind: 'needs-csv-column', source: 'json-lines', headers: objects.headers, candidates: objects.candidates, selection: index };
      }
      format = 'json-lines';
      csvColumn ??= objects.field;
      addAll(objects.values);
      for (const r of objects.rejected) rejected.push({ value: r.value, reason: `${r.reason}${where}` });
      if (objects.rejected.length > 0) formats.add(format);
    } else {
      const csv = planCsv(text, options);
      if (csv.kind === 'needs-column') {
        return { kind: 'needs-csv-column', source: 'csv', headers: csv.headers, candidates: csv.candidates, selection: index };
      }
      if (csv.kind === 'refused') return { kind: 'refused', reason: `${csv.reason}${where ? ` (selection ${index + 1})` : ''}`, selection: index };
      if (csv.kind === 'csv') {
        format = 'csv';
        csvColumn ??= csv.header;
        guesses.push(...csv.guesses);
        const expected = Math.min(lineEstimate(text, csv.dataStart), room);
        // One column: the rows are an ID list under a header, read with the text rules.
        if (csv.columns === 1) {
          addFound(readText(text.slice(csv.dataStart), expected, suspicious));
        } else {
          const found = new HashedValues(expected);
          csv.reader.readColumn(csv.column, (id, start, end) => {
            // When `id` is that whole span of the text, its hash is read there.
            if (end !== undefined && start !== undefined && id.length === end - start) found.pushSlice(id, text, start, end);
            else found.push(id);
          });
          addFound(found);
        }
      } else {
        const lines = readJsonLines(text);
        if (lines) {
          if (lines.hasString) format = 'json-lines';
          addAll(lines.values);
        } else {
          addFound(readText(text, Math.min(lineEstimate(text, 0), room), suspicious));
        }
      }
    }
    if (tokens > before) formats.add(format);
  }

  const format = formats.size === 1 ? [...formats][0] : formats.size === 0 ? 'text' : 'mixed';
  const { ids, apart } = setApart(seen, suspicious);
  return {
    kind: 'ids',
    ids,
    suspicious: apart,
    duplicates: tokens - seen.size,
    tokens,
    format,
    ...(csvColumn !== undefined ? { csvColumn } : {}),
    rejected,
    guesses,
  };
}

/** The tokens of a plain text (about `expected` of them); the suspicious ones go to `suspicious`. */
function readText(text: string, expected: number, suspicious: Map<string, string>): HashedValues {
  const found = new HashedValues(expected);
  if (isOneTokenPerLine(text)) {
    const firstOther = readLineTokens(text, found);
    const { values, count } = found;
    // Only = can be a mark there (a < or > sends a text to the general scanner).
    const mayHoldMark = firstOther < count && text.indexOf('=') >= 0;
    for (let t = firstOther; t < count; t++) {
      if (!canBeSuspiciousAlone(values[t], mayHoldMark)) continue;
      const check = suspicionCheck(text);
      replayLineTokens(text, values, count, check.token);
      check.finish(suspicious);
      break;
    }
    return found;
  }
  const check = suspicionCheck(text);
  // A token of the same length as its span is that span (quotes, brackets and inner text are shorter).
  scanTextTokens(text, (value, start, end, quoted) => {
    if (value.length === end - start) found.pushSlice(value, text, start, end);
    else found.push(value);
    check.token(value, start, end, quoted);
  });
  check.finish(suspicious);
  return found;
}

function setApart(seen: DistinctStrings, suspicious: Map<string, string>): { ids: string[]; apart: SuspiciousToken[] } {
  if (suspicious.size === 0) return { ids: seen.values, apart: [] };
  const ids: string[] = [];
  const apart: SuspiciousToken[] = [];
  let index = 0;
  for (const id of seen.values) {
    const reason = suspicious.get(id);
    if (reason === undefined) ids.push(id);
    else apart.push({ value: id, reason, index });
    index++;
  }
  return { ids, apart };
}

/**
 * The result with the chosen suspicious tokens back among the IDs, in their place in the selection;
 * the others stay apart (not sent).
 */
export function withSuspicious(result: IdsResult, chosen: Iterable<string>): IdsResult {
  const wanted = new Set(chosen);
  if (wanted.size === 0 || result.suspicious.length === 0) return result;
  const ids: string[] = [];
  const apart: SuspiciousToken[] = [];
  let next = 0;
  result.suspicious.forEach((token, k) => {
    if (!wanted.has(token.value)) {
      apart.push(token);
      return;
    }
    // The IDs before it are the distinct values before it that are not apart.
    const place = token.index - k;
    while (next < place && next < result.ids.length) ids.push(result.ids[next++]);
    ids.push(token.value);
  });
  while (next < result.ids.length) ids.push(result.ids[next++]);
  return { ...result, ids, suspicious: apart };
}
