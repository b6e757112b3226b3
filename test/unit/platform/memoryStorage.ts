// In-memory stand-ins for vscode.Memento and vscode.SecretStorage (plain Node, no vscode module).
// Like VS Code's, the secret storage fires onDidChange for every store/delete, whichever window
// made it: `fromAnotherWindow` changes a value without going through the code under test.
import type * as vscode from 'vscode';
import { Emitter } from '../../../src/platform/events';

export class MemoryMemento implements vscode.Memento {
  readonly values = new Map<string, unknown>();
  updates = 0;

  keys(): readonly string[] {
    return [...this.values.keys()];
  }

  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (structuredClone(this.values.get(key)) as T) : defaultValue;
  }

  async update(key: string, value: unknown): Promise<void> {
    this.updates++;
    await Promise.resolve();
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
  }

  /** What another window's write looks like here: the value changes, no event. */
  fromAnotherWindow(key: string, value: unknown): void {
    this.values.set(key, structuredClone(value));
  }
}

export class MemorySecretStorage implements vscode.SecretStorage {
  readonly values = new Map<string, string>();
  private readonly changed = new Emitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.changed.event;
  /** Rejects the next store() once (to test rollbacks). */
  failNextStore = false;

  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }

  async get(key: string): Promise<string | undefined> {
    await Promise.resolve();
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    await Promise.resolve();
    if (this.failNextStore) {
      this.failNextStore = false;
      throw new Error('secret storage unavailable');
    }
    this.values.set(key, value);
    this.changed.fire({ key });
  }

  async delete(key: string): Promise<void> {
    await Promise.resolve();
    const had = this.values.delete(key);
    if (had) this.changed.fire({ key });
  }

  fromAnotherWindow(key: string, value: string | undefined): void {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    this.changed.fire({ key });
  }

  /** Every stored value, for "no secret leaked anywhere else" checks. */
  allText(): string {
    return [...this.values.values()].join('\n');
  }
}
