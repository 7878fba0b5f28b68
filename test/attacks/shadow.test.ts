import { describe, it, expect } from 'vitest';
import { prepare, type Prepared } from '../../src/prepare.js';
import { Rng } from '../../src/rng.js';
import { silentProgress } from '../../src/progress.js';
import type { AuditContext } from '../../src/context.js';
import type { Encoded } from '../../src/domain.js';
import { shadowMia, shadowAia } from '../../attacks/shadow.js';
import { workerScript } from '../../attacks/pool.js';
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
  });
  it('independent: mean AUC <= 0.6', async () => {
    const r = await shadowMia(ctx(2), { ...SMALL, generator: { name: 'independent' }, workers: 0 });
    expect(r.summary.meanAuc).toBeLessThanOrEqual(0.6);
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
    expect(Math.abs(r.summary.meanGain)).toBeLessThan(0.15);
  });
});

describe('shadow-model option checks', () => {
  it('rejects shadow sets larger than the auxiliary data with a one-line user error', async () => {
    await expect(shadowMia(ctx(7), { ...SMALL, trainSize: 5000, generator: { name: 'identity' }, workers: 0 })).rejects.toThrow(/at most the holdout's 4000 rows/);
    await expect(shadowMia(ctx(7), { ...SMALL, generator: { name: 'no-such-generator' }, workers: 0 })).rejects.toThrow(/unknown generator/);
  });
});
