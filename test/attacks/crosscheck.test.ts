// Cross-check of the privacy numbers against independent Python implementations (brute-force exact Gower distances, sklearn
// roc_auc_score / roc_curve, scipy beta.ppf and norm.ppf): goldens and the exact CSV rows in test/fixtures/crosscheck
// (privacy_goldens.py documents how they were made).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/prepare.js';
import { loadTable } from '../../src/table.js';
import { Rng } from '../../src/rng.js';
import { buildIndex, gowerSpace, nearest } from '../../attacks/distance.js';
import { distanceMetrics } from '../../attacks/dcr.js';
import { inferenceAttack } from '../../attacks/anonymeter.js';
import { clopperPearson, controlRisk, epsilonFromBounds, miaSummary, rocAuc, tprAtFpr, wilson } from '../../attacks/stats.js';

const DIR = resolve(__dirname, '../fixtures/crosscheck');
const G = JSON.parse(readFileSync(join(DIR, 'privacy_goldens.json'), 'utf8'));

function close(actual: number | null | undefined, expected: number, tol: number, what: string): void {
  expect(actual, what).not.toBeNull();
  expect(actual, what).not.toBeUndefined();
  const d = Math.abs((actual as number) - expected);
  if (!(d <= tol)) throw new Error(`${what}: ours ${actual} vs golden ${expected} (|diff| ${d} > ${tol})`);
}

function maxAbsDiff(a: ArrayLike<number>, b: number[]): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('Gower distances, DCR, NNDR, exact copies and the distance MIA vs brute force (bank_marketing rows in the fixture)', () => {
  const train = loadTable(join(DIR, 'privacy_train.csv'));
  const holdout = loadTable(join(DIR, 'privacy_holdout.csv'));
  const syn = loadTable(join(DIR, 'privacy_synthetic.csv'));
  const prep = prepare(train, holdout, syn);
  const D = G.distance;
  const res = distanceMetrics(prep.real, prep.holdout, prep.synthetic, new Rng(5), { confidence: D.confidence });

  it('same columns, kinds and real ranges', () => {
    expect(prep.domain.columns.map((c) => c.name)).toEqual(D.columns);
    for (const c of prep.domain.columns) {
      expect(c.kind, c.name).toBe(D.kinds[c.name]);
      if (c.kind === 'numeric') expect(c.range, c.name).toBe(D.ranges[c.name]);
    }
    expect(res.rows).toEqual(D.rows);
  });

  it('nearest and second-nearest distances per row equal the exact brute force', () => {
    const space = gowerSpace(prep.real);
    const iR = buildIndex(prep.real, space);
    const iH = buildIndex(prep.holdout, space);
    const iS = buildIndex(prep.synthetic, space);
    const sR = nearest(iR, prep.synthetic, { k: 2 });
    const hR = nearest(iR, prep.holdout, { k: 2 });
    const pick = (d: Float64Array, r: number) => Float64Array.from({ length: d.length / 2 }, (_, i) => d[2 * i + r]);
    const diffs = [
      maxAbsDiff(pick(sR.dist, 0), D.distances.syntheticToTrain),
      maxAbsDiff(pick(sR.dist, 1), D.distances.syntheticToTrain2),
      maxAbsDiff(nearest(iH, prep.synthetic).dist, D.distances.syntheticToHoldout),
      maxAbsDiff(pick(hR.dist, 0), D.distances.holdoutToTrain),
      maxAbsDiff(pick(hR.dist, 1), D.distances.holdoutToTrain2),
      maxAbsDiff(nearest(iS, prep.real).dist, D.distances.trainToSynthetic),
      maxAbsDiff(nearest(iS, prep.holdout).dist, D.distances.holdoutToSynthetic),
    ];
    for (const d of diffs) expect(d).toBeLessThan(1e-14);
  });

  it('DCR summaries and shared histograms', () => {
    for (const k of ['syntheticToTrain', 'syntheticToHoldout', 'holdoutToTrain'] as const) {
      const o = res.dcr[k];
      const g = D.dcr[k];
      for (const f of ['mean', 'p05', 'median', 'p95', 'zeroShare'] as const) close(o[f], g[f], 1e-14, `dcr ${k} ${f}`);
    }
    close(res.dcr.syntheticToTrain.histogram.edges[30], D.histograms.top, 1e-15, 'histogram top');
    expect(res.dcr.syntheticToTrain.histogram.counts).toEqual(D.histograms.counts[0]);
    expect(res.dcr.syntheticToHoldout.histogram.counts).toEqual(D.histograms.counts[1]);
    expect(res.dcr.holdoutToTrain.histogram.counts).toEqual(D.histograms.counts[2]);
  });

  it('DCR share with ties split, Wilson interval, ideal', () => {
    const s = res.dcrShare;
    const g = D.dcrShare;
    expect(g.ties).toBeGreaterThan(0);
    expect([s.closerToTrain, s.closerToHoldout, s.ties]).toEqual([g.closerToTrain, g.closerToHoldout, g.ties]);
    close(s.value, g.value, 1e-15, 'share');
    close(s.interval![0], g.lo, 1e-13, 'share lo');
    close(s.interval![1], g.hi, 1e-13, 'share hi');
    close(s.baseline!.value!, g.ideal, 0, 'ideal');
    // train and holdout have the same size: the balanced share uses every train row and equals the share
    expect(res.dcrShareBalanced.value).toBe(s.value);
  });

  it('NNDR summaries and exact-copy rates', () => {
    for (const k of ['syntheticToTrain', 'holdoutToTrain'] as const) {
      for (const f of ['mean', 'p05', 'median', 'p95', 'zeroShare'] as const) close(res.nndr[k][f], D.nndr[k][f], 1e-14, `nndr ${k} ${f}`);
    }
    for (const k of ['train', 'holdout', 'holdoutInTrain'] as const) {
      const o = res.exactCopies[k];
      const g = D.exactCopies[k];
      expect([o.count, o.n], k).toEqual([g.count, g.n]);
      close(o.value, g.value, 1e-15, `copies ${k}`);
      close(o.interval![0], g.lo, 1e-13, `copies ${k} lo`);
      close(o.interval![1], g.hi, 1e-13, `copies ${k} hi`);
    }
  });

  it('distance MIA: AUC (sklearn), DeLong interval, TPR at FPR 1% and 0.1% (no interpolation), max advantage', () => {
    const m = res.mia;
    const g = D.mia;
    expect([m.nMembers, m.nNonMembers]).toEqual([D.rows.train, D.rows.holdout]);
    close(m.auc.value, g.auc, 1e-14, 'auc');
    close(m.auc.se, g.se, 1e-13, 'auc se');
    close(m.auc.interval![0], g.lo, 1e-13, 'auc lo');
    close(m.auc.interval![1], g.hi, 1e-13, 'auc hi');
    close(m.maxAdvantage, g.maxAdvantage, 1e-14, 'max advantage');
    m.tprAtFpr.forEach((t, i) => {
      const e = g.tprAtFpr[i];
      close(t.fpr, e.fpr, 0, 'fpr');
      close(t.value!, e.tpr, 1e-15, `tpr@${e.fpr}`);
      close(t.achievedFpr, e.achievedFpr, 1e-15, `achieved fpr@${e.fpr}`);
      close(t.interval![0], e.lo, 1e-13, `tpr lo@${e.fpr}`);
      close(t.interval![1], e.hi, 1e-13, `tpr hi@${e.fpr}`);
      expect(t.resolvable).toBe(e.resolvable);
    });
  });
});

describe('Anonymeter-style inference vs brute-force nearest neighbours (every train and holdout row a target)', () => {
  const prep = prepare(loadTable(join(DIR, 'privacy_train.csv')), loadTable(join(DIR, 'privacy_holdout.csv')), loadTable(join(DIR, 'privacy_synthetic.csv')));
  for (const g of G.inference) {
    it(`secret ${g.secret}: successes within the tie range of the golden, risk from those counts`, () => {
      const r = inferenceAttack(prep.real, prep.holdout, prep.synthetic, new Rng(3), { secret: g.secret, tolerance: g.tolerance, attacks: 1000 });
      expect(r.train.attacks).toBe(g.train.n);
      expect(r.control.attacks).toBe(g.control.n);
      for (const side of ['train', 'control'] as const) {
        expect(r[side].successes, side).toBeGreaterThanOrEqual(g[side].min);
        expect(r[side].successes, side).toBeLessThanOrEqual(g[side].max);
      }
    });
  }
});

describe('ROC statistics on tied hand-made scores vs sklearn', () => {
  const R = G.rocVectors;
  const scores = [...R.pos, ...R.neg];
  const labels = [...R.pos.map(() => 1), ...R.neg.map(() => 0)];
  it('AUC, DeLong SE and interval', () => {
    const a = rocAuc(scores, labels, R.confidence);
    close(a.value, R.auc, 1e-14, 'auc');
    close(a.se, R.se, 1e-14, 'se');
    close(a.lo, R.lo, 1e-13, 'lo');
    close(a.hi, R.hi, 1e-13, 'hi');
  });
  it('TPR at FPR: the last ROC vertex with FPR <= target (sklearn roc_curve, no interpolation) and max advantage', () => {
    R.tprAtFpr.forEach((e: { fpr: number; tpr: number; achievedFpr: number; lo: number; hi: number; resolvable: boolean }) => {
      const t = tprAtFpr(scores, labels, e.fpr, R.confidence);
      close(t.tpr, e.tpr, 1e-15, `tpr@${e.fpr}`);
      close(t.achievedFpr, e.achievedFpr, 1e-15, `achieved@${e.fpr}`);
      close(t.lo, e.lo, 1e-13, `lo@${e.fpr}`);
      close(t.hi, e.hi, 1e-13, `hi@${e.fpr}`);
      expect(t.resolvable).toBe(e.resolvable);
    });
    close(miaSummary(scores, labels, R.confidence, R.fprs).maxAdvantage, R.maxAdvantage, 1e-15, 'max advantage');
  });
});

describe('binomial intervals, Anonymeter risk and the empirical epsilon bound vs scipy', () => {
  it('Wilson score interval (scipy norm.ppf + the formula)', () => {
    for (const c of G.wilson) {
      const w = wilson(c.k, c.n, c.confidence);
      close(w.centre, c.centre, 1e-14, `centre ${c.k}/${c.n}`);
      close(w.halfWidth, c.halfWidth, 1e-14, `half ${c.k}/${c.n}`);
      close(w.lo, c.lo, 1e-14, `lo ${c.k}/${c.n}`);
      close(w.hi, c.hi, 1e-14, `hi ${c.k}/${c.n}`);
    }
  });
  it('Clopper-Pearson two-sided and one-sided bounds (scipy beta.ppf)', () => {
    for (const c of G.clopperPearson) {
      const two = clopperPearson(c.k, c.n, c.confidence, 'two');
      // betaQuantile bisects to an absolute width of 1e-14 (incomplete beta ~1e-14 near the middle at n = 10,000)
      close(two.lo, c.twoSided[0], 1e-13, `two lo ${c.k}/${c.n}`);
      close(two.hi, c.twoSided[1], 1e-13, `two hi ${c.k}/${c.n}`);
      close(clopperPearson(c.k, c.n, c.confidence, 'upper').hi, c.upper, 1e-13, `upper ${c.k}/${c.n}`);
      close(clopperPearson(c.k, c.n, c.confidence, 'lower').lo, c.lower, 1e-13, `lower ${c.k}/${c.n}`);
    }
  });
  it('Anonymeter risk (r_t - r_c)/(1 - r_c) on Wilson centres with first-order error propagation', () => {
    for (const c of G.risk) {
      const r = controlRisk(c.kTrain, c.nTrain, c.kControl, c.nControl, c.confidence)!;
      close(r.value, c.value, 1e-14, 'risk');
      close(r.error, c.error, 1e-14, 'risk error');
      close(r.lo, c.lo, 1e-14, 'risk lo');
      close(r.hi, c.hi, 1e-14, 'risk hi');
      expect([r.clipped.value, r.clipped.lo, r.clipped.hi].map((x, i) => Math.abs(x - c.clipped[i]) < 1e-14)).toEqual([true, true, true]);
    }
  });
  it('empirical epsilon lower bound from counts: one-sided Clopper-Pearson FPR+ and FNR+, docs/definitions.md formula', () => {
    for (const c of G.epsilon) {
      const fpU = clopperPearson(c.fp, c.nNeg, c.confidence, 'upper').hi;
      const fnU = clopperPearson(c.fn, c.nPos, c.confidence, 'upper').hi;
      close(fpU, c.fpUpper, 1e-13, `FPR+ ${c.fp}/${c.nNeg}`);
      close(fnU, c.fnUpper, 1e-13, `FNR+ ${c.fn}/${c.nPos}`);
      close(epsilonFromBounds(fpU, fnU, c.delta), c.epsilonLb, 1e-11, `eps ${JSON.stringify(c)}`);
    }
  });
});
