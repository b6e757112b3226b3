import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import { builtOnFirstUse } from '../../../src/core/builtOnFirstUse';

describe('builtOnFirstUse (schemas built when first read, not when their module loads)', () => {
  it('builds nothing until read, then once', () => {
    let builds = 0;
    const schema = builtOnFirstUse(() => {
      builds++;
      return z.object({ id: z.string().check(z.minLength(1)) });
    });
    assert.equal(builds, 0);
    assert.equal(schema.safeParse({ id: 'a' }).success, true);
    assert.equal(schema.safeParse({ id: '' }).success, false);
    assert.equal(builds, 1);
  });

  it('stands for the schema everywhere a schema goes: nested, extended, in a union, in `in`, keys and instanceof', () => {
    const scalar = builtOnFirstUse(() => z.pipe(z.union([z.string(), z.number()]), z.transform(String)));
    const entry = builtOnFirstUse(() => z.object({ status: z.optional(scalar) }));
    const item = builtOnFirstUse(() => z.extend(entry, { id: z.optional(scalar) }));
    const either = builtOnFirstUse(() => z.discriminatedUnion('kind', [z.object({ kind: z.literal('a') }), z.object({ kind: z.literal('b'), n: z.number() })]));
    assert.deepEqual(item.parse({ status: 3, id: 'x' }), { status: '3', id: 'x' });
    assert.deepEqual(either.parse({ kind: 'b', n: 1 }), { kind: 'b', n: 1 });
    assert.equal(either.safeParse({ kind: 'b' }).success, false);
    assert.ok('_zod' in entry);
    assert.ok(Reflect.ownKeys(entry).includes('_zod'));
    assert.ok(entry instanceof z.ZodMiniObject);
    assert.deepEqual(Object.keys(entry.shape), ['status']);
  });

  it('stands for a plain value too (spread, JSON)', () => {
    const defaults = builtOnFirstUse(() => ({ a: 1, b: 'two' }));
    assert.deepEqual({ ...defaults }, { a: 1, b: 'two' });
    assert.equal(JSON.stringify(defaults), '{"a":1,"b":"two"}');
  });
});
