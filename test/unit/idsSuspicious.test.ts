// Suspicious tokens, both directions, on real-looking selections: ticket prose, Slack messages,
// CSV, lists of e-mails, usernames, mixed IDs, JSON. Each row gives the IDs read and the tokens set
// apart; a row where nothing is suspicious guards against false positives.
import assert from 'node:assert/strict';
import { withSuspicious } from '../../src/core/ids';
import { read } from './idsRead';

interface Case {
  name: string;
  text: string;
  ids: string[];
  suspicious: string[];
}

const TICKET = [
  '# Ticket 4711: erasure request from Acme Corp',
  '',
  'Hi support, please delete user-51 and user-52 from every tool. They also',
  'created a test account, user-53, which can go too.',
].join('\n');

const CASES: Case[] = [
  // Prose: the words are set apart, the IDs stay.
  {
    name: 'the issue’s sentence',
    text: 'please delete user-51 and user-52 from every tool.',
    ids: ['user-51', 'user-52'],
    suspicious: ['please', 'delete', 'and', 'from', 'every', 'tool.'],
  },
  {
    name: 'a ticket in Markdown',
    text: TICKET,
    ids: ['user-51', 'user-52', 'user-53'],
    suspicious: ['#', 'Ticket', '4711:', 'erasure', 'request', 'from', 'Acme', 'Corp', 'Hi', 'support', 'please', 'delete', 'and', 'every', 'tool.', 'They', 'also', 'created', 'a', 'test', 'account', 'which', 'can', 'go', 'too.'],
  },
  {
    name: 'a Slack message',
    text: 'Hey team, can you remove these users: 8812, 8813, 8814 thanks!',
    ids: ['8812', '8813', '8814'],
    suspicious: ['Hey', 'team', 'can', 'you', 'remove', 'these', 'users:', 'thanks!'],
  },
  {
    name: 'a Slack message copied with its author line',
    text: 'Jane Doe  10:42 AM\ncan you delete 88120 and 88131 please?',
    ids: ['88120', '88131'],
    suspicious: ['Jane', 'Doe', '10:42', 'AM', 'can', 'you', 'delete', 'and', 'please?'],
  },
  {
    name: 'a Slack mention',
    text: '@maria could you wipe cus_9f8a7b and cus_1a2b3c asap',
    ids: ['cus_9f8a7b', 'cus_1a2b3c'],
    suspicious: ['@maria', 'could', 'you', 'wipe', 'and', 'asap'],
  },
  {
    name: 'a count in a sentence',
    text: 'Please remove the 3 accounts: 450012, 450013, 450014',
    ids: ['450012', '450013', '450014'],
    suspicious: ['Please', 'remove', 'the', '3', 'accounts:'],
  },
  { name: 'a sentence of words only', text: 'please delete alice and bob', ids: [], suspicious: ['please', 'delete', 'alice', 'and', 'bob'] },
  { name: 'another language', text: 'Bonjour, merci de supprimer user-51 et user-52.', ids: ['user-51'], suspicious: ['Bonjour', 'merci', 'de', 'supprimer', 'et', 'user-52.'] },
  { name: 'a SQL fragment', text: "WHERE id IN ('u1', 'u2', 'u3')", ids: ['u1', 'u2', 'u3'], suspicious: ['WHERE', 'id', 'IN'] },
  { name: 'a title above a one-column list', text: 'Users to delete\nuser_id\nu1\nu2', ids: ['u1', 'u2'], suspicious: ['Users', 'to', 'delete', 'user_id'] },
  // Tables and stray words.
  { name: 'rows of a copied table', text: '100234 Active\n100235 Deleted\n100236 Active', ids: ['100234', '100235', '100236'], suspicious: ['Active', 'Deleted'] },
  { name: 'tab-separated e-mails and statuses', text: 'ada@example.com\tActive\ngrace@example.com\tInactive', ids: ['ada@example.com', 'grace@example.com'], suspicious: ['Active', 'Inactive'] },
  { name: 'a word among numeric IDs', text: '100234\n100235\n100236\nfoo\n100237', ids: ['100234', '100235', '100236', '100237'], suspicious: ['foo'] },
  { name: 'a thank-you after a list', text: 'user-1\nuser-2\nthanks', ids: ['user-1', 'user-2'], suspicious: ['thanks'] },
  { name: 'a Markdown list', text: '- user-1\n- user-2\n- user-3', ids: ['user-1', 'user-2', 'user-3'], suspicious: ['-'] },
  { name: 'a numbered list', text: '1. user-1\n2. user-2', ids: ['user-1', 'user-2'], suspicious: ['1.', '2.'] },
  { name: 'an ID closing a sentence', text: 'user-1, user-2, user-3.', ids: ['user-1', 'user-2'], suspicious: ['user-3.'] },
  { name: 'log lines', text: '2024-05-01T10:00:00Z deleted user=u1\n2024-05-01T10:00:01Z deleted user=u2', ids: [], suspicious: ['2024-05-01T10:00:00Z', 'deleted', 'user=u1', '2024-05-01T10:00:01Z', 'user=u2'] },
  { name: 'a Python dict', text: "{'user_id': 'u-90', 'name': 'Bob'}", ids: [], suspicious: ["user_id': 'u-90", "name': 'Bob"] },
  { name: 'a mail header', text: 'Alice Smith <alice@example.com>, bob@example.com', ids: ['alice@example.com', 'bob@example.com'], suspicious: ['Alice', 'Smith'] },
  { name: 'a lone Excel sep= line', text: 'sep=', ids: [], suspicious: ['sep='] },
  { name: 'a comment line in a list', text: '// from the CRM export\nu-100\nu-101', ids: ['u-100', 'u-101'], suspicious: ['//', 'from', 'the', 'CRM', 'export'] },
  // Lists: nothing suspicious.
  { name: 'usernames one per line', text: 'alice\nbob\ncarol\ndave\nmallory', ids: ['alice', 'bob', 'carol', 'dave', 'mallory'], suspicious: [] },
  { name: 'usernames, some with digits', text: 'jdoe42\nasmith7\nmike\nkate99\nbob', ids: ['jdoe42', 'asmith7', 'mike', 'kate99', 'bob'], suspicious: [] },
  { name: 'usernames on one line', text: 'alice bob carol', ids: ['alice', 'bob', 'carol'], suspicious: [] },
  { name: 'usernames that are words', text: 'alice, bob, carol, will, may, grace', ids: ['alice', 'bob', 'carol', 'will', 'may', 'grace'], suspicious: [] },
  { name: 'e-mails', text: 'ada@example.com\ngrace@example.com\nalan@example.com', ids: ['ada@example.com', 'grace@example.com', 'alan@example.com'], suspicious: [] },
  {
    name: 'e-mails, UUIDs, numbers, user-123 and a phone number mixed',
    text: 'ada@example.com\n12345\n3f2b8c1e-9d4a-4b6e-8f21-0c9d5e7a1b23\nuser-123\n+33612345678',
    ids: ['ada@example.com', '12345', '3f2b8c1e-9d4a-4b6e-8f21-0c9d5e7a1b23', 'user-123', '+33612345678'],
    suspicious: [],
  },
  { name: 'hex object IDs', text: '507f1f77bcf86cd799439011\n507f191e810c19729de860ea', ids: ['507f1f77bcf86cd799439011', '507f191e810c19729de860ea'], suspicious: [] },
  { name: 'CleverTap guids', text: '__g1a2b3c4d5e6f\n__g9f8e7d6c5b4a', ids: ['__g1a2b3c4d5e6f', '__g9f8e7d6c5b4a'], suspicious: [] },
  { name: 'registration IDs, comma-separated', text: 'rid-user-41, rid-user-42,rid-user-43', ids: ['rid-user-41', 'rid-user-42', 'rid-user-43'], suspicious: [] },
  { name: 'aliases of several shapes', text: 'alice@x\nbob.smith\ncarol_99\nmary-ann', ids: ['alice@x', 'bob.smith', 'carol_99', 'mary-ann'], suspicious: [] },
  { name: 'a plain comma list on two lines', text: 'u1,u2,u3\nu4,u5', ids: ['u1', 'u2', 'u3', 'u4', 'u5'], suspicious: [] },
  { name: 'quoted tokens are the engineer’s own', text: '"John Smith", "please", \'and\'', ids: ['John Smith', 'please', 'and'], suspicious: [] },
  { name: 'phone numbers and dashes', text: '555-1234\n555-9876', ids: ['555-1234', '555-9876'], suspicious: [] },
  // Structured input is never checked word by word.
  { name: 'a CSV column', text: 'email,user_id,plan\nada@example.com,user-21,pro\ngrace@example.com,user-22,free', ids: ['user-21', 'user-22'], suspicious: [] },
  { name: 'a JSON array', text: '["user-31", "please", "and"]', ids: ['user-31', 'please', 'and'], suspicious: [] },
  { name: 'JSON lines', text: '"user-31"\n"thanks"', ids: ['user-31', 'thanks'], suspicious: [] },
  { name: 'JSON lines of objects', text: '{"user_id": "u-90", "note": "please delete"}\n{"user_id": "u-91"}', ids: ['u-90', 'u-91'], suspicious: [] },
];

describe('suspicious tokens on real-looking selections', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.suspicious.length === 0 ? 'nothing suspicious' : `${c.suspicious.length} suspicious`}`, () => {
      const result = read(c.text);
      assert.deepEqual(result.ids, c.ids);
      assert.deepEqual(
        result.suspicious.map((s) => s.value),
        c.suspicious,
      );
      for (const s of result.suspicious) assert.ok(s.reason.length > 0);
    });
  }

  it('has at least 25 cases, in both directions', () => {
    assert.ok(CASES.length >= 25);
    assert.ok(CASES.filter((c) => c.suspicious.length === 0).length >= 10);
    assert.ok(CASES.filter((c) => c.suspicious.length > 0).length >= 10);
  });
});

describe('suspicious tokens: reasons and choices', () => {
  it('says why each token is suspicious', () => {
    const reasons = Object.fromEntries(read('Ticket #4711: please delete user-51, 450012 and 2024-05-01 — 3 users.').suspicious.map((s) => [s.value, s.reason]));
    assert.deepEqual(reasons, {
      Ticket: 'a word of a sentence',
      '#4711:': 'ends with sentence punctuation',
      please: 'a word of a sentence',
      delete: 'a word of a sentence',
      and: 'a word of a sentence',
      '2024-05-01': 'a date or time',
      '—': 'has no letter or digit',
      '3': 'a short number in a sentence',
      'users.': 'ends with sentence punctuation',
    });
  });

  it('puts chosen tokens back in their place; the others stay apart', () => {
    const result = read('please delete user-51 and bob from every tool.');
    assert.deepEqual(result.ids, ['user-51']);
    const chosen = withSuspicious(result, ['bob', 'please']);
    assert.deepEqual(chosen.ids, ['please', 'user-51', 'bob']);
    assert.deepEqual(
      chosen.suspicious.map((s) => s.value),
      ['delete', 'and', 'from', 'every', 'tool.'],
    );
    assert.equal(chosen.tokens, chosen.ids.length + chosen.suspicious.length + chosen.duplicates);
    assert.deepEqual(withSuspicious(chosen, ['tool.']).ids, ['please', 'user-51', 'bob', 'tool.']);
  });

  it('counts a token once when it is an ID in one place and suspicious in another: it stays apart', () => {
    const result = read(['bob\nalice', 'please delete bob']);
    assert.deepEqual(result.ids, ['alice']);
    assert.deepEqual(
      result.suspicious.map((s) => s.value),
      ['bob', 'please', 'delete'],
    );
    assert.equal(result.duplicates, 1);
  });

  it('judges each selection by itself', () => {
    const result = read(['alice\nbob', 'user-1 user-2']);
    assert.deepEqual(result.suspicious, []);
  });

  it('keeps the check linear: a million-token sentence-like line is read at once', () => {
    const words = Array.from({ length: 200_000 }, (_, i) => (i % 5 === 0 ? `user-${i}` : i % 5 === 1 ? 'and' : 'word')).join(' ');
    const result = read(words);
    assert.equal(result.ids.length, 40_000);
    assert.deepEqual(
      result.suspicious.map((s) => s.value),
      ['and', 'word'],
    );
  });
});
