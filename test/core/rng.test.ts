import { describe, it, expect } from 'vitest';
import { Rng } from '../../src/rng.js';

describe('seeded RNG', () => {
  it('same seed gives the same stream; different seeds and forks differ', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xa = Array.from({ length: 100 }, () => a.nextU32());
    const xb = Array.from({ length: 100 }, () => b.nextU32());
    expect(xa).toEqual(xb);
    const c = new Rng(43);
    expect(Array.from({ length: 100 }, () => c.nextU32())).not.toEqual(xa);
    const f1 = new Rng(42).fork('x').random();
    expect(new Rng(42).fork('x').random()).toBe(f1);
    expect(new Rng(42).fork('y').random()).not.toBe(f1);
  });

  it('uniform, integer and normal draws have the right moments', () => {
    const r = new Rng(7);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    const counts = new Array(6).fill(0);
    for (let i = 0; i < n; i++) {
      const u = r.random();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      counts[r.int(6)]++;
    }
    expect(s / n).toBeCloseTo(0.5, 2);
    for (const c of counts) expect(Math.abs(c / n - 1 / 6)).toBeLessThan(0.005);
    s = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
  });

  it('permutation is a permutation; sampling without replacement has no repeats', () => {
    const r = new Rng(1);
    const p = Array.from(r.permutation(1000)).sort((x, y) => x - y);
    expect(p).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const s = r.sampleWithoutReplacement(50, 50);
    expect(new Set(s).size).toBe(50);
  });
});
