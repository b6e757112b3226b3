// parseIds for tests: the result of the expected kind, or a failure showing what came instead.
import assert from 'node:assert/strict';
import { parseIds, type ParseOptions, type ParseResult } from '../../src/core/ids';

export type IdsResult = Extract<ParseResult, { kind: 'ids' }>;

export function parsed<K extends ParseResult['kind']>(selections: string | string[], kind: K, options?: ParseOptions): Extract<ParseResult, { kind: K }> {
  const result = parseIds(typeof selections === 'string' ? [selections] : selections, options);
  assert.equal(result.kind, kind, `expected ${kind}, got ${JSON.stringify(result).slice(0, 500)}`);
  return result as Extract<ParseResult, { kind: K }>;
}

export function read(selections: string | string[], options?: ParseOptions): IdsResult {
  return parsed(selections, 'ids', options);
}
