// Coalesces tree refreshes: store events can come thousands of times a second, VS Code should
// repaint at most once per interval, and only the rows that changed (or everything, when asked).

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class RefreshCoalescer<T> {
  private pending = new Set<T>();
  private all = false;
  private timer: unknown;
  private disposed = false;

  constructor(
    private readonly flushTo: (items: T[] | 'all') => void,
    private readonly intervalMs = 250,
    private readonly timers: Timers = realTimers,
  ) {}

  mark(item: T | 'all'): void {
    if (this.disposed) return;
    if (item === 'all') this.all = true;
    else if (!this.all) this.pending.add(item);
    if (this.timer === undefined) this.timer = this.timers.set(() => this.flush(), this.intervalMs);
  }

  /** Runs the pending refresh now (e.g. when a run ends, so the final state shows at once). */
  flush(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    if (!this.all && this.pending.size === 0) return;
    const items: T[] | 'all' = this.all ? 'all' : [...this.pending];
    this.all = false;
    this.pending = new Set();
    this.flushTo(items);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }
}
