// Edge cases every generator must survive: 5-row tables, a numeric column entirely missing in the fitted rows, a
// single-column domain, zero rows requested; samples stay valid.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng.js';
import { buildDomain, encode } from '../../src/domain.js';
import { inferSchema } from '../../src/schema.js';
import { createGenerator } from '../../src/generators/index.js';
import { expectValidSample, tableOf } from './util.js';

const SPECS = [
  { name: 'identity', options: { replace: true } },
  { name: 'independent' },
  { name: 'independent', options: { epsilon: 1 } },
  { name: 'marginal-dp', options: { epsilon: 1 } },
  { name: 'marginal-dp', options: { epsilon: 1, degree: 3 } },
  { name: 'marginal-dp', options: { risk: 0.3, degree: 1 } },
  { name: 'mixing' },
];

describe('edge cases', () => {
  it('tiny tables, all-missing columns, one column, zero rows', () => {
    const t = tableOf({ a: ['p', 'q', 'p', 'q', 'p'], x: ['1.5', '2.5', '3', '4', '5'] });
    const d = buildDomain(t, inferSchema(t, { kinds: { x: 'numeric' } }));
    const full = encode(t, d);
    const missing = encode(tableOf({ a: t.cells[0], x: [null, null, null, null, null] }), d);
    const one = tableOf({ a: ['p', 'q', 'p'] });
    const d1 = buildDomain(one, inferSchema(one));
    for (const spec of SPECS) {
      for (const data of [full, missing]) {
        const g = createGenerator(spec, d).fit(data, new Rng(1));
        expect(g.sample(0, new Rng(2)).n).toBe(0);
        const s = g.sample(50, new Rng(2));
        expectValidSample(s, d);
        if (data === missing && spec.name !== 'marginal-dp' && !spec.options?.epsilon) {
          // without noise, a column that was always missing stays missing
          expect(Array.from(s.values[1]!).every(Number.isNaN)).toBe(true);
        }
      }
      const s1 = createGenerator(spec, d1).fit(encode(one, d1), new Rng(1)).sample(20, new Rng(3));
      expectValidSample(s1, d1);
    }
  });
});
