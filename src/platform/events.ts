// A minimal event emitter shaped like vscode.Event, with no runtime `vscode` import, so the secret
// store and the account repository run (and are unit-tested) in plain Node.
import type * as vscode from 'vscode';

export class Emitter<T> {
  private readonly listeners = new Set<(event: T) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = (error) => console.error(error)) {}

  readonly event: vscode.Event<T> = (listener, thisArgs?, disposables?) => {
    // A fresh wrapper per subscription: the same function subscribed twice is called twice.
    const entry = (event: T) => void listener.call(thisArgs, event);
    this.listeners.add(entry);
    const subscription = { dispose: () => void this.listeners.delete(entry) };
    disposables?.push(subscription);
    return subscription;
  };

  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
