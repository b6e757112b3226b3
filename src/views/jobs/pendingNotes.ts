// What the tree says next to accepted (pending) IDs: how their status will become known. Vendors
// without a status API keep their honest note ("queued at Cooladata (status API not configured)"),
// lookups that cost API calls say they wait for "Verify now", polled ones say so. Resolved once per
// target (account + options) in the background — building a checker reads secrets, sends nothing —
// and corrected by what status checks report. No vscode in here.
import type { TargetSpec } from '../../core/job';
import { ON_DEMAND_NOTE, type StatusCheckReport } from '../../core/statusChecks';
import { isStatusChecker, type NoStatusCheck, type StatusChecker } from '../../core/vendor';
import { errorMessage } from '../../core/errorMessage';
import { ListenerSet } from '../../core/listeners';

export const POLLED_NOTE = 'status checked automatically';
export const SCHEDULED_LOOKUP_NOTE = 'verified automatically on a schedule (lookups)';

/** The note for a target's pending IDs, given its vendor's checker (pure). */
export function pendingNoteOf(checker: StatusChecker | NoStatusCheck, automaticVerification: boolean): string {
  if (!isStatusChecker(checker)) return checker.pendingNote;
  if (checker.automatic) return POLLED_NOTE;
  return automaticVerification ? SCHEDULED_LOOKUP_NOTE : ON_DEMAND_NOTE;
}

export function unavailableNote(error: unknown): string {
  return `status cannot be checked: ${errorMessage(error)}`;
}

export class PendingNotes {
  private readonly notes = new Map<string, string>();
  private readonly resolving = new Map<string, Promise<void>>();
  private readonly listeners = new ListenerSet<void>();
  private generation = 0;

  constructor(private readonly source: (spec: TargetSpec) => Promise<string>) {}

  onDidChange(listener: () => void): { dispose(): void } {
    return this.listeners.add(listener);
  }

  /** The note if known; otherwise starts finding it (onDidChange fires when it is known). */
  noteFor(spec: TargetSpec): string | undefined {
    const known = this.notes.get(spec.key);
    if (known !== undefined || this.resolving.has(spec.key)) return known;
    const generation = this.generation;
    const done = this.source(spec)
      .catch((error: unknown) => unavailableNote(error))
      .then((note) => {
        if (generation !== this.generation) return;
        this.resolving.delete(spec.key);
        this.set(spec.key, note);
      });
    this.resolving.set(spec.key, done);
    return undefined;
  }

  /** Takes the notes a status check reported (no status API, on demand only, unavailable). */
  learn(report: StatusCheckReport): void {
    for (const target of report.targets) {
      if (target.kind !== 'checked' && target.note) this.set(target.targetKey, target.kind === 'unavailable' ? unavailableNote(target.note) : target.note);
    }
  }

  /** Forgets every note (accounts or the verification setting changed). */
  invalidate(): void {
    this.generation++;
    this.notes.clear();
    this.resolving.clear();
    this.emit();
  }

  /** Resolves once the notes being looked up are known (tests). */
  async settled(): Promise<void> {
    while (this.resolving.size > 0) await Promise.all([...this.resolving.values()]);
  }

  private set(key: string, note: string): void {
    if (this.notes.get(key) === note) return;
    this.notes.set(key, note);
    this.emit();
  }

  private emit(): void {
    this.listeners.fire();
  }
}
