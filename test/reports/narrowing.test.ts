// The narrowing helpers the renderers use to read results of unknown shape without `any`.
import { describe, it, expect } from 'vitest';
import { field, isObj } from '../../reports/util.js';
import { get, ran, isNotRun } from '../../reports/view.js';

describe('loose-read helpers', () => {
  it('field reads objects and arrays and gives undefined for anything else, like o?.[k] without throwing', () => {
    expect(field({ a: 1 }, 'a')).toBe(1);
    expect(field([10, 20], 1)).toBe(20);
    for (const x of [undefined, null, 42, 'abc', true]) expect(field(x, 'length')).toBeUndefined();
  });

  it('get walks a dotted path and stops at the first non-object', () => {
    expect(get({ a: { b: [5, { c: 'x' }] } }, 'a.b.1.c')).toBe('x');
    expect(get({ a: 'str' }, 'a.length')).toBeUndefined();
    expect(get(null, 'a')).toBeUndefined();
  });

  it('isObj is true for plain objects only', () => {
    expect([{}, [], null, 1, 'x'].map(isObj)).toEqual([true, false, false, false, false]);
  });

  it('ran is exactly the negation of isNotRun (skipped, not applicable, missing)', () => {
    const cases: unknown[] = [undefined, null, { skipped: true, reason: 'r' }, { applicable: false, reason: 'n/a' }, { value: 1 }, 42];
    expect(cases.map((c) => ran(c))).toEqual(cases.map((c) => isNotRun(c) === undefined));
    expect(cases.map((c) => ran(c))).toEqual([false, false, false, false, true, true]);
  });
});
