import { describe, it, expect } from 'vitest';
import { Rng } from '../../src/rng.js';
import { parseTable } from '../../src/table.js';
import { prepare } from '../../src/prepare.js';
import { empiricalEpsilon, epsilonCap } from '../../attacks/epsilon.js';
import { clopperPearson, epsilonFromBounds } from '../../attacks/stats.js';
import { vulnerabilityScores, chooseTargets, screenedScores } from '../../attacks/targets.js';
import { features, targetFeatureCount, targetRow } from '../../attacks/features.js';
import { loadShared, subsample } from '../helpers/data.js';

describe('empirical epsilon lower bound', () => {
  it('perfect separation reaches exactly the bound certifiable by the test split', () => {
    const n = 200;
    const labels = Uint8Array.from({ length: n }, (_, i) => (i < n / 2 ? 1 : 0));
    const scores = Float64Array.from(labels, (y) => (y ? 1 : 0));
    const r = empiricalEpsilon(scores, labels, new Rng(1), { delta: 0 });
    expect(r.falsePositives).toBe(0);
    expect(r.falseNegatives).toBe(0);
    expect(r.nTestMembers).toBe(50);
    const up = clopperPearson(0, 50, 0.95, 'upper').hi;
    expect(r.epsilonLb).toBeCloseTo(epsilonFromBounds(up, up, 0), 12);
    expect(r.epsilonLb).toBeCloseTo(Math.log((1 - up) / up), 12);
    expect(r.maxCertifiable).toBe(r.epsilonLb);
  });
  it('never exceeds the true epsilon of randomized response (eps = 1) in repeated trials, and gets close with many samples', () => {
    const eps = 1;
    const pIn = Math.exp(eps) / (1 + Math.exp(eps));
    let exceed = 0;
    let best = 0;
    for (let trial = 0; trial < 20; trial++) {
      const rng = new Rng(100 + trial);
      const n = 4000;
      const labels = new Uint8Array(n);
      const scores = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        labels[i] = i % 2;
        const say = rng.random() < (labels[i] ? pIn : 1 - pIn) ? 1 : 0;
        scores[i] = say;
      }
      const r = empiricalEpsilon(scores, labels, rng.fork('eps'), { delta: 0 });
      if (r.epsilonLb > eps) exceed++;
      best = Math.max(best, r.epsilonLb);
    }
    expect(exceed).toBeLessThanOrEqual(2);
    expect(best).toBeGreaterThan(0.7);
  });
  it('with a threshold chosen on other scores (out-of-fold training sets), every test set counts in the bound', () => {
    const n = 100;
    const labels = Uint8Array.from({ length: n }, (_, i) => i % 2);
    const scores = Float64Array.from(labels, (y) => y);
    const r = empiricalEpsilon(scores, labels, new Rng(1), { validation: { scores, labels } });
    expect([r.nTestMembers, r.nTestNonMembers, r.nValidation]).toEqual([50, 50, 100]);
    expect(r.epsilonLb).toBeCloseTo(epsilonCap(50, 50, 0), 12);
    // the old split spends half on the threshold: cap 2.06 from 25 + 25
    const old = empiricalEpsilon(scores, labels, new Rng(1));
    expect(old.epsilonLb).toBeCloseTo(epsilonCap(25, 25, 0), 12);
    expect(r.epsilonLb).toBeGreaterThan(old.epsilonLb + 0.7);
    // the threshold comes from the validation scores only: reversed validation scores pick a threshold that fails on the test sets
    const rev = Float64Array.from(labels, (y) => 1 - y);
    expect(empiricalEpsilon(scores, labels, new Rng(1), { validation: { scores: rev, labels } }).epsilonLb).toBe(0);
  });
  it('scores that ignore membership give (almost always) 0', () => {
    const rng = new Rng(5);
    const n = 400;
    const labels = Uint8Array.from({ length: n }, (_, i) => i % 2);
    const scores = Float64Array.from({ length: n }, () => rng.random());
    expect(empiricalEpsilon(scores, labels, new Rng(6)).epsilonLb).toBeLessThan(0.5);
  });
});

describe('vulnerable targets (Meeus et al.)', () => {
  it('scores a planted outlier highest and matches a brute-force cosine computation', () => {
    const rows = ['a,x,1', 'a,x,2', 'a,x,1', 'a,y,2', 'a,x,1', 'a,x,2', 'b,z,100'];
    const t = parseTable('c1,c2,v\n' + rows.join('\n') + '\n', 't');
    const p = prepare(t, t, t, { kinds: { v: 'numeric' } });
    const s = vulnerabilityScores(p.real, new Rng(1), { k: 2 });
    const top = s.slice().sort((a, b) => b.score - a.score)[0];
    expect(top.row).toBe(6);
    // brute force: vector = one-hot(c1) + one-hot(c2) + (v - 1)/99
    const vec = (i: number) => {
      const [a, b, v] = rows[i].split(',');
      return [a === 'a' ? 1 : 0, a === 'b' ? 1 : 0, b === 'x' ? 1 : 0, b === 'y' ? 1 : 0, b === 'z' ? 1 : 0, (Number(v) - 1) / 99];
    };
    const cos = (u: number[], w: number[]) => u.reduce((s2, x, k) => s2 + x * w[k], 0) / Math.sqrt(u.reduce((s2, x) => s2 + x * x, 0) * w.reduce((s2, x) => s2 + x * x, 0));
    for (const { row, score } of s) {
      const ds = rows.map((_, j) => (j === row ? Infinity : 1 - cos(vec(row), vec(j)))).sort((a, b) => a - b);
      expect(score).toBeCloseTo((ds[0] + ds[1]) / 2, 12);
    }
  });
  it('every row is scored: above 5,000 rows a screen against 2,000 reference rows keeps the exact top (Adult, 5,200 rows)', () => {
    const a = subsample(loadShared('adult', 'train'), 5200, 7);
    const p = prepare(a, a, a);
    const exact = vulnerabilityScores(p.real, new Rng(2)).sort((a, b) => b.score - a.score || a.row - b.row);
    expect(exact.length).toBe(5200);
    const screened = screenedScores(p.real, new Rng(2), 10).sort((a, b) => b.score - a.score || a.row - b.row);
    expect(screened.length).toBe(1000);
    // the re-scored rows carry exact scores, and the top 10 are the exact top 10
    expect(screened.slice(0, 10)).toEqual(exact.slice(0, 10));
  });
  it('against a reference subsample (codes the reference lacks, majority codes) the scores match brute force over those reference rows', () => {
    const rows = ['a,x,1', 'a,x,2', 'a,x,1', 'a,y,2', 'a,x,1', 'a,x,2', 'b,z,100', 'c,w,50', 'a,x,3', 'a,y,1'];
    const t = parseTable('c1,c2,v\n' + rows.join('\n') + '\n', 't');
    const p = prepare(t, t, t, { kinds: { v: 'numeric' } });
    const s = vulnerabilityScores(p.real, new Rng(4), { k: 2, maxReference: 5 });
    // the reference rows, drawn as pickRows draws them
    const ref = Array.from(new Rng(4).fork('vuln.reference').sampleWithoutReplacement(rows.length, 5).sort());
    const vec = (i: number) => {
      const [a, b, v] = rows[i].split(',');
      return [...['a', 'b', 'c'].map((l) => (a === l ? 1 : 0)), ...['x', 'y', 'z', 'w'].map((l) => (b === l ? 1 : 0)), (Number(v) - 1) / 99];
    };
    const cos = (u: number[], w: number[]) => u.reduce((s2, x, k) => s2 + x * w[k], 0) / Math.sqrt(u.reduce((s2, x) => s2 + x * x, 0) * w.reduce((s2, x) => s2 + x * x, 0));
    expect(s.length).toBe(rows.length);
    for (const { row, score } of s) {
      const ds = ref.filter((j) => j !== row).map((j) => 1 - cos(vec(row), vec(j))).sort((a, b) => a - b);
      expect(score).toBeCloseTo((ds[0] + ds[1]) / 2, 12);
    }
  });
  it('exact scores are computed once per table: a second call (partly from the first call) equals a fresh table', () => {
    const a = subsample(loadShared('adult', 'train'), 600, 3);
    const p1 = prepare(a, a, a);
    const p2 = prepare(a, a, a);
    const first = vulnerabilityScores(p1.real, new Rng(5), { maxCandidates: 200 });
    const again = vulnerabilityScores(p1.real, new Rng(6));
    const fresh = vulnerabilityScores(p2.real, new Rng(6));
    expect(again).toEqual(fresh);
    for (const f of first) expect(f.score).toBe(fresh[f.row].score);
  });
  it('chooses the requested number of vulnerable and random targets, distinct and deterministic', () => {
    const p = prepare(subsample(loadShared('german_credit', 'train'), 300, 1), loadShared('german_credit', 'holdout'), loadShared('german_credit', 'holdout'));
    const a = chooseTargets(p.real, new Rng(3), { nVulnerable: 4, nRandom: 2 });
    const b = chooseTargets(p.real, new Rng(3), { nVulnerable: 4, nRandom: 2 });
    expect(a).toEqual(b);
    expect(a.rows.length).toBe(6);
    expect(new Set(a.rows).size).toBe(6);
    expect(a.reasons.filter((r) => r.kind === 'vulnerable').length).toBe(4);
    expect(chooseTargets(p.real, new Rng(3), { rows: [5, 7] }).rows).toEqual([5, 7]);
    expect(() => chooseTargets(p.real, new Rng(3), { rows: [10_000] })).toThrow(/outside/);
  });
});

describe('shadow features', () => {
  const t = parseTable('c,v\na,1\nb,3\na,5\nb,\n', 't');
  const p = prepare(t, t, t, { kinds: { v: 'numeric' } });
  it('naive, hist and corr features are worked by hand', () => {
    const cdv = p.domain.columns[1];
    if (cdv.kind !== 'numeric') throw new Error('v should be numeric');
    const f = features(p.real, { families: ['naive'], corrTopK: 1, target: null });
    // c: levels a, b (2 each) + missing + unseen -> [0.5, 0.5, 0, 0]; v: values 1, 3, 5 -> mean 3, median 3, var 8/3 (standardised)
    expect(Array.from(f.subarray(0, 4))).toEqual([0.5, 0.5, 0, 0]);
    expect(f[4]).toBeCloseTo((3 - cdv.mean) / cdv.std, 12);
    expect(f[5]).toBeCloseTo((3 - cdv.mean) / cdv.std, 12);
    expect(f[6]).toBeCloseTo(8 / 3 / cdv.std ** 2, 12);
    const c = features(p.real, { families: ['corr'], corrTopK: 1, target: null });
    // columns: 1[c == a] = [1,0,1,0], v standardised with missing -> 0 (the mean, 3): z = [-2,0,2,0]/std -> Pearson 0
    expect(c.length).toBe(1);
    expect(c[0]).toBeCloseTo(0, 12);
    const h = features(p.real, { families: ['hist'], corrTopK: 1, target: null });
    expect(h.reduce((s, x) => s + x, 0)).toBeCloseTo(2, 12); // two columns, each sums to 1
  });
  it('target features see an exact copy of the target', () => {
    const tr = targetRow(p.real, 0);
    const spec = { families: ['target' as const], corrTopK: 1, target: tr };
    const f = features(p.real, spec);
    // Gower distances of rows (a,1) (b,3) (a,5) (b,NA) to (a,1), range 4: 0, (1 + 0.5)/2, (0 + 1)/2, (1 + 1)/2
    // -> [min 0, mean of 5 (= all 4) nearest 0.5625, of 20 0.5625, #0 1, #<=0.05 1, #<=0.1 1, #<=0.2 1,
    //     share with c = a 0.5, share in v's bin of 1 0.25, rarest 0.25, rows off in at most one column 2 (itself and (a,5))]
    expect(Array.from(f)).toEqual([0, 0.5625, 0.5625, 1, 1, 1, 1, 0.5, 0.25, 0.25, 2]);
    expect(targetFeatureCount(p.domain, spec)).toBe(f.length);
    // the target features are the tail of the full vector
    const all = features(p.real, { ...spec, families: ['naive', 'hist', 'corr', 'target'] });
    expect(Array.from(all.subarray(all.length - f.length))).toEqual(Array.from(f));
    const g = features(p.real, { families: ['target'], corrTopK: 1, target: tr, secret: { column: 0, candidates: [0, 1] } });
    // on column v only: row 0 (a, 1) at distance 0 -> candidate a: [0, 1, unique closest 1]; candidate b: nearest b row has v = 3: |1-3|/4 = 0.5
    expect(Array.from(g)).toEqual([0, 1, 1, 0.5, 0, 0]);
  });
});
