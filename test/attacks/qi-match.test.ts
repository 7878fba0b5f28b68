// Quasi-identifier match membership (attacks/qi-match.ts, docs/definitions.md#quasi-identifier-match-membership): a
// hand-worked tiny example (bins, unseen labels, missing values, the QI choice), the hash set against brute force, and
// German credit at the two ends: a copy of train (member rate 1, p = 1 / C(1000, 334)) and samples that never saw the
// training rows (a fresh sample: half the holdout as the synthetic table; independent marginals).

import { describe, it, expect } from 'vitest';
import { definitionValidator } from '../../reports/json.js';
import { parseTable } from '../../src/table.js';
import { prepare } from '../../src/prepare.js';
import { exactCodes } from '../../src/domain.js';
import { Rng } from '../../src/rng.js';
import { silentProgress } from '../../src/progress.js';
import type { AuditContext } from '../../src/context.js';
import { createGenerator } from '../../src/generators/index.js';
import { qiMatch, qiColumns, TupleSet } from '../../attacks/qi-match.js';
import { privacy, checkPrivacyOptions, type PrivacyOptions } from '../../attacks/index.js';
import { loadShared, splitHalves } from '../helpers/data.js';

const validate = definitionValidator('QiMatchResult');

function valid(r: unknown): void {
  if (!validate(r)) throw new Error(JSON.stringify(validate.errors?.slice(0, 5)));
}

describe('quasi-identifier match: hand-worked example', () => {
  // bins: 2 -> v's one edge is the median of R's v (1, 1, 1, 2, 3) = 1: bins (-inf, 1] "lo" and (1, +inf) "hi"
  const R = parseTable('c,v\na,1\na,2\nb,1\nb,3\na,1\n', 'r');
  const H = parseTable('c,v\na,0.5\nx,0\nz,5\nb,1\na,7\n,4\n', 'h');
  const S = parseTable('c,v\na,1\nb,9\nx,1\ny,5\na,1\n,2\n', 's');
  const p = prepare(R, H, S, { kinds: { c: 'categorical', v: 'numeric' }, bins: 2 });

  it('matches on codes and bins: train 3 of 5, holdout 3 of 6, with Wilson, Newcombe and Fisher values', () => {
    // synthetic tuples: (a,lo) twice, (b,hi), (x,lo), (y,hi), (missing,hi) -> 5 distinct
    // train: (a,lo) yes, (a,hi) no, (b,lo) no, (b,hi) yes (3 and 9 share the top bin), (a,lo) yes -> 3 of 5
    // holdout: (a,lo) yes, (x,lo) yes (the same unseen label), (z,hi) no (unseen z is not unseen y), (b,lo) no,
    // (a,hi) no, (missing,hi) yes (missing matches missing) -> 3 of 6
    const r = qiMatch(p.real, p.holdout, p.synthetic);
    valid(r);
    expect(r.quasiIdentifiers).toEqual(['c', 'v']);
    expect(r.syntheticTuples).toBe(5);
    expect([r.train.matches, r.train.n, r.holdout.matches, r.holdout.n]).toEqual([3, 5, 3, 6]);
    // Wilson (95%): 3/5 -> [0.230724, 0.882379], 3/6 -> [0.187616, 0.812384] (centre (k + z^2/2)/(n + z^2), docs/definitions.md)
    expect(r.train.value).toBe(0.6);
    expect(r.train.interval![0]).toBeCloseTo(0.230724281276, 10);
    expect(r.train.interval![1]).toBeCloseTo(0.882379225767, 10);
    expect(r.train.better).toBe('lower');
    expect(r.train.baseline!.kind).toBe('holdout');
    expect(r.train.baseline!.value).toBe(0.5);
    expect(r.train.baseline!.interval![0]).toBeCloseTo(0.187616306483, 10);
    expect(r.train.baseline!.interval![1]).toBeCloseTo(0.812383693517, 10);
    expect(r.holdout.baseline).toBeUndefined();
    // risk = 0.6 - 0.5 with Newcombe's hybrid score interval [d - sqrt((0.6-0.230724)^2 + (0.812384-0.5)^2), d + sqrt((0.882379-0.6)^2 + (0.5-0.187616)^2)]
    expect(r.risk.value).toBeCloseTo(0.1, 12);
    expect(r.risk.interval![0]).toBeCloseTo(-0.383681846274, 10);
    expect(r.risk.interval![1]).toBeCloseTo(0.521095712541, 10);
    expect(r.risk.baseline).toEqual({ kind: 'ideal', value: 0 });
    // Fisher, one-sided: P(X >= 3), X ~ Hypergeometric(11 rows, 6 matches, 5 members) = (C(6,3)C(5,2) + C(6,4)C(5,1) + C(6,5)C(5,0)) / C(11,5)
    // = (200 + 75 + 6) / 462 (scipy.stats.fisher_exact([[3, 2], [3, 3]], 'greater') = 0.6082251082251083)
    expect(r.risk.pValue).toBeCloseTo(281 / 462, 12);
  });

  it('premise of the count above: holdout z and synthetic y share the raw unseen code, not the exact code', () => {
    const cj = p.domain.index.get('c')!;
    expect(p.holdout.codes[cj][2]).toBe(p.synthetic.codes[cj][3]); // both "unseen"
    expect(exactCodes(p.holdout, cj)[2]).not.toBe(exactCodes(p.synthetic, cj)[3]);
  });

  it('the quasi-identifiers: given names, else every column but the secret', () => {
    // on c alone the synthetic values are a, b, x, y, missing: train 5 of 5, holdout 5 of 6 (only z fails)
    for (const opts of [{ quasiIdentifiers: ['c'] }, { secret: 'v' }]) {
      const r = qiMatch(p.real, p.holdout, p.synthetic, opts);
      expect(r.quasiIdentifiers).toEqual(['c']);
      expect([r.train.matches, r.holdout.matches, r.syntheticTuples]).toEqual([5, 5, 5]);
      // P(X >= 5) = C(10,5)C(1,0) / C(11,5) = 252 / 462
      expect(r.risk.pValue).toBeCloseTo(252 / 462, 12);
    }
    expect(qiColumns(p.real, { secret: 'not-a-column' })).toEqual([0, 1]);
    expect(qiColumns(p.real, { secret: null })).toEqual([0, 1]);
  });
});

describe('TupleSet against brute force', () => {
  it('finds exactly the tuples a pairwise comparison finds, including on colliding-prone small codes', () => {
    const rng = new Rng(11);
    for (const [nCols, nCodes, n] of [
      [1, 3, 50],
      [3, 4, 400],
      [6, 2, 300],
      [2, 1000, 500],
    ]) {
      const gen = (m: number) => Array.from({ length: nCols }, () => Int32Array.from({ length: m }, () => rng.int(nCodes) - (nCodes > 100 ? 500 : 0)));
      const A = gen(n);
      const B = gen(n);
      const set = new TupleSet(A, n);
      const same = (i: number, j: number) => A.every((c, t) => c[i] === B[t][j]);
      let brute = 0;
      for (let j = 0; j < n; j++) if (Array.from({ length: n }, (_, i) => i).some((i) => same(i, j))) brute++;
      expect(set.count(B, n)).toBe(brute);
      const distinct = new Set(Array.from({ length: n }, (_, i) => A.map((c) => c[i]).join(','))).size;
      expect(set.size).toBe(distinct);
      expect(set.count(A, n)).toBe(n);
    }
  });
});

describe('quasi-identifier match on German credit', () => {
  const train = loadShared('german_credit', 'train');
  const hold = loadShared('german_credit', 'holdout');
  const copy = prepare(train, hold, train);
  // QI sets with many matches on both sides (the default, 20 columns, matches almost nothing outside a copy)
  const SMALL = [
    ['personal_status', 'age', 'job'],
    ['age', 'personal_status', 'purpose'],
  ];

  it('a copy of train: every member matches, no non-member does; p = 1 / C(1000, 334)', () => {
    const r = qiMatch(copy.real, copy.holdout, copy.synthetic, { secret: 'class' });
    valid(r);
    expect(r.quasiIdentifiers).toHaveLength(20);
    expect(r.quasiIdentifiers).not.toContain('class');
    expect([r.train.matches, r.train.n, r.holdout.matches, r.holdout.n]).toEqual([666, 666, 0, 334]);
    expect(r.train.value).toBe(1);
    expect(r.risk.value).toBe(1);
    expect(r.risk.interval![0]).toBeGreaterThan(0.98);
    // all 666 matches among the 666 members: the one extreme table, P = 1 / C(1000, 666); log10 C(1000, 334) = 275.062016668531
    expect(Math.log10(r.risk.pValue)).toBeCloseTo(-275.062016668531, 6);
    // on a few columns non-members match too, but members still match more
    for (const q of SMALL) {
      const s = qiMatch(copy.real, copy.holdout, copy.synthetic, { quasiIdentifiers: q });
      expect(s.train.value).toBe(1);
      expect(s.holdout.value!).toBeLessThan(0.95);
      expect(s.risk.interval![0]).toBeGreaterThan(0.03);
      expect(s.risk.pValue).toBeLessThan(1e-9);
    }
  });

  it('a fresh sample (half of the holdout as the synthetic table, the other half as non-members): at chance', () => {
    for (const seed of [1, 2, 3]) {
      const [A, B] = splitHalves(hold, seed);
      const f = prepare(train, A, B);
      for (const q of [undefined, ...SMALL]) {
        const r = qiMatch(f.real, f.holdout, f.synthetic, { quasiIdentifiers: q, secret: 'class' });
        valid(r);
        if (q) expect(r.holdout.value!).toBeGreaterThan(0.3); // a real comparison, not 0 against 0
        expect(r.risk.interval![0]).toBeLessThanOrEqual(0);
        expect(r.risk.interval![1]).toBeGreaterThanOrEqual(0);
        expect(r.risk.pValue).toBeGreaterThan(0.05);
      }
    }
  });

  it('independent marginals (fitted on train): no tuple of the full QI set reproduced; on few columns at chance', () => {
    for (const seed of [1, 2, 3]) {
      const S = createGenerator({ name: 'independent' }, copy.domain).fit(copy.real, new Rng(seed)).sample(copy.real.n, new Rng(seed + 100));
      const all = qiMatch(copy.real, copy.holdout, S, { secret: 'class' });
      expect([all.train.matches, all.holdout.matches, all.risk.pValue]).toEqual([0, 0, 1]);
      for (const q of SMALL) {
        // marginals fitted on train can favour members slightly (a level only train has), but not detectably here
        const r = qiMatch(copy.real, copy.holdout, S, { quasiIdentifiers: q });
        expect(r.holdout.value!).toBeGreaterThan(0.3);
        expect(Math.abs(r.risk.value!)).toBeLessThan(0.03);
        expect(r.risk.interval![0]).toBeLessThanOrEqual(0);
        expect(r.risk.pValue).toBeGreaterThan(0.05);
      }
    }
  });
});

describe('quasi-identifier match in the privacy section', () => {
  const train = loadShared('german_credit', 'train');
  const hold = loadShared('german_credit', 'holdout');
  const p = prepare(train, hold, train);
  const ctx: AuditContext = { schema: p.schema, domain: p.domain, real: p.real, holdout: p.holdout, synthetic: p.synthetic, tables: { real: train, holdout: hold, synthetic: train }, target: 'class', rng: new Rng(5), progress: silentProgress, options: {} };
  const OFF: PrivacyOptions = { distance: false, domias: false, inference: false, modelInference: false, singlingOut: false, linkability: false, shadow: false, shadowAia: false };

  it('runs from the registry with the section options (secret left out, quasiIdentifiers honoured); privacy.qiMatch: false skips it', async () => {
    const a = await privacy(ctx, OFF);
    if (!a.qiMatch || 'skipped' in a.qiMatch) throw new Error('qiMatch did not run');
    expect(a.qiMatch).toEqual(qiMatch(p.real, p.holdout, p.synthetic, { secret: 'class' }));
    const b = await privacy(ctx, { ...OFF, quasiIdentifiers: ['age', 'job'], confidence: 0.9 });
    expect(b.qiMatch).toEqual(qiMatch(p.real, p.holdout, p.synthetic, { quasiIdentifiers: ['age', 'job'], confidence: 0.9 }));
    const c = await privacy(ctx, { ...OFF, qiMatch: false });
    expect(c.qiMatch).toEqual({ skipped: true, reason: 'disabled' });
    expect((await privacy(ctx, { ...OFF, qiMatch: {} })).qiMatch).toEqual(a.qiMatch);
  });

  it('its option is false or an empty mapping: one-line errors otherwise', () => {
    expect(() => checkPrivacyOptions({ qiMatch: false })).not.toThrow();
    expect(() => checkPrivacyOptions({ qiMatch: true })).toThrow('privacy option "qiMatch" must be false or a mapping of options (got true)');
    expect(() => checkPrivacyOptions({ qiMatch: { attacks: 5 } })).toThrow(/^unknown option "attacks" in privacy\.qiMatch/);
  });
});
