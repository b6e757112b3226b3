// A Prompter for host suites where background work (status checks, job-done notices) may show a
// notification at any moment: questions follow a script (the unit helpers' `step`s, in order),
// notifications are recorded — never taken from the script — and answered by a function.
import * as assert from 'node:assert/strict';
import type { InputOptions, MessageLevel, PickItem, PickOptions, Prompter, SaveLocationOptions } from '../../../src/platform/prompter';
import type { Question, Step } from '../../unit/helpers/scriptedPrompter';

export interface Notification {
  level: MessageLevel;
  message: string;
  buttons: readonly string[];
}

export class RecordingPrompter implements Prompter {
  readonly asked: Question[] = [];
  readonly notifications: Notification[] = [];

  constructor(
    private readonly script: Step[] = [],
    private readonly answerNotification: (n: Notification) => string | undefined = () => undefined,
  ) {}

  get remaining(): number {
    return this.script.length;
  }

  private answer(question: Exclude<Question, { kind: 'notify' }>): unknown {
    this.asked.push(question);
    const next = this.script.shift();
    assert.ok(next, `unexpected ${question.kind}: ${JSON.stringify(question).slice(0, 300)}`);
    assert.equal(next.kind, question.kind, `expected ${next.kind}, asked ${question.kind}`);
    return typeof next.answer === 'function' ? (next.answer as (q: Question) => unknown)(question) : next.answer;
  }

  async pickOne<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T | undefined> {
    return this.answer({ kind: 'pickOne', items, options }) as T | undefined;
  }
  async pickMany<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<T[] | undefined> {
    return this.answer({ kind: 'pickMany', items, options }) as T[] | undefined;
  }
  async input(options: InputOptions): Promise<string | undefined> {
    return this.answer({ kind: 'input', options }) as string | undefined;
  }
  async confirm(message: string, detail: string, buttons: readonly string[]): Promise<string | undefined> {
    return this.answer({ kind: 'confirm', message, detail, buttons }) as string | undefined;
  }
  async saveLocation(options: SaveLocationOptions): Promise<string | undefined> {
    return this.answer({ kind: 'saveLocation', options }) as string | undefined;
  }
  async notify(level: MessageLevel, message: string, buttons: readonly string[] = []): Promise<string | undefined> {
    const notification = { level, message, buttons };
    this.notifications.push(notification);
    return this.answerNotification(notification);
  }

  /** Notifications whose message matches. */
  matching(pattern: RegExp): Notification[] {
    return this.notifications.filter((n) => pattern.test(n.message));
  }
}
