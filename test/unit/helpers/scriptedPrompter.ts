// A Prompter that answers from a script, in order, and records every question, so flows that ask
// questions run in plain Node. A step of the wrong kind fails the test with the question asked.
import assert from 'node:assert/strict';
import type { InputOptions, MessageLevel, PickItem, PickOptions, Prompter, SaveLocationOptions } from '../../../src/platform/prompter';

export type Question =
  | { kind: 'pickOne'; items: readonly PickItem<unknown>[]; options: PickOptions }
  | { kind: 'pickMany'; items: readonly PickItem<unknown>[]; options: PickOptions }
  | { kind: 'input'; options: InputOptions }
  | { kind: 'confirm'; message: string; detail: string; buttons: readonly string[] }
  | { kind: 'notify'; level: MessageLevel; message: string; buttons: readonly string[] }
  | { kind: 'saveLocation'; options: SaveLocationOptions };

export interface Step {
  kind: Question['kind'];
  answer: unknown;
}

type QuestionOf<K extends Question['kind']> = Extract<Question, { kind: K }>;

/** One scripted answer: a value, or a function of the question (which may assert on it). */
export function step<K extends Question['kind']>(kind: K, answer: (question: QuestionOf<K>) => unknown): Step;
export function step<K extends Question['kind']>(kind: K, answer: string | number | undefined | readonly unknown[]): Step;
export function step(kind: Question['kind'], answer: unknown): Step {
  return { kind, answer };
}

/** Answers a pick with the values of the items whose labels are given. */
export const labels =
  (...wanted: string[]) =>
  (q: Extract<Question, { kind: 'pickOne' | 'pickMany' }>) =>
    wanted.map((label) => {
      const item = q.items.find((i) => i.label === label);
      assert.ok(item, `no item "${label}" in ${q.items.map((i) => i.label).join(', ')}`);
      return item.value;
    });

export const label = (wanted: string) => (q: Extract<Question, { kind: 'pickOne' | 'pickMany' }>) => labels(wanted)(q)[0];

/** Answers the items that come ticked (picked: true). */
export const preticked = (q: Extract<Question, { kind: 'pickMany' }>) => q.items.filter((i) => i.picked).map((i) => i.value);

export class ScriptedPrompter implements Prompter {
  readonly asked: Question[] = [];

  constructor(private readonly script: Step[]) {}

  get remaining(): number {
    return this.script.length;
  }

  private answer(question: Question): unknown {
    this.asked.push(question);
    const next = this.script.shift();
    assert.ok(next, `unexpected ${question.kind}: ${JSON.stringify(question).slice(0, 300)}`);
    assert.equal(next.kind, question.kind, `expected ${next.kind}, asked ${question.kind}: ${JSON.stringify(question).slice(0, 300)}`);
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
  async notify(level: MessageLevel, message: string, buttons: readonly string[] = []): Promise<string | undefined> {
    return this.answer({ kind: 'notify', level, message, buttons }) as string | undefined;
  }
  async saveLocation(options: SaveLocationOptions): Promise<string | undefined> {
    return this.answer({ kind: 'saveLocation', options }) as string | undefined;
  }
}
