// Ctrl-C and SIGTERM as steps: the first stops new requests (requests in flight finish), the second
// also aborts requests in flight (their IDs end "unknown"); SIGTERM counts as a first Ctrl-C.
// What a step means at each moment is up to the current handler.

export type InterruptLevel = 'cancel' | 'abort';

export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export class Interrupts {
  private count = 0;
  private handler: ((level: InterruptLevel) => void) | undefined;
  private readonly onInt = () => {
    if (this.count >= 2) return this.force?.();
    this.raise(this.count >= 1 ? 'abort' : 'cancel');
  };
  private readonly onTerm = () => this.raise('cancel');

  /** `force`: a third Ctrl-C, when even waiting for aborted requests is too long. */
  constructor(
    private readonly source: SignalSource,
    private readonly force?: () => void,
  ) {
    source.on('SIGINT', this.onInt);
    source.on('SIGTERM', this.onTerm);
  }

  /** True once any interrupt came in (the run then exits 1, whatever the outcomes). */
  get interrupted(): boolean {
    return this.count > 0;
  }

  get level(): InterruptLevel | undefined {
    return this.count === 0 ? undefined : this.count === 1 ? 'cancel' : 'abort';
  }

  /** The handler for the phase now running; an interrupt that came earlier is replayed at once. */
  handle(handler: ((level: InterruptLevel) => void) | undefined): void {
    this.handler = handler;
    const level = this.level;
    if (handler && level) handler(level);
  }

  dispose(): void {
    this.source.off('SIGINT', this.onInt);
    this.source.off('SIGTERM', this.onTerm);
  }

  private raise(level: InterruptLevel): void {
    this.count = level === 'abort' ? 2 : Math.max(this.count, 1);
    this.handler?.(level);
  }
}
