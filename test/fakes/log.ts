import type { RecordedRequest, VendorName } from './types';

type Waiter = {
  count: number;
  filter: (r: RecordedRequest) => boolean;
  resolve: () => void;
  reject: (e: Error) => void;
};

/**
 * Arrival-ordered log of every request, shared by the fakes started together so that
 * `seq` is global. Entries are live while a request is in flight; readers get copies.
 */
export class RequestLog {
  private entries: RecordedRequest[] = [];
  private nextSeq = 1;
  private waiters = new Set<Waiter>();

  add(entry: Omit<RecordedRequest, 'seq'>): RecordedRequest {
    const rec: RecordedRequest = { seq: this.nextSeq++, ...entry };
    this.entries.push(rec);
    this.notify();
    return rec;
  }

  /** Call after mutating an entry (status, applied...) so waiters re-check. */
  changed(): void {
    this.notify();
  }

  all(vendor?: VendorName): RecordedRequest[] {
    return this.entries
      .filter((r) => vendor === undefined || r.vendor === vendor)
      .map((r) => ({ ...r, ids: [...r.ids], query: { ...r.query }, headers: { ...r.headers } }));
  }

  /** Remove entries (of one vendor, or all and restart seq at 1). */
  clear(vendor?: VendorName): void {
    if (vendor === undefined) {
      this.entries = [];
      this.nextSeq = 1;
    } else {
      this.entries = this.entries.filter((r) => r.vendor !== vendor);
    }
  }

  /**
   * Resolves once at least `count` recorded requests satisfy `filter` (default: any).
   * Event-driven, no timers. Rejected by `rejectWaiters` (on close).
   */
  waitFor(count: number, filter: (r: RecordedRequest) => boolean = () => true): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { count, filter, resolve, reject };
      if (this.satisfied(waiter)) return resolve();
      this.waiters.add(waiter);
    });
  }

  rejectWaiters(reason: string): void {
    for (const w of this.waiters) w.reject(new Error(reason));
    this.waiters.clear();
  }

  private satisfied(w: Waiter): boolean {
    let n = 0;
    for (const r of this.entries) if (w.filter(r) && ++n >= w.count) return true;
    return false;
  }

  private notify(): void {
    for (const w of [...this.waiters]) {
      if (this.satisfied(w)) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }
}
