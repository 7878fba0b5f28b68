import { describe, it, expect } from 'vitest';
import { prepare, type Prepared } from '../../src/prepare.js';
import { Rng } from '../../src/rng.js';
import { silentProgress } from '../../src/progress.js';
import type { AuditContext } from '../../src/context.js';
import { subsetRows, type Encoded } from '../../src/domain.js';
import { shadowMia, shadowAia } from '../../attacks/shadow.js';
import { workerScript } from '../../attacks/pool.js';
import { UserError } from '../../src/errors.js';
import { loadShared, subsample } from '../helpers/data.js';

// Adult subsample: train 2000 (members), holdout 4000 (auxiliary data); shadow sets of 250 rows, 60 + 40 per target.
const P: Prepared = prepare(subsample(loadShared('adult', 'train'), 2000, 41), subsample(loadShared('adult', 'holdout'), 4000, 42), subsample(loadShared('adult', 'holdout'), 10, 43));

function ctx(seed: number, synthetic: Encoded = P.synthetic): AuditContext {
  return {
    schema: P.schema,
    domain: P.domain,
    real: P.real,
    holdout: P.holdout,
    synthetic,
    tables: { real: { name: 'r', columns: [], cells: [], nRows: 0 }, holdout: { name: 'h', columns: [], cells: [], nRows: 0 }, synthetic: { name: 's', columns: [], cells: [], nRows: 0 } },
    rng: new Rng(seed),
    progress: silentProgress,
    options: {},
  };
}

const SMALL = { nTrainSets: 60, nTestSets: 40, trainSize: 250, nVulnerable: 3, nRandom: 1, nTrees: 50 };

describe('shadow-model MIA (Stadler et al.)', () => {
  it('identity: vulnerable targets are found (AUC >= 0.95) and the epsilon bound is positive', async () => {
    const r = await shadowMia(ctx(1), { ...SMALL, generator: { name: 'identity' }, workers: 0 });
    const vul = r.targets.filter((t) => t.kind === 'vulnerable');
    expect(vul.length).toBe(3);
    for (const t of vul) expect(t.auc.value).toBeGreaterThanOrEqual(0.95);
    expect(r.summary.worstEpsilonLb).toBeGreaterThan(0.5);
    expect(r.dpCheck).toBeNull();
    expect(r.targets.length).toBe(4);
    // ROC per target: from (0,0) to (1,1), monotone, and its trapezoid area is the AUC (ties as 1/2 = the straight segment)
    for (const t of r.targets) {
      const { fpr, tpr } = t.roc;
      expect([fpr[0], tpr[0], fpr.at(-1), tpr.at(-1)]).toEqual([0, 0, 1, 1]);
      let area = 0;
      for (let i = 1; i < fpr.length; i++) {
        expect(fpr[i]).toBeGreaterThanOrEqual(fpr[i - 1]);
        expect(tpr[i]).toBeGreaterThanOrEqual(tpr[i - 1]);
        area += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
      }
      expect(area).toBeCloseTo(t.auc.value, 5);
    }
    // pooled over all targets' 4 x 40 test sets
    expect(r.pooled).not.toBeNull();
    expect(r.pooled!.nMembers + r.pooled!.nNonMembers).toBe(4 * 40);
    expect(r.pooled!.roc.fpr.length).toBeLessThanOrEqual(60);
    expect(r.pooled!.auc.value).toBeGreaterThan(0.5);
  });
  it('independent: mean AUC <= 0.6', async () => {
    const r = await shadowMia(ctx(2), { ...SMALL, generator: { name: 'independent' }, workers: 0 });
    expect(r.summary.meanAuc).toBeLessThanOrEqual(0.6);
    // test sets balanced per target, so pooling under one threshold is unbiased too
    for (const t of r.targets) expect(t.roc.fpr.length).toBeGreaterThan(2);
    expect(Math.abs(r.pooled!.auc.value - 0.5)).toBeLessThan(0.08);
    expect(r.pooled!.nMembers).toBe(r.pooled!.nNonMembers);
  });
  it('marginal-dp at epsilon 1: the empirical lower bound never exceeds 1, and no violation is flagged', async () => {
    const r = await shadowMia(ctx(3), { ...SMALL, generator: { name: 'marginal-dp', options: { epsilon: 1, delta: 1e-5 } }, workers: 0 });
    for (const t of r.targets) expect(t.epsilon.epsilonLb).toBeLessThanOrEqual(1);
    expect(r.dpCheck).not.toBeNull();
    expect(r.dpCheck!.claimedEpsilon).toBe(1);
    expect(r.dpCheck!.violation).toBe(false);
  });
  it('worker threads give byte-identical results to in-process runs', async () => {
    expect(workerScript()).not.toBeNull(); // npm test compiles dist first
    const o = { ...SMALL, nVulnerable: 1, nRandom: 1, generator: { name: 'independent' } };
    const a = await shadowMia(ctx(4), { ...o, workers: 0 });
    const b = await shadowMia(ctx(4), { ...o, workers: 2 });
    expect(b.settings.workers).toBe(2);
    expect(JSON.stringify(b.targets)).toBe(JSON.stringify(a.targets));
  });
});

describe('shadow-model attribute inference', () => {
  it('identity: the secret of vulnerable targets is recovered far above the prior baseline', async () => {
    const r = await shadowAia(ctx(5), { ...SMALL, nRandom: 0, generator: { name: 'identity' }, secret: 'relationship', candidates: 4, workers: 0 });
    for (const t of r.targets) {
      expect(t.accuracy.value).toBeGreaterThan(0.9);
      expect(t.accuracy.lo).toBeGreaterThan(t.baseline.hi);
      expect(t.candidates).toContain(t.secret);
    }
  });
  it('independent: accuracy within noise of the prior baseline', async () => {
    const r = await shadowAia(ctx(6), { ...SMALL, nRandom: 0, generator: { name: 'independent' }, secret: 'relationship', candidates: 4, workers: 0 });
    for (const t of r.targets) expect(t.accuracy.lo).toBeLessThanOrEqual(t.baseline.hi);
    // 40 test sets balanced over 4 candidates: the prior guess is right on exactly 10
    for (const t of r.targets) expect(t.baseline.value).toBe(0.25);
    expect(Math.abs(r.summary.meanGain)).toBeLessThan(0.15);
  });
});

async function userError(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  expect((e as Error).message).not.toMatch(/\n/);
  return e as UserError;
}

describe('shadow-model option checks', () => {
  it('rejects shadow sets larger than the auxiliary data with a one-line user error naming the option', async () => {
    const e = await userError(shadowMia(ctx(7), { ...SMALL, trainSize: 5000, generator: { name: 'identity' }, workers: 0 }));
    expect(e.message).toMatch(/privacy\.shadow\.trainSize = 5000 exceeds the holdout's 4000 rows/);
    await userError(shadowAia(ctx(7), { ...SMALL, trainSize: 4001, generator: { name: 'identity' }, secret: 'relationship', workers: 0 }));
    // at most the holdout is accepted by the check (4000 passes it: the error, if any, must not be about trainSize)
    expect((await userError(shadowMia(ctx(7), { ...SMALL, trainSize: 4000, generator: { name: 'no-such-generator' }, workers: 0 }))).message).toMatch(/unknown generator/);
  });
  it('rejects other impossible settings with a user error naming the option', async () => {
    const g = { generator: { name: 'identity' }, workers: 0 };
    expect((await userError(shadowMia(ctx(7), { ...SMALL, ...g, trainSize: 1 }))).message).toMatch(/privacy\.shadow\.trainSize/);
    expect((await userError(shadowMia(ctx(7), { ...SMALL, ...g, nTestSets: 2 }))).message).toMatch(/privacy\.shadow\.nTestSets/);
    expect((await userError(shadowMia(ctx(7), { ...SMALL, ...g, syntheticSize: 0 }))).message).toMatch(/privacy\.shadow\.syntheticSize/);
    expect((await userError(shadowMia(ctx(7), { ...SMALL, ...g, nVulnerable: -1 }))).message).toMatch(/privacy\.shadow\.nVulnerable/);
    expect((await userError(shadowMia(ctx(7), { ...SMALL, ...g, targets: [2000] }))).message).toMatch(/privacy\.shadow\.targets: row 2000/);
  });
  it('too few auxiliary rows for the default set size is a user error; a small holdout gets half its rows by default', async () => {
    const tiny = (n: number) => ({ ...ctx(8), holdout: subsetRows(P.holdout, Int32Array.from({ length: n }, (_, i) => i)) });
    const e = await userError(shadowMia(tiny(3), { ...SMALL, trainSize: undefined, generator: { name: 'identity' }, workers: 0 }));
    expect(e.message).toMatch(/holdout's 3 rows are too few/);
    const r = await shadowMia(tiny(120), { ...SMALL, trainSize: undefined, nTrainSets: 8, nTestSets: 8, nVulnerable: 1, nRandom: 0, nTrees: 10, generator: { name: 'independent' }, workers: 0 });
    expect(r.settings.trainSize).toBe(60);
    expect(r.settings.syntheticSize).toBe(60);
    expect(r.settings.notes.join(' ')).toMatch(/half the holdout's 120/);
  });
});
