// The listeners of one event. A listener that throws is reported and skipped: the others still
// hear the event, and the code that fired it (a journal write, a run) goes on.

export class ListenerSet<T> {
  private readonly listeners = new Set<(event: T) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = (error) => console.error(error)) {}

  add(listener: (event: T) => void): { dispose(): void } {
    // A fresh entry per subscription: the same function subscribed twice is called twice.
    const entry = (event: T) => listener(event);
    this.listeners.add(entry);
    return { dispose: () => void this.listeners.delete(entry) };
  }

  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
