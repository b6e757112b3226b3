// Selected editor text → user IDs: reading (JSON array, CSV column, JSON lines, plain text with
// suspicious tokens set apart), exact de-duplication, and per-vendor validation. Pure: no vscode, no I/O. Rules and the
// decisions behind them live in the files under ./ids/.
export type { IdFormat, IdValidation, ParseOptions, ParseResult, RejectedValue, SuspiciousToken, VendorId } from './ids/types';
export { parseIds, withSuspicious } from './ids/parse';
export { tokenAt } from './ids/text';
export {
  GENERIC_MAX_ID_CHARACTERS,
  idProblems,
  validateIds,
  validateIdsWith,
  type IdLimits,
} from './ids/validate';
