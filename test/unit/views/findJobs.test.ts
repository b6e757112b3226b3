import assert from 'node:assert/strict';
import { JobStore } from '../../../src/core/jobStore';
import { findJobs, ID_MATCH_LIMIT, matchRow } from '../../../src/views/jobs/findJobs';
import { jobScope } from '../../../src/views/jobs/jobScope';
import { ids, jobSpec, setOutcome } from '../helpers/jobs';

async function history() {
  const store = new JobStore();
  const ticketed = await store.add({ ...jobSpec([{ ids: ids(3) }, { options: { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' }, ids: ids(3) }], 'three users', 2), ticket: 'ZD-4711' });
  const other = await store.add({ ...jobSpec([{ ids: ['user-3', 'x'] }], 'again', 3), ticket: 'JIRA-9' });
  const aliases = await store.add(jobSpec([{ options: { vendor: 'engagelab', idType: 'alias' }, ids: ['rid-1', 'rid-2'], origins: ['alice', 'alice'] }], 'alias job', 1));
  await setOutcome(store, ticketed.id, 0, [2], { outcome: 'done' });
  await setOutcome(store, ticketed.id, 1, [2], { outcome: 'failed' });
  await setOutcome(store, other.id, 0, [0], { outcome: 'accepted' });
  return { store, ticketed, other, aliases };
}

describe('Find Job by Ticket or ID', () => {
  it('"4711" and "zd-4711" find the job of ticket ZD-4711', async () => {
    const { store, ticketed } = await history();
    for (const query of ['4711', 'zd-4711', ' ZD-4711 ']) {
      const { matches } = findJobs(store.list(), query);
      assert.deepEqual(matches.map((m) => [m.kind, m.job]), [['job', ticketed]], query);
    }
    const row = matchRow(findJobs(store.list(), '4711').matches[0], jobScope);
    assert.equal(row.label, '$(history) ZD-4711');
    assert.equal(row.detail, 'ticket ZD-4711 · 3 users · 6 deletions at 2 targets');
  });

  it('"user-3" finds every place it was sent, with its outcome there, across jobs', async () => {
    const { store, ticketed, other } = await history();
    const { matches } = findJobs(store.list(), 'user-3');
    assert.deepEqual(
      matches.map((m) => (m.kind === 'id' ? [m.job, m.target.spec.options.vendor, m.outcome] : m.kind)),
      [[other, 'clevertap', 'accepted'], [ticketed, 'clevertap', 'done'], [ticketed, 'batch', 'failed']],
    );
    const row = matchRow(matches[1], jobScope);
    assert.deepEqual(row, { label: '$(person) user-3', description: 'Done — CleverTap · EU prod · identity', detail: 'ticket ZD-4711 · job “three users”' });
  });

  it('an EngageLab alias is found by the alias, each device it resolved to; IDs match exactly; nothing for blanks', async () => {
    const { store } = await history();
    const found = findJobs(store.list(), 'alice').matches;
    assert.equal(found.length, 2);
    assert.match(matchRow(found[0], jobScope).description, /\(registration ID rid-1\)$/);
    assert.equal(matchRow(found[0], jobScope).label, '$(person) alice');
    assert.equal(findJobs(store.list(), 'user').matches.length, 0, 'no partial ID matches');
    assert.equal(findJobs(store.list(), '  ').matches.length, 0);
  });

  it('lists at most the limit of ID matches and counts the rest', async () => {
    const store = new JobStore();
    for (let n = 0; n < ID_MATCH_LIMIT + 3; n++) await store.add(jobSpec([{ ids: ['same'] }], `job ${n}`, n));
    const { matches, more } = findJobs(store.list(), 'same');
    assert.equal(matches.length, ID_MATCH_LIMIT);
    assert.equal(more, 3);
  });
});
