// Before "Verify Now" asks anything of the vendors: which pending deletions of the chosen jobs each
// vendor would be asked about, in how many calls, and which of those are lookups that cost API
// calls — said in the confirmation — and the progress line while it runs. Pure except planVerify.
import { vendorCatalog } from '../../core/catalog';
import { describeTarget, type JobState, type TargetSpec, type VendorId } from '../../core/job';
import { isStatusChecker, type NoStatusCheck, type StatusChecker } from '../../core/vendor';
import { formatCount, plural } from '../../core/text/plural';
import { errorMessage } from '../../core/errorMessage';

export interface VerifyTargetPlan {
  jobId: string;
  spec: TargetSpec;
  pending: number;
  /** Calls the check makes (0 when the target cannot be checked). */
  calls: number;
  /** A lookup that costs API calls (CleverTap profiles, EngageLab devices), not a status API meant for polling. */
  costly: boolean;
  /** Why the target is not checked (no status API, account missing). */
  notChecked?: string;
}

export interface VerifyPlan {
  targets: VerifyTargetPlan[];
  /** Pending IDs the vendors are asked about. */
  checked: number;
  calls: number;
  costlyCalls: number;
}

export type CheckerSource = (spec: TargetSpec) => Promise<StatusChecker | NoStatusCheck>;

export async function planVerify(jobs: readonly JobState[], checkerFor: CheckerSource): Promise<VerifyPlan> {
  const targets: VerifyTargetPlan[] = [];
  for (const job of jobs) {
    for (const target of job.targets) {
      const pending = target.countOf('accepted');
      if (pending === 0) continue;
      const base = { jobId: job.id, spec: target.spec, pending };
      let checker: StatusChecker | NoStatusCheck;
      try {
        checker = await checkerFor(target.spec);
      } catch (error) {
        targets.push({ ...base, calls: 0, costly: false, notChecked: errorMessage(error) });
        continue;
      }
      if (!isStatusChecker(checker)) targets.push({ ...base, calls: 0, costly: false, notChecked: checker.pendingNote });
      else targets.push({ ...base, calls: Math.ceil(pending / Math.max(1, checker.limits.idsPerCall)), costly: !checker.automatic });
    }
  }
  const checkedTargets = targets.filter((t) => t.notChecked === undefined);
  return {
    targets,
    checked: checkedTargets.reduce((n, t) => n + t.pending, 0),
    calls: checkedTargets.reduce((n, t) => n + t.calls, 0),
    costlyCalls: checkedTargets.reduce((n, t) => n + (t.costly ? t.calls : 0), 0),
  };
}

export interface VerifyConfirmation {
  message: string;
  detail: string;
  button: string;
}

/** "Verify 50,015 pending deletions? This makes 50,015 lookups at CleverTap — API calls that count against your plan." */
export function verifyConfirmation(plan: VerifyPlan, jobCount: number): VerifyConfirmation {
  const costlyVendors = vendorsOf(plan.targets.filter((t) => t.notChecked === undefined && t.costly));
  const cheap = plan.calls - plan.costlyCalls;
  const sentences = [`Verify ${plural(plan.checked, 'pending deletion')} of ${plural(jobCount, 'job')}?`];
  if (plan.costlyCalls > 0) sentences.push(`This makes ${plural(plan.costlyCalls, 'lookup')} at ${costlyVendors} — API calls that count against the vendor's limits.`);
  if (cheap > 0) sentences.push(`${plural(cheap, 'status check')} ${cheap === 1 ? 'is' : 'are'} made at status APIs meant for polling.`);
  const detail: string[] = [];
  for (const t of plan.targets) {
    const what = t.notChecked !== undefined ? `not checked — ${t.notChecked}` : `${plural(t.calls, t.costly ? 'lookup' : 'status check')}`;
    detail.push(`${describeTarget(t.spec)}: ${plural(t.pending, 'pending ID')}, ${what}`);
  }
  return { message: sentences.join(' '), detail: detail.join('\n'), button: `Verify (${formatCount(plan.calls)} ${plan.calls === 1 ? 'call' : 'calls'})` };
}

/** "1,200 / 50,015 pending IDs checked". */
export function verifyProgressMessage(done: number, total: number): string {
  return `${formatCount(Math.min(done, total))} / ${plural(total, 'pending ID')} checked`;
}

function vendorsOf(targets: readonly VerifyTargetPlan[]): string {
  const vendors: VendorId[] = [];
  for (const t of targets) if (!vendors.includes(t.spec.options.vendor)) vendors.push(t.spec.options.vendor);
  const names = vendors.map((v) => vendorCatalog().displayName(v));
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
