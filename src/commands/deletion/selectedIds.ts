// Step 1b: selected texts → distinct IDs, asking which CSV column to read when the header does not
// say. No IDs at all is a clear message, never an empty job.
import { parseIds, type ParseResult } from '../../core/ids';
import type { Prompter } from '../../platform/prompter';
import { UserCancelled, UserFacingError } from '../errors';

export type SelectedIds = Extract<ParseResult, { kind: 'ids' }>;

export async function readSelectedIds(texts: readonly string[], prompter: Prompter): Promise<SelectedIds> {
  let result = parseIds(texts);
  if (result.kind === 'needs-csv-column') {
    const column = await askCsvColumn(prompter, result);
    result = parseIds(texts, { csvColumn: column });
    if (result.kind === 'needs-csv-column') {
      throw new UserFacingError('The selections are CSV blocks with different headers: select one CSV block at a time.', [], 'warning');
    }
  }
  if (result.ids.length === 0) throw new UserFacingError(noIdsMessage(result), [], 'warning');
  return result;
}

async function askCsvColumn(prompter: Prompter, question: Extract<ParseResult, { kind: 'needs-csv-column' }>): Promise<number> {
  const candidates = new Set(question.candidates);
  const items = question.headers.map((header, index) => ({
    label: header.trim() === '' ? `(column ${index + 1}, no header)` : header,
    description: candidates.has(header) ? 'looks like an ID column' : `column ${index + 1}`,
    value: index,
  }));
  items.sort((a, b) => Number(candidates.has(question.headers[b.value])) - Number(candidates.has(question.headers[a.value])));
  const column = await prompter.pickOne(items, {
    title: 'The selection is a CSV table: which column holds the user IDs?',
    placeholder: 'Pick the column to read the IDs from',
  });
  if (column === undefined) throw new UserCancelled();
  return column;
}

function noIdsMessage(result: SelectedIds): string {
  if (result.rejected.length === 0) return 'No user IDs found in the selection.';
  const example = result.rejected[0];
  return `No user IDs found in the selection: ${result.rejected.length} value(s) cannot be user IDs (e.g. ${example.reason}).`;
}
