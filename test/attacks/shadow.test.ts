import { describe, it, expect } from 'vitest';
import { prepare, type Prepared } from '../../src/prepare.js';
import { Rng } from '../../src/rng.js';
import { silentProgress } from '../../src/progress.js';
import type { AuditContext } from '../../src/context.js';
import { subsetRows, type Encoded } from '../../src/domain.js';
import { shadowMia, shadowAia, dpCheckOf, shadowDefaults } from '../../attacks/shadow.js';
import { runShadowTask, auxEncoded, type ShadowInit } from '../../attacks/shadow-task.js';
import { targetRow } from '../../attacks/features.js';
import { epsilonCap, testSetsNeeded } from '../../attacks/epsilon.js';
import { aucScoreInterval, rocAuc } from '../../attacks/stats.js';
import { evaluateRule, loadPolicy, DEFAULT_POLICY_PATH } from '../../src/app/gate.js';
import { checkPrivacyOptions } from '../../attacks/options.js';
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
      expect(area).toBeCloseTo(t.auc.value!, 5);
    }
    // pooled over all targets' 4 x 40 test sets
    expect(r.pooled).not.toBeNull();
    expect(r.pooled!.nMembers + r.pooled!.nNonMembers).toBe(4 * 40);
    expect(r.pooled!.roc.fpr.length).toBeLessThanOrEqual(60);
    expect(r.pooled!.auc.value).toBeGreaterThan(0.5);
    // no interval of zero width, even where every test set is classified right
    for (const t of r.targets) expect(t.auc.interval![1] - t.auc.interval![0]).toBeGreaterThan(0.01);
    expect(r.pooled!.auc.interval![1] - r.pooled!.auc.interval![0]).toBeGreaterThan(0.005);
  });
  it('independent (non-DP marginals): a random target is not recognised; only rare values of vulnerable ones leak through the marginals', async () => {
    const r = await shadowMia(ctx(2), { ...SMALL, generator: { name: 'independent' }, workers: 0 });
    const rnd = r.targets.filter((t) => t.kind === 'random');
    expect(rnd.length).toBe(1);
    for (const t of rnd) expect(t.auc.interval![0]).toBeLessThanOrEqual(0.5);
    expect(r.summary.meanAuc).toBeLessThanOrEqual(0.8);
    // test sets balanced per target, so pooling under one threshold is unbiased too
    for (const t of r.targets) expect(t.roc.fpr.length).toBeGreaterThan(2);
    expect(r.pooled!.auc.value).toBeLessThan(0.75);
    expect(r.pooled!.nMembers).toBe(r.pooled!.nNonMembers);
  });
  it('marginal-dp at epsilon 1: the empirical lower bound never exceeds 1, and no violation is flagged', async () => {
    const r = await shadowMia(ctx(3), { ...SMALL, generator: { name: 'marginal-dp', options: { epsilon: 1, delta: 1e-5 } }, workers: 0 });
    for (const t of r.targets) expect(t.epsilon.epsilonLb).toBeLessThanOrEqual(1);
    expect(r.dpCheck).not.toBeNull();
    expect(r.dpCheck!.claimedEpsilon).toBe(1);
    // 40 test sets (20 + 20): the cap 1.82 is above the claim, so the check is a real one
    expect(r.dpCheck!.cap).toBeCloseTo(epsilonCap(20, 20, 1e-5), 12);
    expect(r.dpCheck!.cap).toBeGreaterThan(1.8);
    expect(r.dpCheck!.status).toBe('not contradicted');
    expect(r.dpCheck!.testable).toBe(true);
    expect(r.dpCheck!.violation).toBe(false);
    expect(r.settings.neighbours).toBe('add-remove');
    // the threshold is chosen on out-of-fold training-set scores: every test set counts in the bound
    for (const t of r.targets) expect(t.epsilon.nTestMembers + t.epsilon.nTestNonMembers).toBe(40);
    for (const t of r.targets) expect(t.epsilon.maxCertifiable).toBeCloseTo(r.dpCheck!.cap, 12);
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
      expect(t.accuracy.interval![0]).toBeGreaterThan(t.baseline.interval![1]);
      expect(t.candidates).toContain(t.secret);
    }
  });
  it('independent: accuracy within noise of the prior baseline', async () => {
    const r = await shadowAia(ctx(6), { ...SMALL, nRandom: 0, generator: { name: 'independent' }, secret: 'relationship', candidates: 4, workers: 0 });
    for (const t of r.targets) expect(t.accuracy.interval![0]).toBeLessThanOrEqual(t.baseline.interval![1]);
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
    // too few sets for a meaningful interval: the message names the minimum
    expect((await userError(shadowMia(ctx(7), { ...SMALL, ...g, nTestSets: 4 }))).message).toMatch(/privacy\.shadow\.nTestSets must be an integer >= 20 .*\(got 4\)/);
    expect((await userError(shadowMia(ctx(7), { ...SMALL, ...g, nTrainSets: 19 }))).message).toMatch(/nTrainSets must be an integer >= 20/);
    expect((await userError(shadowMia(ctx(7), { ...SMALL, ...g, syntheticSize: 0 }))).message).toMatch(/privacy\.shadow\.syntheticSize/);
    expect((await userError(shadowMia(ctx(7), { ...SMALL, ...g, nVulnerable: -1 }))).message).toMatch(/privacy\.shadow\.nVulnerable/);
    expect((await userError(shadowMia(ctx(7), { ...SMALL, ...g, targets: [2000] }))).message).toMatch(/privacy\.shadow\.targets: row 2000/);
  });
  it('too few auxiliary rows for the default set size is a user error; a small holdout gets half its rows by default', async () => {
    const tiny = (n: number) => ({ ...ctx(8), holdout: subsetRows(P.holdout, Int32Array.from({ length: n }, (_, i) => i)) });
    const e = await userError(shadowMia(tiny(3), { ...SMALL, trainSize: undefined, generator: { name: 'identity' }, workers: 0 }));
    expect(e.message).toMatch(/holdout's 3 rows are too few/);
    const r = await shadowMia(tiny(120), { ...SMALL, trainSize: undefined, nTrainSets: 20, nTestSets: 20, nVulnerable: 1, nRandom: 0, nTrees: 10, generator: { name: 'independent' }, workers: 0 });
    expect(r.settings.trainSize).toBe(60);
    expect(r.settings.syntheticSize).toBe(60);
    expect(r.settings.notes.join(' ')).toMatch(/half the holdout's 120/);
  });
});

describe('the DP-claim check says what it can and cannot test (issue 17)', () => {
  const claim = (epsilon: number, delta = 0) => ({ kind: 'dp' as const, epsilon, delta, neighbours: 'add-remove' as const });
  it('states the cap: 100 test sets (50 + 50) reach at most ln((1 - u)/u), u = 1 - 0.05^(1/50), about 2.78', () => {
    const u = 1 - Math.pow(0.05, 1 / 50);
    expect(epsilonCap(50, 50, 0)).toBeCloseTo(Math.log((1 - u) / u), 12);
    expect(epsilonCap(25, 25, 0)).toBeCloseTo(2.0612, 4); // the old default's cap (100 test sets, half spent on the threshold)
    expect(epsilonCap(75, 75, 0)).toBeCloseTo(3.2003, 4); // the new default (150 test sets, all in the bound)
  });
  it('a claim at or above the cap is untestable (not passing), with the test sets it would need; the default rule is not evaluated, with the reason', () => {
    const s = { nTestSets: 150, neighbours: 'add-remove' as const };
    const d = dpCheckOf(claim(10), 0.4, s, 13, 0, 0.95);
    expect(d.status).toBe('untestable');
    expect(d.testable).toBe(false);
    expect(d.violation).toBeNull();
    expect(d.cap).toBeCloseTo(3.2003, 4);
    expect(d.testSetsNeeded).toBe(131974);
    // the needed count is the smallest whose cap exceeds the claim
    expect(epsilonCap(131974 / 2, 131974 / 2, 0)).toBeGreaterThan(10);
    expect(epsilonCap(131974 / 2 - 1, 131974 / 2 - 1, 0)).toBeLessThanOrEqual(10);
    expect(d.reason).toMatch(/cannot be tested with these settings.*3\.2.*131,974 test sets/);
    const rule = loadPolicy(DEFAULT_POLICY_PATH).rules.find((r) => r.path === 'privacy.shadowMia.dpCheck.violation')!;
    const v = evaluateRule({ privacy: { shadowMia: { dpCheck: d } } }, rule);
    expect(v.passed).toBeNull();
    expect(v.message).toMatch(/not evaluated.*cannot be tested with these settings/);
    // exactly at the cap: still untestable (the bound can equal it, never exceed it)
    expect(dpCheckOf(claim(d.cap), d.cap, s, 13, 0, 0.95).status).toBe('untestable');
    // below the cap: a real check either way, and the rule is evaluated
    const ok = dpCheckOf(claim(1), 0.7, s, 13, 0, 0.95);
    expect([ok.status, ok.violation]).toEqual(['not contradicted', false]);
    expect(evaluateRule({ privacy: { shadowMia: { dpCheck: ok } } }, rule).passed).toBe(true);
    const bad = dpCheckOf(claim(1), 1.9, s, 13, 0, 0.95);
    expect([bad.status, bad.violation]).toEqual(['violation', true]);
    expect(evaluateRule({ privacy: { shadowMia: { dpCheck: bad } } }, rule).passed).toBe(false);
    expect(testSetsNeeded(1, 0)).toBe(20);
    expect(testSetsNeeded(2, 0)).toBe(48);
  });
  it('shadow sets are add/remove neighbours: "out" sets hold trainSize - 1 rows (replace-one when the claim says so)', () => {
    const init = (neighbours: 'add-remove' | 'replace-one'): ShadowInit => ({
      domain: P.domain,
      spec: { name: 'identity', options: { replace: false } },
      aux: { n: P.holdout.n, codes: P.holdout.codes, values: P.holdout.values },
      trainSize: 10,
      syntheticSize: 10,
      neighbours,
    });
    const spec = { families: ['naive' as const], corrTopK: 3, target: null };
    const t = targetRow(P.real, 0);
    for (const nb of ['add-remove', 'replace-one'] as const) {
      const i = init(nb);
      // "in" sets always hold trainSize rows: 10 rows drawn without replacement work
      expect(runShadowTask(i, auxEncoded(i), { id: 0, seed: 1, insert: t, spec }).length).toBeGreaterThan(0);
    }
    // "out": 9 rows under add/remove (10 cannot be drawn without replacement), 10 under replace-one
    const ar = init('add-remove');
    expect(() => runShadowTask(ar, auxEncoded(ar), { id: 1, seed: 2, insert: null, spec })).toThrow(/cannot draw 10 rows without replacement from 9/);
    const ro = init('replace-one');
    expect(runShadowTask(ro, auxEncoded(ro), { id: 1, seed: 2, insert: null, spec }).length).toBeGreaterThan(0);
  });
  it('a DP claim without epsilon is a one-line user error; a stated claim is checked', () => {
    const cmd = (claim: unknown) => ({ generator: { name: 'command', options: { command: 'x {output}', claim } } });
    expect(() => checkPrivacyOptions(cmd({ kind: 'dp' }))).toThrow(/privacy\.generator\.options\.claim: a DP claim needs epsilon/);
    expect(() => checkPrivacyOptions(cmd({ kind: 'dp', epsilon: -1 }))).toThrow(/epsilon must be a finite number >= 0/);
    expect(() => checkPrivacyOptions(cmd({ kind: 'dp', epsilon: 1, delta: 2 }))).toThrow(/delta must be a number in \[0, 1\)/);
    expect(() => checkPrivacyOptions(cmd({ kind: 'dp', epsilon: 1, delta: 1e-5 }))).not.toThrow();
    expect(shadowDefaults({ name: 'command' })).toEqual({ nTrainSets: 60, nTestSets: 60, nVulnerable: 2, nRandom: 1 });
  });
});

describe('AUC intervals stay honest at small n (issue 14.0e)', () => {
  it('4 + 4 perfectly separated test sets do not give [1, 1]', () => {
    const y = [1, 1, 1, 1, 0, 0, 0, 0];
    const s = [0.9, 0.8, 0.85, 0.95, 0.1, 0.2, 0.3, 0.4];
    expect(rocAuc(s, y).lo).toBe(1); // DeLong collapses
    const iv = aucScoreInterval(1, 4, 4);
    expect(iv.hi).toBe(1);
    expect(iv.lo).toBeLessThan(0.8);
    expect(iv.lo).toBeGreaterThan(0.4);
    // wide at chance, narrowing with n, always containing the estimate
    const a = aucScoreInterval(0.5, 10, 10);
    expect(a.lo).toBeLessThan(0.3);
    expect(a.hi).toBeGreaterThan(0.7);
    const b = aucScoreInterval(0.5, 500, 500);
    expect(b.hi - b.lo).toBeLessThan(0.08);
    expect(b.hi - b.lo).toBeGreaterThan(0.05);
    for (const [A, m] of [[0.7, 20], [0.95, 20], [0.05, 30]]) {
      const c = aucScoreInterval(A, m, m);
      expect(c.lo).toBeLessThan(A);
      expect(c.hi).toBeGreaterThan(A);
    }
  });
});

describe('CLI flags for the shadow attacks (issues 17, 14.0e)', async () => {
  const { buildAuditOptions, COMMANDS } = await import('../../src/app/commands.js');
  const base = { real: 'r.csv', holdout: 'h.csv', synthetic: 's.csv' };
  const err = (v: Record<string, unknown>) => {
    try {
      buildAuditOptions({ ...base, ...v });
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as Error).message).not.toMatch(/\n/);
      return (e as Error).message;
    }
    throw new Error('expected a user error');
  };
  const cmd = 'node gen.js {input} {output} {rows} {seed}';
  it('--claim-epsilon/--claim-delta become the external generator claim; --epsilon with --generator-cmd is refused', () => {
    const o = buildAuditOptions({ ...base, 'generator-cmd': cmd, 'claim-epsilon': 1, 'claim-delta': 1e-5 });
    expect((o.privacy as any).generator).toEqual({ name: 'command', options: { command: cmd, claim: { kind: 'dp', epsilon: 1, delta: 1e-5, neighbours: 'add-remove' } } });
    expect(err({ 'generator-cmd': cmd, epsilon: 1 })).toMatch(/--epsilon configures a bundled generator.*--claim-epsilon 1/);
    expect(err({ 'generator-cmd': cmd, 'claim-delta': 1e-5 })).toMatch(/--claim-delta needs --claim-epsilon/);
    expect(err({ generator: 'marginal-dp', 'claim-epsilon': 1 })).toMatch(/external generator \(--generator-cmd\)/);
    expect(err({ 'generator-cmd': cmd, 'claim-epsilon': -2 })).toMatch(/epsilon must be a finite number >= 0/);
    const help = COMMANDS.find((c) => c.name === 'audit')!.options.map((x) => x.name);
    expect(help).toEqual(expect.arrayContaining(['claim-epsilon', 'claim-delta']));
  });
  it('--shadow-sets too small for a meaningful interval is a one-line error naming the minimum; otherwise split in halves', () => {
    expect(err({ 'shadow-sets': 10 })).toMatch(/--shadow-sets must be an integer >= 40 .*\(got 10\)/);
    expect(err({ 'shadow-sets': 12 })).toMatch(/>= 40/);
    expect((buildAuditOptions({ ...base, 'shadow-sets': 41 }).privacy as any).shadow).toEqual({ nTrainSets: 21, nTestSets: 20 });
  });
});
