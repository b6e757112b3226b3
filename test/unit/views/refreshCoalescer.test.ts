import assert from 'node:assert/strict';
import { RefreshCoalescer, type Timers } from '../../../src/views/jobs/refreshCoalescer';

/** Timers run by hand: `fire()` runs what is due. */
class ManualTimers implements Timers {
  scheduled: { callback: () => void; ms: number }[] = [];
  set(callback: () => void, ms: number) {
    const entry = { callback, ms };
    this.scheduled.push(entry);
    return entry;
  }
  clear(handle: unknown) {
    this.scheduled = this.scheduled.filter((e) => e !== handle);
  }
  fire() {
    const due = this.scheduled;
    this.scheduled = [];
    for (const e of due) e.callback();
  }
}

describe('refresh coalescer', () => {
  it('turns thousands of changes into one refresh of the distinct rows', () => {
    const timers = new ManualTimers();
    const flushes: (string[] | 'all')[] = [];
    const c = new RefreshCoalescer<string>((items) => flushes.push(items), 250, timers);
    for (let i = 0; i < 5_000; i++) c.mark(i % 2 ? 'job-a' : 'job-b');
    assert.equal(timers.scheduled.length, 1, 'one timer for the whole burst');
    assert.equal(timers.scheduled[0].ms, 250);
    assert.deepEqual(flushes, []);
    timers.fire();
    assert.deepEqual(flushes, [['job-b', 'job-a']]);
    timers.fire();
    assert.equal(flushes.length, 1, 'nothing more without new changes');
  });

  it('refreshes everything when asked once, whatever else was marked', () => {
    const timers = new ManualTimers();
    const flushes: (string[] | 'all')[] = [];
    const c = new RefreshCoalescer<string>((items) => flushes.push(items), 250, timers);
    c.mark('job-a');
    c.mark('all');
    c.mark('job-b');
    timers.fire();
    assert.deepEqual(flushes, ['all']);
  });

  it('flushes at once on demand and stops after dispose', () => {
    const timers = new ManualTimers();
    const flushes: (string[] | 'all')[] = [];
    const c = new RefreshCoalescer<string>((items) => flushes.push(items), 250, timers);
    c.mark('job-a');
    c.flush();
    assert.deepEqual(flushes, [['job-a']]);
    assert.equal(timers.scheduled.length, 0);
    c.mark('job-b');
    c.dispose();
    assert.equal(timers.scheduled.length, 0);
    c.mark('job-c');
    timers.fire();
    assert.equal(flushes.length, 1);
  });
});
