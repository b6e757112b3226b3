import assert from 'node:assert/strict';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Journal, JournalLock } from '../../../src/core/journal';
import { StateLineReader } from '../../../src/core/journal/stateLine';
import { withChecksum } from '../../../src/core/journal/checksum';
import { idList, jobSpec, range, targetSpec, journalFolderPerTest } from './journalFixtures';

const engagelab = targetSpec({ vendor: 'engagelab', idType: 'registration_id' });
const clevertap = targetSpec({ vendor: 'clevertap', idType: 'identity' });
const batchGdpr = targetSpec({ vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' });
const T = Date.UTC(2026, 0, 10, 12, 0, 0);

function read(line: string): StateLineReader | undefined {
  const reader = new StateLineReader();
  const buf = Buffer.from(`${line}\n`);
  return reader.read(buf, 0, buf.length - 1) ? reader : undefined;
}

/** Everything a load produced: per job and target, each ID's outcome and result; and the problems. */
function stateOf(journal: Journal): unknown {
  const jobs = journal.store
    .list()
    .map((job) => ({ id: job.id, targets: job.targets.map((t) => range(0, t.size).map((i) => [t.outcomeAt(i), t.resultAt(i)])) }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const problems = journal.lastLoad.problems.map((p) => p.replace(/\(\d+ bytes skipped\)/, '(… bytes skipped)'));
  return { jobs, problems };
}

describe('journal loading', () => {
  const folder = journalFolderPerTest();

  /** Loads read-only (the lock is held elsewhere), so loading neither repairs nor compacts what it reads. */
  async function load(file: string, options: Parameters<typeof Journal.open>[1] = {}): Promise<Journal> {
    const lock = new JournalLock(`${file}.lock`);
    assert.ok(await lock.tryAcquire());
    try {
      const reader = await Journal.open(file, { followMs: 0, ...options });
      folder.keep(reader);
      assert.equal(reader.mode, 'reader');
      return reader;
    } finally {
      await lock.release();
    }
  }

  it('reads the state records it writes straight from the bytes', () => {
    const r = read('{"t":"s","j":"job-ä1","x":12,"i":[0,[2,5],[7,7],9],"r":{"o":"accepted","at":1768046400000,"h":200,"m":"ok – ü"}}');
    assert.ok(r);
    assert.equal(r.jobId, 'job-ä1');
    assert.equal(r.x, 12);
    assert.deepEqual(r.ranges, [0, [2, 5], [7, 7], 9]);
    assert.deepEqual(r.result, { outcome: 'accepted', at: 1768046400000, httpStatus: 200, message: 'ok – ü' });
    assert.deepEqual(read('{"t":"s","j":"j","x":0,"i":[],"r":{"o":"done","at":0}}')?.ranges, []);
  });

  it('leaves every other layout to JSON.parse', () => {
    const lines = [
      '{"t":"j","job":{}}',
      '{ "t":"s","j":"j","x":0,"i":[1],"r":{"o":"done","at":1}}',
      '{"t":"s","j":"j\\u00e4","x":0,"i":[1],"r":{"o":"done","at":1}}',
      '{"t":"s","j":"j","x":01,"i":[1],"r":{"o":"done","at":1}}',
      '{"t":"s","j":"j","x":1e0,"i":[1],"r":{"o":"done","at":1}}',
      '{"t":"s","j":"j","x":1.0,"i":[1],"r":{"o":"done","at":1}}',
      '{"t":"s","j":"j","x":-1,"i":[1],"r":{"o":"done","at":1}}',
      '{"t":"s","j":"j","x":"0","i":[1],"r":{"o":"done","at":1}}',
      '{"t":"s","j":"j","x":0,"i":[1, 2],"r":{"o":"done","at":1}}',
      '{"t":"s","j":"j","x":0,"i":[[1,2,3]],"r":{"o":"done","at":1}}',
      '{"t":"s","j":"j","x":0,"i":[1],"r":{"o":"done","at":1}}\r',
      '{"t":"s","j":"j","x":0,"i":[1],"r":{"o":"done","at":1}',
      '{"t":"s","j":"j","x":0,"i":[1],"r":{"o":"done","at":1},"x":1}',
      '{"t":"s","j":"j","x":0,"i":[1],"r":{"o":"gone","at":1}}',
      '{"t":"s","j":"j","x":0,"i":[1],"r":null}',
      '{"t":"s","j":"j","x":1234567890123456,"i":[1],"r":{"o":"done","at":1}}',
    ];
    for (const line of lines) assert.equal(read(line), undefined, line);
  });

  it('loads the same state, problems included, whether a line is read from its bytes or by JSON.parse', async () => {
    const writer = await Journal.open(folder.dir, { followMs: 0, fsync: false, compactMinBytes: 1e12 });
    const a = await writer.store.add(jobSpec([{ spec: engagelab, ids: idList(40, 'rid-é-') }, { spec: clevertap, ids: idList(300) }], T, 'job-ä'));
    const gone = await writer.store.add(jobSpec([{ spec: clevertap, ids: idList(5) }], T, 'job-gone'));
    for (let i = 0; i < 40; i++) {
      await writer.store.record(a, a.targets[0], [i], { outcome: 'sending', at: T + 300 * i });
      await writer.store.record(a, a.targets[0], [i], { outcome: i % 5 ? 'accepted' : 'failed', httpStatus: i % 5 ? 200 : 400, message: `answer ☃ ${i % 3}`, at: T + 300 * i });
    }
    await writer.store.record(a, a.targets[1], [...range(0, 100), 150, ...range(200, 250)], { outcome: 'sending', at: T });
    await writer.store.record(a, a.targets[1], range(0, 100), { outcome: 'accepted', request: 'POST https://api.clevertap.com/1/delete/profiles.json (100 IDs)', at: T + 1 });
    await writer.store.record(gone, gone.targets[0], [0, 1], { outcome: 'done', at: T });
    await writer.flush();
    await writer.close();
    await appendFile(
      writer.file,
      [
        '{"t":"r","j":"job-gone","at":5}',
        '{"t":"s","j":"job-ä","x":0,"i":[[0,3]],"r":{"o":"done","at":5,"m":"x"},"x":1}',
        '{"t":"s","j":"job-ä","x":1,"i":[400],"r":{"o":"done","at":5}}',
        '{"t":"s","j":"job-ä","x":1,"i":[[10,5]],"r":{"o":"done","at":5}}',
        '{"t":"s","j":"job-ä","x":2,"i":[1],"r":{"o":"done","at":5}}',
        '{"t":"s","j":"job-gone","x":0,"i":[4],"r":{"o":"bogus","at":5}}',
        '{"t":"s","j":"job-nobody","x":0,"i":[4],"r":{"o":"done","at":5}}',
        '{"t":"s","j":"job-ä","x":0,"i":[7],"r":{"o":"bogus","at":5}}',
        '{"t":"s","j":"job-ä","x":0,"i":[8],"r":{"o":"done"}}',
        '{"t":"s","j":"job-\\u00e4","x":1,"i":[299],"r":{"o":"unknown","at":5}}',
        '{"t":"s","j":"job-ä","x":1,"i":[298],"r":{"o":"done","at":5}} ',
      ]
        // With checksums, as this version writes every line: what is tested is what each record means.
        .map(withChecksum)
        .concat('not json', '')
        .join('\n'),
    );
    const asWritten = stateOf(await load(writer.file));

    // The same records with a space after the opening brace: every line goes through JSON.parse.
    const spaced = path.join(folder.dir, 'spaced.jsonl');
    const text = await readFile(writer.file, 'utf8');
    await writeFile(spaced, text.replace(/^\{"t"/gm, '{ "t"'));
    const parsed = stateOf(await load(spaced));

    assert.deepEqual(asWritten, parsed);
    const { problems } = asWritten as { problems: string[] };
    assert.deepEqual(
      problems.map((p) => p.replace(/^line \d+: /, '')),
      [
        'index 400 out of range (0..299)',
        'bad range 10..5',
        'job job-ä has no target 2',
        'state of unknown job job-nobody',
        'unknown outcome bogus',
        'result has no time',
        'not valid JSON (… bytes skipped)',
      ],
    );
    const { jobs } = asWritten as { jobs: { id: string; targets: [string, { message?: string } | undefined][][] }[] };
    assert.deepEqual(jobs.map((j) => j.id), ['job-ä'], 'job-gone stays removed');
    const [el, ct] = jobs[0].targets;
    assert.deepEqual(el[0], ['failed', { outcome: 'failed', httpStatus: 400, message: 'answer ☃ 0', at: T }]);
    assert.deepEqual(ct.slice(0, 4).map(([o, r]) => [o, r?.message]), range(0, 4).map(() => ['done', 'x']), 'the last "x" wins');
    assert.deepEqual([ct[298][0], ct[299][0], ct[150][0], ct[120][0]], ['done', 'unknown', 'sending', 'planned']);
  });

  it('results that seldom repeat (a request id per ID), then often again, load as through JSON.parse', async () => {
    const writer = await Journal.open(folder.dir, { followMs: 0, fsync: false, compactMinBytes: 1e12 });
    const job = await writer.store.add(jobSpec([{ spec: batchGdpr, ids: idList(1500) }], T, 'job-refs'));
    const target = job.targets[0];
    for (let i = 0; i < 1500; i++) {
      if (i >= 800) await writer.store.record(job, target, [i], { outcome: 'sending', at: T + 25 * i });
      const reference = i < 800 || i % 3 === 0 ? `req-${i}` : undefined;
      await writer.store.record(job, target, [i], { outcome: 'accepted', httpStatus: 201, message: 'GDPR remove request accepted by Batch', reference, at: T + 25 * i });
    }
    await writer.close();
    const asWritten = stateOf(await load(writer.file));
    const spaced = path.join(folder.dir, 'spaced.jsonl');
    await writeFile(spaced, (await readFile(writer.file, 'utf8')).replace(/^\{"t"/gm, '{ "t"'));
    assert.deepEqual(asWritten, stateOf(await load(spaced)));
    const [states] = (asWritten as { jobs: { targets: [string, { reference?: string } | undefined][][] }[] }).jobs[0].targets.slice(0, 1);
    assert.deepEqual([states[799][1]?.reference, states[800][1]?.reference, states[801][1]?.reference], ['req-799', undefined, 'req-801']);
  });

  it('reads the file in pieces: lines across pieces, multi-byte characters and a torn tail load as in one piece', async () => {
    const writer = await Journal.open(folder.dir, { followMs: 0, fsync: false });
    const job = await writer.store.add(jobSpec([{ spec: engagelab, ids: idList(200, 'ключ-🔑-') }], T, 'job-pieces'));
    for (let i = 0; i < 200; i += 3) await writer.store.record(job, job.targets[0], [i], { outcome: 'accepted', message: `ok ✓ ${i % 4}`, at: T + 10 * i });
    await writer.flush();
    await writer.close();
    await appendFile(writer.file, '{"t":"s","j":"job-pieces","x":0,"i":[1],"r":{"o":"don');

    const whole = stateOf(await load(writer.file));
    for (const readChunkBytes of [5, 4096]) assert.deepEqual(stateOf(await load(writer.file, { readChunkBytes })), whole, `pieces of ${readChunkBytes} bytes`);
    const { problems } = whole as { problems: string[] };
    assert.equal(problems.length, 1);
    assert.match(problems[0], /cut off/);
  });
});
