// A minimal event emitter shaped like vscode.Event, with no runtime `vscode` import, so the secret
// store and the account repository run (and are unit-tested) in plain Node.
import type * as vscode from 'vscode';
import { ListenerSet } from '../core/listeners';

export class Emitter<T> {
  private readonly listeners: ListenerSet<T>;

  constructor(onListenerError?: (error: unknown) => void) {
    this.listeners = new ListenerSet<T>(onListenerError);
  }

  readonly event: vscode.Event<T> = (listener, thisArgs?, disposables?) => {
    const subscription = this.listeners.add((event) => void listener.call(thisArgs, event));
    disposables?.push(subscription);
    return subscription;
  };

  fire(event: T): void {
    this.listeners.fire(event);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
