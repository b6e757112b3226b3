import { planCsv } from './csv';
import { readJsonArray, readJsonLines } from './json';
import { scanTextTokens } from './text';
import type { IdFormat, ParseOptions, ParseResult, RejectedValue } from './types';

/**
 * Reads user IDs from editor selections (one string per selection, in order). Each selection is
 * read as the first of these that fits: a JSON array; a CSV whose first row is a header; JSON
 * lines of strings/numbers; plain text. IDs are de-duplicated by exact match across all selections;
 * `format` is `mixed` when selections were read in different ways.
 */
export function parseIds(selections: readonly string[], options: ParseOptions = {}): ParseResult {
  const seen = new Set<string>();
  let tokens = 0;
  const add = (id: string): void => {
    tokens++;
    seen.add(id);
  };
  const formats = new Set<IdFormat>();
  const rejected: RejectedValue[] = [];
  let csvColumn: string | undefined;

  for (let index = 0; index < selections.length; index++) {
    const raw = selections[index];
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const before = tokens;
    let format: IdFormat = 'text';

    const array = readJsonArray(text);
    if (array) {
      format = 'json-array';
      for (const id of array.values) add(id);
      const where = selections.length > 1 ? ` of selection ${index + 1}` : '';
      for (const r of array.rejected) {
        rejected.push({ value: r.value, reason: `element ${r.element}${where} is ${r.what}, not a user ID` });
      }
      if (array.rejected.length > 0) formats.add(format);
    } else {
      const csv = planCsv(text, options);
      if (csv.kind === 'needs-column') {
        return { kind: 'needs-csv-column', headers: csv.headers, candidates: csv.candidates, selection: index };
      }
      if (csv.kind === 'csv') {
        format = 'csv';
        csvColumn ??= csv.header;
        // One column: the rows are an ID list under a header, read with the text rules.
        if (csv.columns === 1) scanTextTokens(text.slice(csv.dataStart), add);
        else csv.reader.readColumn(csv.column, add);
      } else {
        const lines = readJsonLines(text);
        if (lines) {
          if (lines.hasString) format = 'json-lines';
          for (const id of lines.values) add(id);
        } else {
          scanTextTokens(text, add);
        }
      }
    }
    if (tokens > before) formats.add(format);
  }

  const format = formats.size === 1 ? [...formats][0] : formats.size === 0 ? 'text' : 'mixed';
  return {
    kind: 'ids',
    ids: Array.from(seen),
    duplicates: tokens - seen.size,
    tokens,
    format,
    ...(csvColumn !== undefined ? { csvColumn } : {}),
    rejected,
  };
}
