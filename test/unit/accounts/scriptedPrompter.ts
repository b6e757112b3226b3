// A Prompter that answers from a script and records every question (plain Node, no vscode).
// Steps are consumed in order; a question that does not match its step fails the test.
import * as assert from 'node:assert/strict';
import type { InputOptions, MessageLevel, PickItem, PickOptions, Prompter } from '../../../src/platform/prompter';

export type Step =
  /** Types this text; the field's validate must accept it. */
  | { input: string }
  /** Types this text and expects validate to reject it with a matching message (the question stays open). */
  | { reject: string; message: RegExp }
  /** Picks the item whose label matches. */
  | { pick: string | RegExp }
  /** Presses Escape on whatever is asked. */
  | { escape: true }
  /** Presses this button in a modal confirmation (undefined = Cancel). */
  | { confirm: string | undefined };

export interface Asked {
  kind: 'input' | 'pick' | 'confirm';
  title: string;
  text: string;
  password?: boolean;
  value?: string;
  items?: string[];
}

export class ScriptedPrompter implements Prompter {
  readonly asked: Asked[] = [];
  readonly notifications: { level: MessageLevel; message: string; buttons: readonly string[] }[] = [];
  private readonly steps: Step[];

  constructor(steps: Step[], private readonly notifyAnswer: (message: string) => string | undefined = () => undefined) {
    this.steps = [...steps];
  }

  get remaining(): number {
    return this.steps.length;
  }

  /** Everything shown to the engineer, as one text (for "no secret shown" checks). */
  shownText(): string {
    return JSON.stringify([this.asked, this.notifications]);
  }

  async pickOne<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T | undefined> {
    this.asked.push({
      kind: 'pick',
      title: options.title,
      text: options.placeholder ?? '',
      items: items.map((i) => [i.label, i.description, i.detail].filter(Boolean).join(' | ')),
    });
    const step = this.next('pick');
    if ('escape' in step) return undefined;
    assert.ok('pick' in step, `expected ${JSON.stringify(step)}, got a quick pick "${options.placeholder}"`);
    const found = items.find((i) => (typeof step.pick === 'string' ? i.label === step.pick : step.pick.test(i.label)));
    assert.ok(found, `no item ${String(step.pick)} in ${items.map((i) => i.label).join(', ')}`);
    return found.value;
  }

  async pickMany<T>(): Promise<T[] | undefined> {
    throw new Error('pickMany is not scripted');
  }

  async input(options: InputOptions): Promise<string | undefined> {
    this.asked.push({ kind: 'input', title: options.title, text: options.prompt ?? '', password: options.password, value: options.value });
    for (;;) {
      const step = this.next('input');
      if ('escape' in step) return undefined;
      if ('reject' in step) {
        const message = options.validate?.(step.reject);
        assert.ok(message, `"${step.reject}" was accepted by "${options.prompt}"`);
        assert.match(message, step.message);
        continue;
      }
      assert.ok('input' in step, `expected ${JSON.stringify(step)}, got an input "${options.prompt}"`);
      const message = options.validate?.(step.input);
      assert.equal(message, undefined, `"${step.input}" was rejected by "${options.prompt}": ${message}`);
      return step.input;
    }
  }

  async confirm(message: string, detail: string, buttons: readonly string[]): Promise<string | undefined> {
    this.asked.push({ kind: 'confirm', title: message, text: detail, items: [...buttons] });
    const step = this.next('confirm');
    if ('escape' in step) return undefined;
    assert.ok('confirm' in step, `expected ${JSON.stringify(step)}, got a confirmation "${message}"`);
    return step.confirm;
  }

  async notify(level: MessageLevel, message: string, buttons: readonly string[] = []): Promise<string | undefined> {
    this.notifications.push({ level, message, buttons });
    return this.notifyAnswer(message);
  }

  async saveLocation(): Promise<string | undefined> {
    throw new Error('saveLocation is not scripted');
  }

  private next(kind: string): Step {
    const step = this.steps.shift();
    assert.ok(step, `the script ran out at a ${kind}: ${JSON.stringify(this.asked.at(-1))}`);
    return step;
  }
}
