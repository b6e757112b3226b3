// The JSON report of delete and resume, checked key by key against the shape.
import assert from 'node:assert/strict';
import { parseJson, type CliRun } from './harness';

const REPORT_KEYS = ['vendor', 'ticket', 'dryRun', 'results', 'summary'];
const RESULT_KEYS = ['id', 'target', 'outcome', 'httpStatus', 'message', 'reference'];
const SUMMARY_KEYS = ['accepted', 'done', 'failed', 'notFound', 'skipped', 'cancelled', 'unknown'];

export interface Result {
  id: string;
  target: string;
  outcome: string;
  httpStatus: number | null;
  message: string | null;
  reference: string | null;
}

/** The report, checked key by key against the shape. */
export function report(run: CliRun): { vendor: string; ticket: string | null; dryRun: boolean; results: Result[]; summary: Record<string, number>; requests?: unknown[] } {
  const json = parseJson(run);
  assert.deepEqual(Object.keys(json), json.dryRun ? [...REPORT_KEYS, 'requests'] : REPORT_KEYS);
  const results = json.results as Result[];
  for (const r of results) {
    assert.deepEqual(Object.keys(r), RESULT_KEYS);
    assert.ok(['planned', 'accepted', 'done', 'failed', 'not-found', 'skipped', 'cancelled', 'unknown'].includes(r.outcome), r.outcome);
    assert.ok(r.httpStatus === null || Number.isInteger(r.httpStatus));
    assert.ok(r.message === null || typeof r.message === 'string');
    assert.ok(r.reference === null || typeof r.reference === 'string');
  }
  const summary = json.summary as Record<string, number>;
  assert.deepEqual(Object.keys(summary), SUMMARY_KEYS);
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  assert.deepEqual(summary, {
    accepted: count('accepted'),
    done: count('done'),
    failed: count('failed'),
    notFound: count('not-found'),
    skipped: count('skipped'),
    cancelled: count('cancelled'),
    unknown: count('unknown'),
  });
  return json as never;
}

