// Names of the column (CSV) or field (JSON lines of objects) that holds the user IDs: one list for
// both, matched without case, `_`, `-`, `.` and spaces (user_id, userId, USER ID...).

/** Header names (lower-cased, without `_`, `-`, `.` and spaces) picked automatically. */
const ID_COLUMNS = new Set(['userid', 'identity', 'guid', 'registrationid', 'customeruserid', 'customid', 'alias']);

export const ID_COLUMN_NAMES = 'user_id, identity, guid, registration_id, customer_user_id, custom_id, alias';

export function normalizedHeader(header: string): string {
  return header.length > 64 ? '' : header.toLowerCase().replace(/[\s_.-]/g, '');
}

/** Cheap on the tokens of a million-line list: most are ruled out by length or first letter. */
export function isIdColumnName(header: string): boolean {
  if (header.length < 4 || header.length > 24 || !'uUiIgGrRcCaA'.includes(header.charAt(0))) return false;
  return ID_COLUMNS.has(normalizedHeader(header));
}

/** Indexes of the headers that name an ID column. */
export function idColumns(headers: readonly string[]): number[] {
  return headers.flatMap((h, i) => (isIdColumnName(h) ? [i] : []));
}

/** The column the engineer chose: a 0-based index, or a header name (exact, else loosely). */
export function chosenColumn(headers: readonly string[], choice: string | number | undefined): number | undefined {
  if (typeof choice === 'number') return Number.isInteger(choice) && choice >= 0 && choice < headers.length ? choice : undefined;
  if (choice === undefined) return undefined;
  const exact = headers.indexOf(choice);
  if (exact >= 0) return exact;
  const wanted = normalizedHeader(choice);
  const loose = wanted === '' ? -1 : headers.findIndex((h) => normalizedHeader(h) === wanted);
  return loose >= 0 ? loose : undefined;
}
