// The counts of a selection in one line: "1,234 IDs · 6 duplicates removed · 2 values are not IDs
// · 3 suspicious tokens left out".
import { plural } from '../../core/text/plural';
import type { SelectedIds } from './selectedIds';

const FORMAT_NAMES: Record<SelectedIds['format'], string> = {
  'json-array': 'JSON array',
  'json-lines': 'JSON lines',
  csv: 'CSV',
  text: 'text',
  mixed: 'several formats',
};

export function selectionSummary(selected: SelectedIds): string {
  const parts = [plural(selected.ids.length, 'ID')];
  if (selected.duplicates > 0) parts.push(`${plural(selected.duplicates, 'duplicate')} removed`);
  if (selected.rejected.length > 0) parts.push(`${plural(selected.rejected.length, 'value')} ${selected.rejected.length === 1 ? 'is' : 'are'} not IDs`);
  if (selected.suspicious.length > 0) parts.push(`${plural(selected.suspicious.length, 'suspicious token')} left out`);
  const source =
    selected.csvColumn === undefined
      ? FORMAT_NAMES[selected.format]
      : selected.format === 'csv'
        ? `CSV column “${selected.csvColumn}”${selected.guesses.length > 0 ? ' below a title line' : ''}`
        : selected.format === 'json-lines'
          ? `JSON lines, field “${selected.csvColumn}”`
          : FORMAT_NAMES[selected.format];
  return `${parts.join(' · ')} (${source})`;
}
