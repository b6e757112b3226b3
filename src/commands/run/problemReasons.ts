// Why IDs failed or got no answer, per vendor, for the run summary: "CleverTap: 2 failed — HTTP
// 401: CleverTap rejected the credentials: …". The reason is the answer most of those IDs got (the
// first of equals), redacted and then shortened (so a cut never leaves part of a secret); a vendor
// whose IDs carry no answer at all adds nothing to the counts. Pure.
import { vendorCatalog } from '../../core/catalog';
import { type IdResult, type JobState, type VendorId } from '../../core/job';
import { shorten } from '../../views/jobs/resultText';
import { formatCount } from '../../core/text/plural';

export const REASON_MAX = 150;

const PROBLEMS = [
  { outcome: 'failed', text: 'failed' },
  { outcome: 'unknown', text: 'without an answer' },
] as const;

export function problemReasons(job: JobState, redact: (text: string) => string): string[] {
  const vendors: VendorId[] = [];
  for (const target of job.targets) if (!vendors.includes(target.spec.options.vendor)) vendors.push(target.spec.options.vendor);
  const clauses: string[] = [];
  for (const vendor of vendors) {
    const targets = job.targets.filter((t) => t.spec.options.vendor === vendor);
    for (const { outcome, text } of PROBLEMS) {
      // Results are shared by the IDs of one answer: count per result object, then per answer.
      const perResult = new Map<IdResult | undefined, number>();
      let count = 0;
      for (const target of targets) {
        if (target.countOf(outcome) === 0) continue;
        for (const i of target.indicesWhere((o) => o === outcome)) {
          const result = target.resultAt(i);
          perResult.set(result, (perResult.get(result) ?? 0) + 1);
          count++;
        }
      }
      if (count === 0) continue;
      const reason = mostFrequentReason(perResult, redact);
      if (reason !== '') clauses.push(`${vendorCatalog().displayName(vendor)}: ${formatCount(count)} ${text} — ${reason}`);
    }
  }
  return clauses;
}

function mostFrequentReason(perResult: Map<IdResult | undefined, number>, redact: (text: string) => string): string {
  const perReason = new Map<string, number>();
  for (const [result, n] of perResult) {
    const reason = reasonOf(result);
    if (reason !== '') perReason.set(reason, (perReason.get(reason) ?? 0) + n);
  }
  let best = '';
  let most = 0;
  for (const [reason, n] of perReason) {
    if (n > most) {
      best = reason;
      most = n;
    }
  }
  return best === '' ? '' : shorten(redact(best), REASON_MAX);
}

/** "HTTP 401: <vendor message>", or the parts of it that are known. */
function reasonOf(result: IdResult | undefined): string {
  const status = result?.httpStatus !== undefined ? `HTTP ${result.httpStatus}` : '';
  const message = result?.message?.trim() ?? '';
  return status && message ? `${status}: ${message}` : status || message;
}
