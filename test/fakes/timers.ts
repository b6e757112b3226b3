import type { Socket } from 'node:net';

/**
 * Every delay a fake waits on goes through here, so close() can cancel them all:
 * a cancelled sleep resolves `false` and no timer outlives the fake.
 */
export class TimerSet {
  private pending = new Map<NodeJS.Timeout, () => void>();
  private cancelled = false;

  /**
   * Wait `ms`. Resolves true when the time has passed, false when cancelled by
   * cancelAll() or (if given) when `wakeOnClose` socket closes first.
   */
  sleep(ms: number, wakeOnClose?: Socket): Promise<boolean> {
    if (this.cancelled) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.pending.delete(timer);
        wakeOnClose?.off('close', onClose);
        resolve(ok);
      };
      const onClose = () => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      this.pending.set(timer, () => finish(false));
      if (wakeOnClose) {
        if (wakeOnClose.destroyed) return finish(false);
        wakeOnClose.once('close', onClose);
      }
    });
  }

  /**
   * Wait until `performance.now()` reaches `deadline`, never less: a timer can fire up to a
   * millisecond early (it counts from the event loop's cached time), so the rest is waited out turn
   * by turn. Resolves like sleep().
   */
  async sleepUntil(deadline: number): Promise<boolean> {
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) return !this.cancelled;
      if (left >= 1) {
        if (!(await this.sleep(left))) return false;
      } else {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.cancelled) return false;
      }
    }
  }

  get size(): number {
    return this.pending.size;
  }

  cancelAll(): void {
    this.cancelled = true;
    for (const cancel of [...this.pending.values()]) cancel();
  }
}

/** While closed, requests wait before being answered; open() lets them through in order. */
export class Gate {
  private waiting: Array<(open: boolean) => void> = [];
  private isOpen = true;

  close(): void {
    this.isOpen = false;
  }

  open(): void {
    this.isOpen = true;
    this.release(true);
  }

  /** Resolves true when the gate is (or becomes) open, false if the fake shuts down. */
  pass(): Promise<boolean> {
    if (this.isOpen) return Promise.resolve(true);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  shutdown(): void {
    this.release(false);
  }

  private release(value: boolean): void {
    const w = this.waiting;
    this.waiting = [];
    for (const r of w) r(value);
  }
}
