import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { JobStore } from '../../../src/core/jobStore';
import type { JournalResult } from '../../../src/core/journal/format';
import { AUDIT_COLUMNS, auditRows, csvCell, exportAuditFile, sha256Hex } from '../../../src/core/export';
import { auditExportText } from '../helpers/auditExport';
import { Redactor } from '../../../src/core/redact';
import { jobSpec, targetSpec, tempDir } from './journalFixtures';

const SECRET = 'sk-CANARY-9f8e7d6c';
const T_SENT = Date.UTC(2026, 0, 10, 9, 0, 0);
const T_STATUS = Date.UTC(2026, 0, 11, 9, 30, 0);

/** Splits RFC 4180 CSV (quoted fields with commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

async function auditFixture() {
  const store = new JobStore();
  const batch = targetSpec({ vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' }, 'batch-1', 'Batch EU');
  const engagelab = targetSpec({ vendor: 'engagelab', idType: 'alias' }, 'el-1', 'EngageLab SG');
  const job = await store.add(
    jobSpec([
      { spec: batch, ids: ['alice@example.com', '=HYPERLINK("http://evil")', 'carol, "the" user', 'never-sent'] },
      { spec: engagelab, ids: [{ id: 'rid-42', origin: 'alias-dave' }, { id: 'x'.repeat(50), preset: { outcome: 'skipped', message: 'alias longer than 40 bytes' } }] },
    ]),
  );
  const [bt, et] = job.targets;
  const done: JournalResult = { outcome: 'done', httpStatus: 200, message: 'done at Batch', reference: 'req-1', at: T_STATUS, requestedAt: T_SENT };
  await store.record(job, bt, [0], done);
  await store.record(job, bt, [1], { outcome: 'failed', httpStatus: 401, message: `AUTHENTICATION_INVALID (10): bad key ${SECRET}`, request: `POST /1.0/${SECRET}/gdpr/request`, at: T_SENT });
  await store.record(job, bt, [2], { outcome: 'accepted', httpStatus: 200, message: 'pending at Batch\nline two', reference: `ref-${SECRET}`, at: T_SENT });
  await store.record(job, et, [0], { outcome: 'accepted', httpStatus: 200, message: '-deletion accepted', at: T_SENT });
  const redactor = new Redactor();
  redactor.addSecret(SECRET);
  return { job, redact: (text: string) => redactor.redactText(text) };
}

describe('audit export', () => {
  it('CSV: one row per ID, every field checked, quoting and the formula guard', async () => {
    const { job, redact } = await auditFixture();
    const csv = await auditExportText([job], 'csv', { redact });
    assert.ok(!csv.includes(SECRET), 'no secret');
    const rows = parseCsv(csv);
    assert.deepEqual(rows[0], AUDIT_COLUMNS.map((c) => c.header));
    assert.equal(rows.length, 1 + 6);
    const byId = new Map(rows.slice(1).map((r) => [r[6], Object.fromEntries(AUDIT_COLUMNS.map((c, i) => [c.key, r[i]]))]));

    assert.deepEqual(byId.get('alice@example.com'), {
      jobId: job.id,
      requestedAt: '2026-01-10T09:00:00.000Z',
      lastStatusAt: '2026-01-11T09:30:00.000Z',
      vendor: 'Batch',
      account: 'Batch EU',
      mode: 'GDPR remove · iOS',
      id: 'alice@example.com',
      origin: '',
      outcome: 'done',
      outcomeLabel: 'Done',
      httpStatus: '200',
      message: 'done at Batch',
      reference: 'req-1',
      ticket: '',
    });
    const formula = byId.get(`'=HYPERLINK("http://evil")`);
    assert.ok(formula, 'a cell starting with = is prefixed with a quote (and its quotes doubled on the wire)');
    assert.ok(csv.includes(`"'=HYPERLINK(""http://evil"")"`));
    assert.equal(formula.message, 'AUTHENTICATION_INVALID (10): bad key ***');
    assert.equal(formula.httpStatus, '401');
    const carol = byId.get('carol, "the" user');
    assert.equal(carol?.message, 'pending at Batch\nline two');
    assert.equal(carol?.reference, 'ref-***');
    assert.equal(carol?.outcomeLabel, 'Accepted (pending at vendor)');
    const never = byId.get('never-sent');
    assert.deepEqual([never?.outcome, never?.requestedAt, never?.lastStatusAt, never?.httpStatus], ['planned', '', '', '']);
    const rid = byId.get('rid-42');
    assert.deepEqual([rid?.mode, rid?.origin, rid?.message], ['registration_id (resolved from alias)', 'alias-dave', "'-deletion accepted"]);
    const skipped = byId.get('x'.repeat(50));
    assert.deepEqual([skipped?.outcome, skipped?.requestedAt, skipped?.message], ['skipped', '', 'alias longer than 40 bytes']);
  });

  it('hashed export carries SHA-256 hex instead of IDs and origins', async () => {
    const { job, redact } = await auditFixture();
    const csv = await auditExportText([job], 'csv', { redact, hashIds: true });
    assert.ok(!csv.includes('alice@example.com') && !csv.includes('alias-dave'));
    const rows = parseCsv(csv);
    assert.equal(rows[0][6], 'id_sha256');
    assert.equal(rows[0][7], 'origin_sha256');
    assert.equal(rows[1][6], sha256Hex('alice@example.com'));
    assert.equal(rows[1][6], 'ff8d9819fc0e12bf0d24892e45987e249a28dce836a85cad60e28eaaa8c6d976');
    const rid = rows.find((r) => r[7] !== '' && r[7] !== 'origin_sha256');
    assert.equal(rid?.[7], sha256Hex('alias-dave'));
  });

  it('hashed export: no raw ID anywhere, even where vendor messages, references and the title echo IDs', async () => {
    const store = new JobStore();
    const ct = targetSpec({ vendor: 'clevertap', idType: 'identity' }, 'ct-1', 'CleverTap EU');
    const el = targetSpec({ vendor: 'engagelab', idType: 'alias' }, 'el-1', 'EngageLab SG');
    const ids = ['user-1', 'user-10', 'a.b*c(1)+[x]$\\', 'q"uote', 'ünï 1', 'Mixed-Case'];
    const job = await store.add({ ...jobSpec([{ spec: ct, ids }, { spec: el, ids: [{ id: 'rid-77', origin: 'alias-dave' }] }]), title: 'Delete user-1 and alias-dave' });
    const [t, e] = job.targets;
    const at = T_SENT;
    await store.record(job, t, [0], { outcome: 'not-found', httpStatus: 200, message: 'identity user-1 not found', reference: 'user-1', at });
    await store.record(job, t, [1], { outcome: 'failed', httpStatus: 200, message: 'unprocessed: user-10, user-1 (user-10user-1)', at });
    await store.record(job, t, [2], { outcome: 'failed', httpStatus: 400, message: 'bad identity a.b*c(1)+[x]$\\ (a.b*c(1)+[x]$\\\\)', at });
    await store.record(job, t, [3], { outcome: 'failed', httpStatus: 400, message: '{"identity":"q\\"uote"}', at });
    await store.record(job, t, [4], { outcome: 'failed', httpStatus: 404, message: 'GET /1/profile.json?identity=%C3%BCn%C3%AF%201 → ünï 1 unknown', at });
    await store.record(job, t, [5], { outcome: 'failed', httpStatus: 400, message: 'unknown identity mixed-case (MIXED-CASE)', at });
    await store.record(job, e, [0], { outcome: 'accepted', httpStatus: 200, message: 'alias alias-dave → registration rid-77 deleted', reference: 'rid-77', at });

    const hash = (id: string) => sha256Hex(id);
    const csv = await auditExportText([job], 'csv', { hashIds: true });
    const json = await auditExportText([job], 'json', { hashIds: true });
    for (const id of [...ids, 'rid-77', 'alias-dave', encodeURIComponent('ünï 1'), 'q\\"uote']) {
      assert.ok(!csv.toLowerCase().includes(id.toLowerCase()), `CSV holds ${id}`);
      assert.ok(!json.toLowerCase().includes(id.toLowerCase()), `JSON holds ${id}`);
    }
    const rows = (JSON.parse(json) as { rows: Record<string, string>[]; jobs: { title: string }[] });
    const message = (id: string) => rows.rows.find((r) => r.id === hash(id))?.message;
    assert.equal(message('user-1'), `identity ${hash('user-1')} not found`);
    assert.equal(rows.rows.find((r) => r.id === hash('user-1'))?.reference, hash('user-1'));
    assert.equal(message('user-10'), `unprocessed: ${hash('user-10')}, ${hash('user-1')} (${hash('user-10')}${hash('user-1')})`);
    // As typed, and JSON-escaped (its backslash doubled).
    assert.equal(message('a.b*c(1)+[x]$\\'), `bad identity ${hash('a.b*c(1)+[x]$\\')} (${hash('a.b*c(1)+[x]$\\')})`);
    assert.equal(message('q"uote'), `{"identity":"${hash('q"uote')}"}`);
    assert.equal(message('ünï 1'), `GET /1/profile.json?identity=${hash('ünï 1')} → ${hash('ünï 1')} unknown`);
    assert.equal(message('rid-77'), `alias ${hash('alias-dave')} → registration ${hash('rid-77')} deleted`);
    assert.equal(message('Mixed-Case'), `unknown identity ${hash('Mixed-Case')} (${hash('Mixed-Case')})`);
    assert.equal(rows.jobs[0].title, `Delete ${hash('user-1')} and ${hash('alias-dave')}`);

    // In clear, nothing is replaced.
    const clear = await auditExportText([job], 'csv');
    assert.ok(clear.includes('unprocessed: user-10, user-1 (user-10user-1)'));
  });

  it('hashed export: a vendor text cut short inside an echoed ID keeps no part of it', async () => {
    const store = new JobStore();
    const ct = targetSpec({ vendor: 'clevertap', idType: 'identity' }, 'ct-1', 'CleverTap EU');
    const ids = ['john.smith@example.com', 'user-2'];
    const job = await store.add(jobSpec([{ spec: ct, ids }]));
    // As bodySnippet leaves a body longer than 500 characters: cut, then "…".
    const cut = `${'x'.repeat(480)} bad identities: JOHN.SMI…`;
    await store.record(job, job.targets[0], [0], { outcome: 'failed', httpStatus: 400, message: cut, at: T_SENT });
    await store.record(job, job.targets[0], [1], { outcome: 'failed', httpStatus: 400, message: 'ends with a word…', at: T_SENT });
    const json = JSON.parse(await auditExportText([job], 'json', { hashIds: true })) as { rows: { message: string }[] };
    assert.equal(json.rows[0].message, `${'x'.repeat(480)} bad identities: …`);
    assert.equal(json.rows[1].message, 'ends with a word…', 'an ending that starts no ID is left alone');
  });

  it('JSON: valid, exact values (no formula prefix), null for missing numbers, no secret', async () => {
    const { job, redact } = await auditFixture();
    const text = await auditExportText([job], 'json', { redact, now: () => T_STATUS });
    assert.ok(!text.includes(SECRET));
    const parsed = JSON.parse(text) as { format: string; exportedAt: string; idsHashed: unknown; jobs: { jobId: string; counts: object }[]; rows: Record<string, unknown>[] };
    assert.equal(parsed.format, 'user-erasure-audit');
    assert.equal(parsed.exportedAt, '2026-01-11T09:30:00.000Z');
    assert.equal(parsed.idsHashed, false);
    assert.deepEqual(parsed.jobs[0].counts, { done: 1, failed: 1, accepted: 2, planned: 1, skipped: 1 });
    assert.equal(parsed.rows.length, 6);
    const evil = parsed.rows.find((r) => r.id === '=HYPERLINK("http://evil")');
    assert.ok(evil, 'exact value in JSON');
    assert.deepEqual(Object.keys(evil).sort(), AUDIT_COLUMNS.map((c) => c.key).sort());
    assert.equal(parsed.rows.find((r) => r.id === 'never-sent')?.httpStatus, null);
    assert.equal(parsed.rows.find((r) => r.id === 'rid-42')?.origin, 'alias-dave');
    assert.deepEqual(JSON.parse(await auditExportText([], 'json')).rows, []);
  });

  it('puts the job\'s ticket in every row (CSV column and JSON field, job list too); none is empty / null', async () => {
    const { job, redact } = await auditFixture();
    const store = new JobStore();
    const ticketed = await store.add({ ...jobSpec([{ spec: targetSpec({ vendor: 'clevertap', idType: 'identity' }, 'ct-1', 'CT'), ids: ['u1', 'u2'] }]), ticket: 'ZD-4711' });
    const rows = parseCsv(await auditExportText([ticketed, job], 'csv', { redact }));
    const column = rows[0].indexOf('ticket');
    assert.ok(column >= 0, 'a ticket column');
    assert.deepEqual(rows.slice(1).map((r) => r[column]), ['ZD-4711', 'ZD-4711', '', '', '', '', '', '']);
    const parsed = JSON.parse(await auditExportText([ticketed, job], 'json', { redact })) as { jobs: { ticket: unknown }[]; rows: { ticket: unknown }[] };
    assert.deepEqual(parsed.jobs.map((j) => j.ticket), ['ZD-4711', null]);
    assert.deepEqual(parsed.rows.map((r) => r.ticket), ['ZD-4711', 'ZD-4711', null, null, null, null, null, null]);
  });

  it('writes files atomically and streams large histories', async () => {
    const { dir, cleanup } = await tempDir('ue-export-');
    try {
      const store = new JobStore();
      const target = targetSpec({ vendor: 'clevertap', idType: 'identity' });
      const ids = Array.from({ length: 20_000 }, (_, i) => `u${i}`);
      const job = await store.add(jobSpec([{ spec: target, ids }]));
      await store.record(job, job.targets[0], ids.map((_, i) => i), { outcome: 'accepted', httpStatus: 200, message: 'ok', at: T_SENT });
      const file = path.join(dir, 'audit.csv');
      const { rows, bytes } = await exportAuditFile(file, [job], 'csv');
      assert.equal(rows, 20_000);
      assert.equal((await stat(file)).size, bytes);
      const lines = (await readFile(file, 'utf8')).split('\r\n').filter(Boolean);
      assert.equal(lines.length, 20_001);
      assert.equal([...auditRows([job])].length, 20_000);
    } finally {
      await cleanup();
    }
  });

  it('csvCell guards every formula trigger', () => {
    assert.deepEqual(['=1', '+1', '-1', '@x', '\tx', '\rx', 'ok', ''].map(csvCell), ["'=1", "'+1", "'-1", "'@x", "'\tx", `"'\rx"`, 'ok', '']);
    assert.equal(csvCell(404), '404');
  });
});
