// Step 1b: selected texts → distinct IDs, asking which CSV column (or JSON-lines field) to read
// when the header does not say, and which tokens that do not look like IDs to send anyway (none
// unless ticked). No IDs at all is a clear message, never an empty job.
import { parseIds, withSuspicious, type ParseResult } from '../../core/ids';
import type { PickItem, Prompter } from '../../platform/prompter';
import { UserCancelled, UserFacingError } from '../errors';
import { plural } from '../../core/text/plural';

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
  if (result.kind === 'refused') throw new UserFacingError(`The selection cannot be read safely: ${result.reason}.`, [], 'warning');
  if (result.suspicious.length > 0) result = withSuspicious(result, await askSuspicious(prompter, result));
  if (result.ids.length === 0) throw new UserFacingError(noIdsMessage(result), [], 'warning');
  return result;
}

async function askCsvColumn(prompter: Prompter, question: Extract<ParseResult, { kind: 'needs-csv-column' }>): Promise<number> {
  const candidates = new Set(question.candidates);
  const what = question.source === 'csv' ? 'column' : 'field';
  const items = question.headers.map((header, index) => ({
    label: header.trim() === '' ? `(${what} ${index + 1}, no name)` : header,
    description: candidates.has(header) ? `looks like an ID ${what}` : `${what} ${index + 1}`,
    value: index,
  }));
  items.sort((a, b) => Number(candidates.has(question.headers[b.value])) - Number(candidates.has(question.headers[a.value])));
  const column = await prompter.pickOne(items, {
    title:
      question.source === 'csv'
        ? 'The selection is a CSV table: which column holds the user IDs?'
        : 'The selection is JSON lines of objects: which field holds the user IDs?',
    placeholder: `Pick the ${what} to read the IDs from`,
  });
  if (column === undefined) throw new UserCancelled();
  return column;
}

/** The first item: Enter with nothing ticked answers it (see VsCodePrompter.pickMany), so nothing is added. */
const LEAVE_ALL_OUT = Symbol('leave them all out');

/** The suspicious tokens the engineer ticks (none by default); Escape cancels the whole flow. */
async function askSuspicious(prompter: Prompter, result: SelectedIds): Promise<string[]> {
  const items: PickItem<string | typeof LEAVE_ALL_OUT>[] = [
    { label: 'Leave them all out', description: `send only the ${plural(result.ids.length, 'ID')} read`, value: LEAVE_ALL_OUT },
    ...result.suspicious.map((s) => ({ label: s.value, description: s.reason, value: s.value })),
  ];
  const chosen = await prompter.pickMany(items, {
    title: `${plural(result.suspicious.length, 'token')} in the selection ${result.suspicious.length === 1 ? 'does' : 'do'} not look like user IDs: tick those to delete too`,
    placeholder: 'Unticked tokens are left out (not sent)',
  });
  if (chosen === undefined) throw new UserCancelled();
  return chosen.filter((value): value is string => value !== LEAVE_ALL_OUT);
}

function noIdsMessage(result: SelectedIds): string {
  if (result.suspicious.length > 0) {
    return `No user IDs to delete: ${plural(result.suspicious.length, 'token')} that ${result.suspicious.length === 1 ? 'does' : 'do'} not look like IDs ${result.suspicious.length === 1 ? 'was' : 'were'} left out.`;
  }
  if (result.rejected.length === 0) return 'No user IDs found in the selection.';
  const example = result.rejected[0];
  return `No user IDs found in the selection: ${result.rejected.length} value(s) cannot be user IDs (e.g. ${example.reason}).`;
}
