// An outside checker's table of selections a support engineer might make (ticket, Slack, e-mail,
// spreadsheet, log, JSON, CSV), written from the rules before reading suspicious.ts. Each row
// gives the IDs that go out without asking and the tokens set apart as suspicious. Both directions:
// prose words must never be sent (a user named "and"), plain lists must not be flagged (false
// positives teach engineers to pass --allow-suspicious blindly).
import assert from 'node:assert/strict';
import { parseIds, type ParseOptions } from '../../src/core/ids';

interface Row {
  name: string;
  text: string;
  ids: string[];
  suspicious?: string[];
  options?: ParseOptions;
}

const UUID_A = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const UUID_B = '4f1c2b3a-9d8e-4c7b-a6f5-0e1d2c3b4a59';

// Plain lists (and single tokens): nothing is suspicious.
const LISTS: Row[] = [
  { name: 'usernames one per line', text: 'alice\nbob\ncarol', ids: ['alice', 'bob', 'carol'] },
  { name: 'usernames with dots, underscores, dashes', text: 'john.smith\nj_doe\nmary-ann\nx', ids: ['john.smith', 'j_doe', 'mary-ann', 'x'] },
  { name: 'mixed e-mail, UUID, number, user-123 one per line', text: `anna@example.com\n${UUID_A}\n12345\nuser-123`, ids: ['anna@example.com', UUID_A, '12345', 'user-123'] },
  { name: 'Batch custom IDs with dots', text: 'acme.user.1001\nacme.user.1002\nacme.user.1003', ids: ['acme.user.1001', 'acme.user.1002', 'acme.user.1003'] },
  { name: 'CleverTap identities that are phone numbers', text: '+4915112345678\n+33612345678\n+14155550123', ids: ['+4915112345678', '+33612345678', '+14155550123'] },
  { name: 'EngageLab registration_ids', text: '1a0018970a2c3e4f5b6\n160a3797c8f1e2d3a45\n1507bfd3f7c4a2b8e91', ids: ['1a0018970a2c3e4f5b6', '160a3797c8f1e2d3a45', '1507bfd3f7c4a2b8e91'] },
  { name: 'EngageLab aliases', text: 'customer_42\ncustomer_43\ncustomer_44', ids: ['customer_42', 'customer_43', 'customer_44'] },
  { name: 'IDs with : and |', text: 'tenant:42|user:7\ntenant:42|user:8', ids: ['tenant:42|user:7', 'tenant:42|user:8'] },
  { name: 'IDs with : one per line', text: 'crm:8812\ncrm:8813', ids: ['crm:8812', 'crm:8813'] },
  { name: 'IDs with @ but no TLD', text: 'anna@acme\nbob@acme', ids: ['anna@acme', 'bob@acme'] },
  { name: 'hex IDs', text: 'deadbeef00\ncafebabe11\n0123abcd99', ids: ['deadbeef00', 'cafebabe11', '0123abcd99'] },
  { name: 'base64-ish IDs', text: 'dXNlcjpxMjM0NQ==\nYWxpY2U6MTIz\nQm9iOjQ1Ng==', ids: ['dXNlcjpxMjM0NQ==', 'YWxpY2U6MTIz', 'Qm9iOjQ1Ng=='] },
  { name: 'numeric IDs with leading zeros', text: '000123\n004567\n0000089', ids: ['000123', '004567', '0000089'] },
  { name: 'a single word alone', text: 'alice', ids: ['alice'] },
  { name: 'usernames and numbers on one comma-separated line', text: 'alice, 8812, bob', ids: ['alice', '8812', 'bob'] },
  { name: 'a user really named null, selected alone', text: 'null', ids: ['null'] },
  { name: 'base64 with padding beside numbers', text: 'YWxpY2U=\n8812', ids: ['YWxpY2U=', '8812'] },
  { name: 'two words alone', text: 'alice bob', ids: ['alice', 'bob'] },
  { name: 'a single number', text: '8812', ids: ['8812'] },
  { name: 'a single UUID', text: UUID_A, ids: [UUID_A] },
  { name: 'a single e-mail', text: 'anna@example.com', ids: ['anna@example.com'] },
  { name: 'john.smith alone', text: 'john.smith', ids: ['john.smith'] },
  { name: 'j_doe alone', text: 'j_doe', ids: ['j_doe'] },
  { name: 'usernames that are common words, one per line', text: 'admin\nguest\ntest\nsupport', ids: ['admin', 'guest', 'test', 'support'] },
  { name: 'capitalised usernames one per line', text: 'Alice\nBob\nCarol', ids: ['Alice', 'Bob', 'Carol'] },
  { name: 'accented usernames one per line', text: 'zoé\nrené\nchloé', ids: ['zoé', 'rené', 'chloé'] },
  { name: 'spreadsheet column with CRLF and a trailing line break', text: '8812\r\n8813\r\n8814\r\n', ids: ['8812', '8813', '8814'] },
  { name: 'indented list with blank lines', text: '  alice  \n\n  bob\n\t carol\n', ids: ['alice', 'bob', 'carol'] },
  { name: 'comma-separated numbers on one line', text: '8812, 8813, 8814', ids: ['8812', '8813', '8814'] },
  { name: 'space-separated numbers', text: '8812 8813 8814', ids: ['8812', '8813', '8814'] },
  { name: 'comma-separated usernames on one line', text: 'alice, bob, carol', ids: ['alice', 'bob', 'carol'] },
  { name: 'e-mails one per line', text: 'anna@example.com\nbob.stone@example.org\nc+tag@example.io', ids: ['anna@example.com', 'bob.stone@example.org', 'c+tag@example.io'] },
  { name: 'UUIDs one per line', text: `${UUID_A}\n${UUID_B}`, ids: [UUID_A, UUID_B] },
  { name: 'user-123 forms one per line', text: 'user-1\nuser-22\nuser-333', ids: ['user-1', 'user-22', 'user-333'] },
  { name: 'mixed usernames and numbers one per line', text: 'alice\n8812\nbob\n8813', ids: ['alice', '8812', 'bob', '8813'] },
  { name: 'short numeric IDs', text: '1\n2\n3', ids: ['1', '2', '3'] },
  { name: 'uppercase account codes', text: 'ACME-001\nACME-002\nACME-003', ids: ['ACME-001', 'ACME-002', 'ACME-003'] },
  { name: 'duplicated IDs in a list', text: 'alice\nbob\nalice', ids: ['alice', 'bob'] },
  { name: 'JSON array of strings', text: '["u-1", "u-2", "u-3"]', ids: ['u-1', 'u-2', 'u-3'] },
  { name: 'JSON array of numbers', text: '[1001, 1002, 1003]', ids: ['1001', '1002', '1003'] },
  { name: 'JSON array holding a word', text: '["and", "u-2"]', ids: ['and', 'u-2'] },
  { name: 'JSON lines of objects', text: '{"user_id": "u-90"}\n{"user_id": "u-91"}', ids: ['u-90', 'u-91'] },
  { name: 'JSON lines with an e-mail field', text: '{"email": "anna@example.com", "name": "Anna Müller"}\n{"email": "bob@example.com", "name": "Bob"}', ids: ['anna@example.com', 'bob@example.com'], options: { csvColumn: 'email' } },
  { name: 'CSV with a chosen column', text: 'customer_id,email\n42,a@x.io\n43,b@x.io', ids: ['42', '43'], options: { csvColumn: 'customer_id' } },
  { name: 'CSV with a # comment and a chosen column', text: '# export 2026-11-02\nuser_id,name\nu-1,Anna\nu-2,Bob', ids: ['u-1', 'u-2'], options: { csvColumn: 'user_id' } },
  { name: 'CSV with sep=; and a chosen column', text: 'sep=;\nuser_id;name\nu-1;Anna\nu-2;Bob', ids: ['u-1', 'u-2'], options: { csvColumn: 'user_id' } },
  { name: 'semicolon-separated numbers', text: '8812;8813;8814', ids: ['8812', '8813', '8814'] },
];

// Prose and lists with prose around them: the words are set apart.
const PROSE: Row[] = [
  { name: 'the issue’s sentence', text: 'please delete user-51 and user-52 from every tool.', ids: ['user-51', 'user-52'], suspicious: ['please', 'delete', 'and', 'from', 'every', 'tool.'] },
  { name: 'IDs: 123, 456 and 789.', text: 'IDs: 123, 456 and 789.', ids: ['123', '456'], suspicious: ['IDs:', 'and', '789.'] },
  { name: 'Slack greeting around a UUID', text: `Hi team, please erase ${UUID_B} asap. Thanks!`, ids: [UUID_B], suspicious: ['Hi', 'team', 'please', 'erase', 'asap.', 'Thanks!'] },
  { name: 'German sentence', text: 'Bitte löschen Sie user-51 und user-52 aus allen Systemen.', ids: ['user-51', 'user-52'], suspicious: ['Bitte', 'löschen', 'Sie', 'und', 'aus', 'allen', 'Systemen.'] },
  { name: 'French sentence', text: 'Merci de supprimer les comptes 10293 et 10294 svp', ids: ['10293', '10294'], suspicious: ['Merci', 'de', 'supprimer', 'les', 'comptes', 'et', 'svp'] },
  { name: 'Spanish sentence', text: 'Por favor, borren al usuario ana.garcia@example.es y también 55123', ids: ['ana.garcia@example.es', '55123'], suspicious: ['Por', 'favor', 'borren', 'al', 'usuario', 'y', 'también'] },
  { name: 'Spanish question', text: '¿Pueden borrar el usuario 99812?', ids: [], suspicious: ['¿Pueden', 'borrar', 'el', 'usuario', '99812?'] },
  { name: 'German ticket line', text: 'Kunde user-77 möchte gelöscht werden', ids: ['user-77'], suspicious: ['Kunde', 'möchte', 'gelöscht', 'werden'] },
  { name: 'bullet list with dates in parentheses', text: '- user-51 (requested 2026-11-02)\n- user-52 (requested 2026-11-03)', ids: ['user-51', 'user-52'], suspicious: ['-', 'requested', '2026-11-02', '2026-11-03'] }, // changed: brackets are stripped, so the token shown is the bare word or date
  { name: 'Markdown star bullets', text: '* 1001\n* 1002\n* 1003', ids: ['1001', '1002', '1003'], suspicious: ['*'] },
  { name: 'numbered list of e-mails', text: '1. alice@example.com\n2. bob@example.com', ids: ['alice@example.com', 'bob@example.com'], suspicious: ['1.', '2.'] },
  { name: 'e-mail with a signature', text: `Please erase ${UUID_A} today\n\nBest regards\nAnna Müller\nCustomer Success`, ids: [UUID_A], suspicious: ['Please', 'erase', 'today', 'Best', 'regards', 'Anna', 'Müller', 'Customer', 'Success'] },
  { name: 'question with e-mails', text: 'Could you delete anna@example.com and bob@example.org? Thanks', ids: ['anna@example.com'], suspicious: ['Could', 'you', 'delete', 'and', 'bob@example.org?', 'Thanks'] },
  { name: 'remove user from a tool', text: 'Please remove user 8812 from CleverTap', ids: ['8812'], suspicious: ['Please', 'remove', 'user', 'from', 'CleverTap'] },
  { name: 'two IDs joined by and', text: 'user-51 and user-52', ids: ['user-51', 'user-52'], suspicious: ['and'] },
  { name: 'ampersand between IDs', text: 'user-51, user-52 & user-53', ids: ['user-51', 'user-52', 'user-53'], suspicious: ['&'] },
  { name: 'slash between IDs', text: 'user-51 / user-52', ids: ['user-51', 'user-52'], suspicious: ['/'] },
  { name: 'Slack mention', text: '@channel can someone erase 5512 pls', ids: ['5512'], suspicious: ['@channel', 'can', 'someone', 'erase', 'pls'] },
  { name: 'ticket reference in parentheses', text: 'Customer asked (see ZD-4411) to erase 77123 and 77124.', ids: ['ZD-4411', '77123'], suspicious: ['Customer', 'asked', 'see', 'to', 'erase', 'and', '77124.'] }, // changed: a ticket key is ID-shaped; known miss, but the engineer sees it in the confirmation
  { name: 'names in a sentence', text: 'Erase these: alice, bob, carol', ids: [], suspicious: ['Erase', 'these:', 'alice', 'bob', 'carol'] }, // changed: in a sentence of words nothing tells a name from a word; ticking them is safer
  { name: 'sentence of words only, with usernames', text: 'Please delete the accounts of alice and bob', ids: [], suspicious: ['Please', 'delete', 'the', 'accounts', 'of', 'alice', 'and', 'bob'] }, // changed: as above
  { name: 'thanks alone with punctuation', text: 'Thanks for your help!', ids: [], suspicious: ['Thanks', 'for', 'your', 'help!'] },
  { name: 'shouting', text: 'PLEASE DELETE 8812', ids: ['8812'], suspicious: ['PLEASE', 'DELETE'] },
  { name: 'URL in prose', text: 'see https://dashboard.clevertap.com/x/123 for user 8812', ids: ['8812'], suspicious: ['see', 'https://dashboard.clevertap.com/x/123', 'for', 'user'] },
  { name: 'log lines with status words', text: '8812 ok\n8813 ok\n8814 failed', ids: ['8812', '8813', '8814'], suspicious: ['ok', 'failed'] },
  { name: 'key: value', text: 'user_id: 8812', ids: ['8812'], suspicious: ['user_id:'] },
  { name: 'leading zeros in prose', text: 'Account 000123 should go.', ids: ['000123'], suspicious: ['Account', 'should', 'go.'] },
  { name: 'registration id in prose', text: 'EngageLab rid 1a0018970a2c3e4f5b6 please', ids: ['1a0018970a2c3e4f5b6'], suspicious: ['EngageLab', 'rid', 'please'] },
  { name: 'phone numbers in prose', text: 'Delete +4915112345678 and +4915187654321 from CleverTap.', ids: ['+4915112345678', '+4915187654321'], suspicious: ['Delete', 'and', 'from', 'CleverTap.'] },
  { name: 'Batch IDs in prose', text: 'Batch ids acme.user.1001 acme.user.1002 were flagged', ids: ['acme.user.1001', 'acme.user.1002'], suspicious: ['Batch', 'ids', 'were', 'flagged'] },
  { name: 'list with a trailing period on one line', text: 'alice\nbob.\ncarol', ids: ['alice', 'carol'], suspicious: ['bob.'] },
  { name: 'single e-mail with a trailing period', text: 'anna@example.com.', ids: [], suspicious: ['anna@example.com.'] },
  { name: 'numbers then an ellipsis', text: '8812\n8813\n...', ids: ['8812', '8813'], suspicious: ['...'] },
  { name: 'numbers then etc.', text: '8812\n8813\netc.', ids: ['8812', '8813'], suspicious: ['etc.'] },
  { name: 'numbers then a thanks line', text: '8812\n8813\nThanks!', ids: ['8812', '8813'], suspicious: ['Thanks!'] },
  { name: 'numbers then a plain word', text: '8812\n8813\n8814\nthanks', ids: ['8812', '8813', '8814'], suspicious: ['thanks'] },
  { name: 'question with a number', text: 'can you delete 8812?', ids: [], suspicious: ['can', 'you', 'delete', '8812?'] },
  { name: 'emoji in a request', text: '🙏 please erase 8812', ids: ['8812'], suspicious: ['🙏', 'please', 'erase'] },
  { name: 'pipes between numbers', text: '8812 | 8813 | 8814', ids: ['8812', '8813', '8814'], suspicious: ['|'] },
  { name: 'Markdown code spans', text: '`user-51` and `user-52`', ids: ['user-51', 'user-52'], suspicious: ['and'] }, // changed with the fix: the backticks wrap, like quotes
  { name: 'a count in a sentence', text: 'We have 3 users to delete: 8812 8813 8814', ids: ['8812', '8813', '8814'], suspicious: ['We', 'have', '3', 'users', 'to', 'delete:'] },
  { name: 'an e-mail body around a list', text: 'Hi,\n\nplease delete:\nalice\nbob\ncarol\n\nThanks,\nDave', ids: [], suspicious: ['Hi', 'please', 'delete:', 'alice', 'bob', 'carol', 'Thanks', 'Dave'] }, // changed: a mail of words is prose; ticking three names is cheap
  { name: 'a list then a signature line', text: 'alice\nbob\ncarol\nThanks, Dave', ids: ['alice', 'bob', 'carol'], suspicious: ['Thanks', 'Dave'] },
  { name: 'spreadsheet column with a two-word header', text: 'User ID\n8812\n8813', ids: ['8812', '8813'] }, // changed: read as a CSV header, not sent and not noise
  { name: 'single-column CSV header over numbers', text: 'user_id\n101\n102', ids: ['101', '102'] }, // changed: as above
  { name: 'single-column header over e-mails', text: 'email\nanna@x.de\nbob@x.de', ids: ['anna@x.de', 'bob@x.de'], suspicious: ['email'] },
  { name: 'a verb with one username', text: 'delete alice', ids: [], suspicious: ['delete', 'alice'] }, // changed: two words with a common one are a phrase; both asked
  { name: 'signature with a phone number', text: 'Erase 8812 please\n--\nJane Doe\nSupport Lead\n+49 30 1234567', ids: ['8812'], suspicious: ['Erase', 'please', '--', 'Jane', 'Doe', 'Support', 'Lead', '+49', '30', '1234567'] },
  { name: 'e-mail client address lines', text: 'Anna Müller <anna@example.com>\nBob Stone <bob@example.com>', ids: ['anna@example.com', 'bob@example.com'], suspicious: ['Anna', 'Müller', 'Bob', 'Stone'] }, // changed: <…> is stripped, the address is the ID
  { name: 'log line with a timestamp', text: '2026-11-02 10:15:03 ERROR erase failed for 8812: timeout', ids: [], suspicious: ['2026-11-02', '10:15:03', 'ERROR', 'erase', 'failed', 'for', '8812:', 'timeout'] },
  { name: 'Slack thread with UUIDs and words', text: `can we also nuke ${UUID_A} and ${UUID_B}`, ids: [UUID_A, UUID_B], suspicious: ['can', 'we', 'also', 'nuke', 'and'] },
  // Found probing after the first run (each failed on the code before the fix).
  { name: 'a sign-off above a list', text: 'Best regards,\nuser-1\nuser-2', ids: ['user-1', 'user-2'], suspicious: ['Best', 'regards'] },
  { name: 'a sign-off alone', text: 'Kind regards, Jane', ids: [], suspicious: ['Kind', 'regards', 'Jane'] },
  { name: 'a greeting line above usernames', text: 'Thanks\nalice\nbob', ids: ['alice', 'bob'], suspicious: ['Thanks'] },
  { name: 'words that only join a sentence, one per line', text: 'the\nand\nor', ids: [], suspicious: ['the', 'and', 'or'] },
  { name: 'mail headers above an ID', text: 'Subject: Erasure\nFrom: anna@acme.io\nTo: support@us.io, ops@us.io\n\n8812', ids: ['8812'], suspicious: ['Subject:', 'Erasure', 'From:', 'anna@acme.io', 'To:', 'support@us.io', 'ops@us.io'] },
  { name: 'a phone number in groups alone', text: '+49 151 12345678', ids: [], suspicious: ['+49', '151', '12345678'] },
  { name: 'phone identities space-separated', text: '+4915112345678 +4915187654321', ids: ['+4915112345678', '+4915187654321'] },
  { name: 'web addresses one per line', text: 'https://example.com/u/1\nhttps://example.com/u/2', ids: [], suspicious: ['https://example.com/u/1', 'https://example.com/u/2'] },
  { name: 'Italian request beside an ID', text: "Per favore cancellate l'utente 8812", ids: ['8812'], suspicious: ['Per', 'favore', 'cancellate', "l'utente"] },
  { name: 'quoted reply lines', text: '> please delete 8812\n> and 8813', ids: ['8812', '8813'], suspicious: ['please', 'delete', 'and'] },
  { name: 'ticket subject line', text: 'RE: GDPR request #4711 - user-51', ids: ['user-51'], suspicious: ['RE:', 'GDPR', 'request', '#4711', '-'] },
  { name: 'names in parentheses beside IDs', text: 'user-51 (Anna) and user-52 (Bob)', ids: ['user-51', 'user-52'], suspicious: ['Anna', 'and', 'Bob'] },
  { name: 'HTML table cells', text: '<td>u-1</td><td>Anna</td>', ids: [], suspicious: ['td>u-1</td><td>Anna</td'] },
  { name: 'key=value pairs of a log line', text: 'user_id=8812 status=deleted', ids: [], suspicious: ['user_id=8812', 'status=deleted'] },
  { name: 'empty-cell placeholders among numbers', text: 'N/A\n8812\nnull\n8813\nTBD', ids: ['8812', '8813'], suspicious: ['N/A', 'null', 'TBD'] },
  { name: 'a mailto link', text: 'mailto:anna@example.com, bob@example.com', ids: ['bob@example.com'], suspicious: ['mailto:anna@example.com'] },
  { name: 'a bare web address beside an ID', text: 'www.example.com\n8812', ids: ['8812'], suspicious: ['www.example.com'] },
  { name: 'two spreadsheet columns without a header, comma-separated', text: 'u-1, Anna\nu-2, Bob', ids: ['u-1', 'u-2'], suspicious: ['Anna', 'Bob'] },
  { name: 'one-letter test IDs', text: 'a\nb\nc', ids: ['a', 'b', 'c'] },
  { name: 'a given name that is an article elsewhere', text: 'An\nBình\nChi', ids: ['An', 'Bình', 'Chi'] },
  { name: 'ticket sentence with customer aliases', text: 'The aliases customer_42 and customer_43 must be erased', ids: ['customer_42', 'customer_43'], suspicious: ['The', 'aliases', 'and', 'must', 'be', 'erased'] },
];

function check(row: Row): void {
  const result = parseIds([row.text], row.options);
  assert.equal(result.kind, 'ids', `expected IDs, got ${JSON.stringify(result).slice(0, 400)}`);
  if (result.kind !== 'ids') return;
  assert.deepEqual(
    { ids: result.ids, suspicious: result.suspicious.map((token) => token.value) },
    { ids: row.ids, suspicious: row.suspicious ?? [] },
  );
}

describe('ID reader, suspicious tokens: an independent table', () => {
  describe('plain lists are not flagged', () => {
    for (const row of LISTS) it(row.name, () => check(row));
  });
  describe('words of prose are set apart', () => {
    for (const row of PROSE) it(row.name, () => check(row));
  });
  it('holds at least 80 selections', () => {
    assert.ok(LISTS.length + PROSE.length >= 80);
  });
});
