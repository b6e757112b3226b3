import type { VendorId } from '../job';

export type { VendorId };

/** How one selection was read. `mixed` when several selections were read in different ways. */
export type IdFormat = 'json-array' | 'json-lines' | 'csv' | 'text';

export interface ParseOptions {
  /**
   * The CSV column (or JSON-lines field) to read: a header name (exact, else case/underscore-
   * insensitive) or a 0-based index.
   */
  csvColumn?: string | number;
}

/** A token of a plain-text selection that does not look like a user ID (see suspicious.ts). */
export interface SuspiciousToken {
  value: string;
  reason: string;
  /** Its place among all distinct IDs read, suspicious ones included (to put it back in order). */
  index: number;
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
      /** Distinct IDs in selection order, without the suspicious ones. */
      ids: string[];
      /**
       * Distinct tokens that do not look like IDs, left out of `ids` until the engineer chooses them
       * (withSuspicious); never sent without that choice.
       */
      suspicious: SuspiciousToken[];
      /** Values dropped because an identical ID came earlier (exact match). */
      duplicates: number;
      /** Values read before de-duplication: ids.length + suspicious.length + duplicates. */
      tokens: number;
      format: IdFormat | 'mixed';
      /** Header of the CSV column (or name of the JSON-lines field) used, the first selection's. */
      csvColumn?: string;
      /** Values that are not IDs; show them as skipped, never drop them silently. */
      rejected: RejectedValue[];
      /** What was assumed rather than read for certain (a title line above a CSV header). */
      guesses: string[];
    }
  | {
      /** The selection cannot be read safely (e.g. a CSV whose header is not on its first line). */
      kind: 'refused';
      reason: string;
      selection: number;
    }
  | {
      kind: 'needs-csv-column';
      /** A CSV header row, or the keys of the first object of JSON lines. */
      source: 'csv' | 'json-lines';
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
