import type { VendorId } from '../job';

export type { VendorId };

/** How one selection was read. `mixed` when several selections were read in different ways. */
export type IdFormat = 'json-array' | 'json-lines' | 'csv' | 'text';

export interface ParseOptions {
  /** The CSV column to read: a header name (exact, else case/underscore-insensitive) or a 0-based index. */
  csvColumn?: string | number;
}

/** A value that was in the selection but cannot be a user ID (e.g. `null` inside a JSON array). */
export interface RejectedValue {
  /** The value's JSON source text, shortened to 200 characters for display. */
  value: string;
  reason: string;
}

export type ParseResult =
  | {
      kind: 'ids';
      /** Distinct IDs in selection order. */
      ids: string[];
      /** Values dropped because an identical ID came earlier (exact match). */
      duplicates: number;
      /** Values read before de-duplication: ids.length + duplicates. */
      tokens: number;
      format: IdFormat | 'mixed';
      /** Header of the CSV column used (the first CSV selection's). */
      csvColumn?: string;
      /** Values that are not IDs; show them as skipped, never drop them silently. */
      rejected: RejectedValue[];
    }
  | {
      kind: 'needs-csv-column';
      headers: string[];
      /** Headers that look like ID columns when there were several (empty when none did). */
      candidates: string[];
      /** Index of the selection whose column is needed. */
      selection: number;
    };

export interface IdValidation {
  valid: string[];
  invalid: { id: string; reason: string }[];
}
