import assert from 'node:assert/strict';
import { JobStore } from '../../../src/core/jobStore';
import { ListenerSet } from '../../../src/core/listeners';
import { Emitter } from '../../../src/platform/events';
import { ids, jobSpec } from '../helpers/jobs';

describe('listener sets isolate a throwing listener', () => {
  it('the listeners after a throwing one still hear the event; each error is reported', () => {
    const errors: unknown[] = [];
    const set = new ListenerSet<number>((error) => errors.push(error));
    const heard: string[] = [];
    set.add((n) => heard.push(`a${n}`));
    set.add(() => {
      throw new Error('broken view');
    });
    const last = set.add((n) => heard.push(`c${n}`));
    set.fire(1);
    last.dispose();
    set.fire(2);
    assert.deepEqual(heard, ['a1', 'c1', 'a2']);
    assert.deepEqual(errors.map((e) => (e as Error).message), ['broken view', 'broken view']);
  });

  it('the same function subscribed twice is called twice; each subscription disposes alone', () => {
    const set = new ListenerSet<void>(() => undefined);
    let calls = 0;
    const listener = () => void calls++;
    const first = set.add(listener);
    set.add(listener);
    set.fire();
    first.dispose();
    set.fire();
    assert.equal(calls, 3);
  });

  it('a job store whose listener throws still records the job (the write is not broken by a view)', async () => {
    const store = new JobStore();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (error: unknown) => void errors.push(error);
    let heard = 0;
    try {
      store.onDidChange(() => {
        throw new Error('tree refresh failed');
      });
      store.onDidChange(() => void heard++);
      const job = await store.add(jobSpec([{ ids: ids(2) }]));
      assert.equal(store.get(job.id)?.id, job.id);
    } finally {
      console.error = original;
    }
    assert.ok(heard >= 1);
    assert.ok(errors.length >= 1);
  });

  it('the platform Emitter (vscode.Event shape) keeps the same isolation', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<string>((error) => errors.push(error));
    const heard: string[] = [];
    emitter.event(() => {
      throw new Error('x');
    });
    emitter.event((s) => heard.push(s));
    emitter.fire('go');
    assert.deepEqual(heard, ['go']);
    assert.equal(errors.length, 1);
  });
});
