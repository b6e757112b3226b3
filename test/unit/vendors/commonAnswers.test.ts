import assert from 'node:assert/strict';
import { errorFields, hasDuplicateKeys, isEmptyValue, NAMES_LEFT_OUT } from '../../../src/vendors/common';

describe('reading vendor answers: shared pieces', () => {
  it('finds a key given twice in one object, at any depth, also when spelled with escapes', () => {
    assert.equal(hasDuplicateKeys('{"status":"fail","error":"x","status":"success"}'), true);
    assert.equal(hasDuplicateKeys('{"a":{"u1":"pending", "u1" : "done"}}'), true);
    assert.equal(hasDuplicateKeys('[{"u1":"a","u\\u0031":"b"}]'), true);
    assert.equal(hasDuplicateKeys('{"a":{"k":1},"b":{"k":2},"c":[{"k":1},{"k":2}]}'), false);
    assert.equal(hasDuplicateKeys('{"text":"\\"k\\":1,\\"k\\":2","k":"k"}'), false);
    assert.equal(hasDuplicateKeys('["a","a"]'), false);
    assert.equal(hasDuplicateKeys(''), false);
  });

  it('an empty value says nothing; anything else does', () => {
    for (const value of [undefined, null, false, 0, '', '  ', [], {}]) assert.equal(isEmptyValue(value), true, JSON.stringify(value));
    for (const value of [true, 1, -1, 'x', ['a'], { a: 1 }]) assert.equal(isEmptyValue(value), false, JSON.stringify(value));
  });

  it('names of fields that list what was left out, in any spelling', () => {
    for (const key of ['unprocessed', 'un-processed', 'notProcessed', 'not_processed', 'not-found', 'NotFound', 'failed_identities', 'errors', 'partial', 'warnings', 'skipped', 'rejected']) {
      assert.ok(NAMES_LEFT_OUT.test(key), key);
    }
    for (const key of ['processed', 'status', 'record', 'requestId', 'result', 'data']) assert.ok(!NAMES_LEFT_OUT.test(key), key);
  });

  it('a count of zero under a name of what was left out says nothing failed ({"success":true,"failed":0} is a success); any other count or list does', () => {
    for (const body of [{ failed: 0 }, { skipped: 0 }, { unprocessed: 0 }, { invalid_count: 0 }, { failedCount: 0, rejected: 0 }, { failed: [] }, { errors: null }]) {
      assert.deepEqual(errorFields(body), [], JSON.stringify(body));
    }
    for (const body of [{ failed: 1 }, { skipped: -1 }, { unprocessed: ['a'] }, { failed: '0' }, { error: 'x' }, { code: 0 }, { success: false }, { status: 'failed' }]) {
      assert.equal(errorFields(body).length, 1, JSON.stringify(body));
    }
  });
});
