import assert from 'node:assert/strict';
import type { TargetSpec } from '../../../src/core/job';
import { JobStore } from '../../../src/core/jobStore';
import { ON_DEMAND_NOTE, type StatusCheckReport } from '../../../src/core/statusChecks';
import { JobsTreeModel } from '../../../src/views/jobs/jobsTreeModel';
import type { GroupNode } from '../../../src/views/jobs/nodes/groupNode';
import { PendingNotes, pendingNoteOf, POLLED_NOTE, SCHEDULED_LOOKUP_NOTE } from '../../../src/views/jobs/pendingNotes';
import type { StatusChecker } from '../../../src/vendors/vendor';
import { ids, jobSpec, setOutcome, treeContext } from '../helpers/jobs';

const COOLADATA_NOTE = 'queued at Cooladata (status API not configured)';

function checker(automatic: boolean): StatusChecker {
  return { automatic, limits: { idsPerCall: 1, maxInFlight: 1, pacingKey: 'k' }, check: async () => ({ outcome: 'accepted' }) } as unknown as StatusChecker;
}

describe('pending notes', () => {
  it('say how a pending status becomes known, per vendor checker and setting', () => {
    assert.equal(pendingNoteOf({ pendingNote: COOLADATA_NOTE }, true), COOLADATA_NOTE);
    assert.equal(pendingNoteOf(checker(true), false), POLLED_NOTE);
    assert.equal(pendingNoteOf(checker(false), false), ON_DEMAND_NOTE);
    assert.equal(pendingNoteOf(checker(false), true), SCHEDULED_LOOKUP_NOTE);
  });

  it('are looked up once per target in the background, then shown on accepted groups and in tooltips', async () => {
    const asked: string[] = [];
    const notes = new PendingNotes(async (spec: TargetSpec) => {
      asked.push(spec.key);
      return spec.options.vendor === 'cooladata' ? COOLADATA_NOTE : POLLED_NOTE;
    });
    let changes = 0;
    notes.onDidChange(() => changes++);
    const store = new JobStore();
    const job = await store.add(jobSpec([{ options: { vendor: 'cooladata', reason: 'r' }, accountLabel: 'main', ids: ids(3) }]));
    await setOutcome(store, job.id, 0, [0, 1], { outcome: 'accepted' });
    const model = new JobsTreeModel({ ...treeContext(store), pendingNote: (spec) => notes.noteFor(spec) });
    const target = model.roots()[0].children()[0];
    const accepted = target.children().find((g) => g.outcome === 'accepted') as GroupNode;
    assert.equal(accepted.row().description, '2', 'nothing claimed before the note is known');
    await notes.settled();
    assert.equal(changes, 1);
    assert.equal(accepted.row().description, `2 · ${COOLADATA_NOTE}`);
    assert.match(accepted.tooltip(), new RegExp(`Status: ${COOLADATA_NOTE.replace(/[()]/g, '\\$&')}`));
    assert.match(target.tooltip(), /Pending: queued at Cooladata/);
    const planned = target.children().find((g) => g.outcome === 'planned') as GroupNode;
    assert.equal(planned.row().description, '1', 'only accepted IDs carry the note');
    notes.noteFor(job.targets[0].spec);
    assert.equal(asked.length, 1, 'looked up once');
  });

  it('take what a status check reported, and start over when invalidated', async () => {
    const notes = new PendingNotes(async () => POLLED_NOTE);
    const spec = jobSpec([{ ids: ids(1) }]).targets[0].spec;
    const report: StatusCheckReport = {
      targets: [
        { jobId: 'j', targetKey: spec.key, kind: 'unavailable', pending: 1, checked: 0, changed: 0, stillPending: 1, note: 'The account is no longer configured', problems: [] },
      ],
      pending: 1,
      checked: 0,
      changed: 0,
      stillPending: 1,
    };
    notes.learn(report);
    assert.equal(notes.noteFor(spec), 'status cannot be checked: The account is no longer configured');
    notes.invalidate();
    assert.equal(notes.noteFor(spec), undefined);
    await notes.settled();
    assert.equal(notes.noteFor(spec), POLLED_NOTE);
  });

  it('a failing lookup becomes an honest note, not an error', async () => {
    const notes = new PendingNotes(async () => {
      throw new Error('no credentials stored for this account');
    });
    const spec = jobSpec([{ ids: ids(1) }]).targets[0].spec;
    notes.noteFor(spec);
    await notes.settled();
    assert.equal(notes.noteFor(spec), 'status cannot be checked: no credentials stored for this account');
  });
});

describe('not-sent IDs in the tree', () => {
  it('are "Not sent" (Resume sends them) when the job is not running, and wait for their turn while it runs', async () => {
    const store = new JobStore();
    const job = await store.add(jobSpec([{ ids: ids(3) }]));
    await setOutcome(store, job.id, 0, [0], { outcome: 'accepted' });
    const running = new Set<string>();
    const model = new JobsTreeModel(treeContext(store, running));
    const group = () => model.jobNode(job.id)!.children()[0].children().find((g) => g.outcome === 'planned')!;
    assert.equal(group().row().label, 'Not sent');
    assert.match(group().tooltip(), /Never sent: Resume \(on the job\) sends them\./);
    running.add(job.id);
    assert.equal(group().row().label, 'Waiting to be sent');
    assert.doesNotMatch(group().tooltip(), /Resume/);
  });
});
