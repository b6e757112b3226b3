// A Prompter that answers from a script, in order, and records every question, so flows that ask
// questions run in plain Node and in host suites. A step of the wrong kind fails the test with the
// question asked. Notifications come from the script too, unless `notifications` is given: then
// they are only recorded and answered by it (for host suites where background work may show one
// at any moment).
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
  /** 'any' answers whatever is asked (Escape). */
  kind: Question['kind'] | 'any';
  answer: unknown;
}

export interface Notification {
  level: MessageLevel;
  message: string;
  buttons: readonly string[];
}

type QuestionOf<K extends Question['kind']> = Extract<Question, { kind: K }>;
type PickQuestion = Extract<Question, { kind: 'pickOne' | 'pickMany' }>;

/** An answer function returns this when the question stays open (VS Code keeps an input box open while validation fails): the next step answers the same question. */
const STILL_OPEN = Symbol('the question stays open');

/** One scripted answer: a value, or a function of the question (which may assert on it). */
export function step<K extends Question['kind']>(kind: K, answer: (question: QuestionOf<K>) => unknown): Step;
export function step<K extends Question['kind']>(kind: K, answer: string | number | undefined | readonly unknown[]): Step;
export function step(kind: Question['kind'], answer: unknown): Step {
  return { kind, answer };
}

/** Escape on whatever is asked. */
export const escape: Step = { kind: 'any', answer: undefined };

const matches = (label: string, wanted: string | RegExp) => (typeof wanted === 'string' ? label === wanted : wanted.test(label));

/** Answers a pick with the values of the items whose labels are given (a string matches exactly). */
export const labels =
  (...wanted: (string | RegExp)[]) =>
  (q: PickQuestion) =>
    wanted.map((w) => {
      const item = q.items.find((i) => matches(i.label, w));
      assert.ok(item, `no item ${typeof w === 'string' ? `"${w}"` : String(w)} in ${q.items.map((i) => i.label).join(', ')}`);
      return item.value;
    });

export const label = (wanted: string | RegExp) => (q: PickQuestion) => labels(wanted)(q)[0];

/** Picks the one item whose label matches. */
export const picked = (wanted: string | RegExp): Step => step('pickOne', label(wanted));

/** Answers the items that come ticked (picked: true). */
export const preticked = (q: Extract<Question, { kind: 'pickMany' }>) => q.items.filter((i) => i.picked).map((i) => i.value);

/** Types `text`, which the field's validation must accept. */
export const typed = (text: string): Step =>
  step('input', (q) => {
    const message = q.options.validate?.(text);
    assert.equal(message, undefined, `"${text}" was rejected by "${q.options.prompt}": ${message}`);
    return text;
  });

/** Types `text`, which the field's validation must reject with a matching message; the field stays open. */
export const rejected = (text: string, message: RegExp): Step =>
  step('input', (q) => {
    const said = q.options.validate?.(text);
    assert.ok(said, `"${text}" was accepted by "${q.options.prompt}"`);
    assert.match(said, message);
    return STILL_OPEN;
  });

/** The deletion confirmation's Delete button (its first, default button is the safe "Preview requests"). */
export const deleteButton = (q: { buttons: readonly string[] }): string => {
  const button = q.buttons.find((b) => /^Delete /.test(b));
  assert.ok(button, `no Delete button in ${q.buttons.join(', ')}`);
  return button;
};

/** No ticket: the optional ticket reference left empty. */
export const noTicket: Step = typed('');

/** What the engineer sees of a question, flattened: title, text (prompt, placeholder, detail or message), items as "label | description | detail". */
export interface Seen {
  kind: Question['kind'];
  title: string;
  text: string;
  password?: boolean;
  value?: string;
  items?: string[];
}

export function seen(q: Question): Seen {
  switch (q.kind) {
    case 'pickOne':
    case 'pickMany':
      return {
        kind: q.kind,
        title: q.options.title,
        text: q.options.placeholder ?? '',
        items: q.items.map((i) => [i.label, i.description, i.detail].filter(Boolean).join(' | ')),
      };
    case 'input':
      return { kind: q.kind, title: q.options.title, text: q.options.prompt ?? '', password: q.options.password, value: q.options.value };
    case 'confirm':
      return { kind: q.kind, title: q.message, text: q.detail, items: [...q.buttons] };
    case 'notify':
      return { kind: q.kind, title: q.message, text: '', items: [...q.buttons] };
    case 'saveLocation':
      return { kind: q.kind, title: q.options.title, text: q.options.defaultName };
  }
}

export interface ScriptedPrompterOptions {
  /** Answers notifications (recorded, never taken from the script). */
  notifications?: (n: Notification) => string | undefined;
}

export class ScriptedPrompter implements Prompter {
  readonly asked: Question[] = [];
  readonly notifications: Notification[] = [];
  private readonly script: Step[];

  constructor(
    script: Step[] = [],
    private readonly options: ScriptedPrompterOptions = {},
  ) {
    this.script = [...script];
  }

  get remaining(): number {
    return this.script.length;
  }

  /** Notifications whose message matches. */
  matching(pattern: RegExp): Notification[] {
    return this.notifications.filter((n) => pattern.test(n.message));
  }

  /** Everything shown to the engineer, as one text (for "no secret shown" checks). */
  shownText(): string {
    return JSON.stringify([this.asked.map(seen), this.notifications]);
  }

  private answer(question: Question): unknown {
    this.asked.push(question);
    for (;;) {
      const next = this.script.shift();
      assert.ok(next, `unexpected ${question.kind}: ${JSON.stringify(question).slice(0, 300)}`);
      if (next.kind !== 'any') {
        assert.equal(next.kind, question.kind, `expected ${next.kind}, asked ${question.kind}: ${JSON.stringify(question).slice(0, 300)}`);
      }
      const answer = typeof next.answer === 'function' ? (next.answer as (q: Question) => unknown)(question) : next.answer;
      if (answer !== STILL_OPEN) return answer;
    }
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
    const notification = { level, message, buttons };
    this.notifications.push(notification);
    if (this.options.notifications) return this.options.notifications(notification);
    return this.answer({ kind: 'notify', ...notification }) as string | undefined;
  }
  async saveLocation(options: SaveLocationOptions): Promise<string | undefined> {
    return this.answer({ kind: 'saveLocation', options }) as string | undefined;
  }
}
