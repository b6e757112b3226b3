import assert from 'node:assert/strict';
import { readSelectedIds } from '../../../src/commands/deletion/selectedIds';
import { askTicket, TICKET_PATTERN, ticketInSelection, ticketMemory } from '../../../src/commands/deletion/ticket';
import { UserCancelled } from '../../../src/commands/errors';
import { label, ScriptedPrompter, step } from '../helpers/scriptedPrompter';

const read = (text: string) => readSelectedIds([text], new ScriptedPrompter([]));

describe('ticket in the selection', () => {
  it('recognises ticket-shaped tokens only', () => {
    for (const t of ['ZD-4711', 'JIRA-123', 'DSR2-1']) assert.ok(TICKET_PATTERN.test(t), t);
    for (const t of ['zd-4711', 'user-3', 'Z-1', 'ZD-', 'ZD-12a', '4711']) assert.ok(!TICKET_PATTERN.test(t), t);
  });

  it('asks whether a ticket-shaped first line is the ticket: a ticket leaves the IDs and is returned', async () => {
    const selected = await read('ZD-4711\nuser-1\nuser-2');
    const prompter = new ScriptedPrompter([
      step('pickOne', (q) => {
        assert.match(q.options.title, /starts with “ZD-4711”: a ticket reference or a user ID\?/);
        assert.equal(q.items[0].label, 'ZD-4711 is the ticket', 'the first (default) answer');
        return label('ZD-4711 is the ticket')(q);
      }),
    ]);
    const result = await ticketInSelection(prompter, selected);
    assert.equal(result.ticket, 'ZD-4711');
    assert.deepEqual(result.selected.ids, ['user-1', 'user-2']);
    assert.equal(result.selected.tokens, selected.tokens - 1);
  });

  it('an ID stays an ID when the engineer says so; Escape cancels; no question without a ticket shape or other IDs', async () => {
    const selected = await read('JIRA-123\nuser-1');
    const kept = await ticketInSelection(new ScriptedPrompter([step('pickOne', label('JIRA-123 is a user ID'))]), selected);
    assert.deepEqual([kept.ticket, kept.selected.ids], [undefined, ['JIRA-123', 'user-1']]);
    await assert.rejects(ticketInSelection(new ScriptedPrompter([step('pickOne', undefined)]), selected), UserCancelled);
    for (const text of ['user-1\nZD-4711', 'ZD-4711', 'USR-1\nUSR-2\nUSR-3']) {
      const plain = await read(text);
      assert.equal((await ticketInSelection(new ScriptedPrompter([]), plain)).selected, plain, text);
    }
  });

  it('the ticket box: trimmed, empty is none, Escape cancels, an answer its validation refuses never becomes a ticket', async () => {
    assert.equal(await askTicket(new ScriptedPrompter([step('input', ' ZD-1 ')]), undefined), 'ZD-1');
    assert.equal(await askTicket(new ScriptedPrompter([step('input', '')]), 'ZD-1'), undefined);
    await assert.rejects(askTicket(new ScriptedPrompter([step('input', undefined)]), undefined), UserCancelled);
    await assert.rejects(askTicket(new ScriptedPrompter([step('input', 'ZD-1\nuser-2')]), undefined), UserCancelled);
  });

  it('remembers the last ticket per window; an empty one forgets it', () => {
    const window = {};
    assert.equal(ticketMemory.last(window), undefined);
    ticketMemory.remember(window, 'ZD-1');
    assert.equal(ticketMemory.last(window), 'ZD-1');
    assert.equal(ticketMemory.last({}), undefined, 'another window has its own');
    ticketMemory.remember(window, undefined);
    assert.equal(ticketMemory.last(window), undefined);
  });
});
