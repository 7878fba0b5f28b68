// Shadow-model membership and attribute inference (Stadler et al. 2022 "Groundhog", as in TAPAS; targets by Meeus et al. 2023):
// the attacker knows the generator and holds auxiliary data (the holdout); per target, a random forest reads membership or the secret
// from features of synthetic sets sampled from generators fitted on shadow training sets with and without the target.

import { checkShadowOptions } from './options.js';
import { availableParallelism } from 'node:os';
import type { AuditContext } from '../src/context.js';
import type { Encoded } from '../src/domain.js';
import type { Rng } from '../src/rng.js';
import type { Design } from '../src/learners/learner.js';
import type { GeneratorSpec, PrivacyClaim } from '../src/generators/generator.js';
import { createGenerator } from '../src/generators/index.js';
import { UserError } from '../src/errors.js';
import { RandomForest } from '../src/learners/forest.js';
import { ALL_FEATURES, targetRow, type FeatureFamily, type FeatureSpec } from './features.js';
import { chooseTargets, type VulnerabilityOptions } from './targets.js';
import { runShadowTasks, type PoolReport } from './pool.js';
import type { ShadowInit, ShadowTask } from './shadow-task.js';
import { empiricalEpsilon, type EpsilonResult } from './epsilon.js';
import { miaSummary, rocAuc, rocPoints, wilson, zFor, type Interval, type Roc, type TprAtFpr } from './stats.js';

export interface ShadowOptions {
  /** The generator the attacker knows (any registered generator, incl. `command`). */
  generator: GeneratorSpec;
  /** Target rows of the real table; default: the nVulnerable most vulnerable (Meeus et al.) plus nRandom random rows. */
  targets?: number[];
  nVulnerable?: number;
  nRandom?: number;
  vulnerability?: VulnerabilityOptions;
  /** Shadow sets per target to train the attack model (default 200) and to test it (default 100). */
  nTrainSets?: number;
  nTestSets?: number;
  /** Rows per shadow training set (default 1,000, or half the holdout when that is smaller; at most the holdout) and per synthetic set (default = trainSize). */
  trainSize?: number;
  syntheticSize?: number;
  features?: FeatureFamily[];
  /** One-hot levels per categorical in the correlation features (default 3). */
  corrTopK?: number;
  /** Trees in the attack random forest (default 100, as TAPAS). */
  nTrees?: number;
  /** Worker threads (default: available cores; 0 = in-process). */
  workers?: number;
  confidence?: number;
  fprs?: number[];
  /** delta of the empirical epsilon bound (default: the generator's claimed delta, else 0). */
  delta?: number;
}

export interface AiaOptions extends ShadowOptions {
  /** Secret column (categorical). */
  secret: string;
  /** Candidate secret values: the K most frequent real levels, the target's own value always included (default 5). */
  candidates?: number;
}

interface TargetInfo {
  row: number;
  kind: 'given' | 'vulnerable' | 'random';
  vulnerability?: number;
}

export interface MiaTargetResult extends TargetInfo {
  auc: Interval;
  /** Accuracy of the forest's predicted label (probability >= 1/2) on the test sets; baseline 1/2. */
  accuracy: Interval;
  /** TPR - FPR at that threshold; interval: normal approximation with the two binomial variances. */
  advantage: Interval;
  tprAtFpr: TprAtFpr[];
  /** ROC of the forest's membership probability on the test sets (at most 60 exact vertices). */
  roc: Roc;
  epsilon: EpsilonResult;
}

export interface ShadowSettings {
  generator: GeneratorSpec;
  claim: PrivacyClaim;
  threatModel: string;
  nTrainSets: number;
  nTestSets: number;
  trainSize: number;
  syntheticSize: number;
  auxiliaryRows: number;
  features: FeatureFamily[];
  featureNote: string;
  corrTopK: number;
  nTrees: number;
  workers: number;
  notes: string[];
}

export interface ShadowMiaResult {
  settings: ShadowSettings;
  targets: MiaTargetResult[];
  summary: {
    meanAuc: number;
    maxAuc: number;
    meanAucVulnerable: number | null;
    meanAdvantage: number;
    worstEpsilonLb: number;
    worstTarget: number;
  };
  /**
   * All targets' test sets pooled under one threshold on the forests' probabilities (a global-threshold attack; null without targets).
   * AUC with the DeLong interval, which treats the pooled sets as independent.
   */
  pooled: { auc: Interval; roc: Roc; nMembers: number; nNonMembers: number } | null;
  /** When the generator claims (epsilon, delta)-DP: does any target's lower bound exceed the claim? */
  dpCheck: { claimedEpsilon: number; worstEpsilonLb: number; violation: boolean; note: string } | null;
}

export interface AiaTargetResult extends TargetInfo {
  /** True secret label of the target and the candidate labels. */
  secret: string;
  candidates: string[];
  /** Accuracy of the forest on test shadow sets (Wilson interval). */
  accuracy: Interval & { correct: number; sets: number };
  /** Prior-guess baseline: always guess the most frequent label of the training shadow sets, scored on the test sets. */
  baseline: Interval;
}

export interface ShadowAiaResult {
  settings: ShadowSettings & { secret: string; candidatesPerTarget: number };
  targets: AiaTargetResult[];
  summary: { meanAccuracy: number; meanBaseline: number; meanGain: number };
}

function defaultWorkers(): number {
  try {
    return Math.max(1, availableParallelism());
  } catch {
    return 2;
  }
}

function settingsOf(ctx: AuditContext, opts: ShadowOptions, claim: PrivacyClaim, workers: number, notes: string[]): ShadowSettings {
  const aux = ctx.holdout.n;
  // default: 1,000 rows, or half the auxiliary data when that is smaller (so the shadow sets are not all the same rows)
  const trainSize = opts.trainSize ?? Math.min(1000, Math.floor(aux / 2));
  if (opts.trainSize === undefined && trainSize < 2) {
    throw new UserError(`the holdout's ${aux} rows are too few for shadow-model sets (need at least 4, the attacker's auxiliary data): disable privacy.shadow or give a larger holdout`, { file: ctx.holdout.name });
  }
  checkShadowOptions(opts as unknown as Record<string, unknown>, 'privacy.shadow');
  if (trainSize > aux) {
    throw new UserError(`privacy.shadow.trainSize = ${trainSize} exceeds the holdout's ${aux} rows (the attacker's auxiliary data, from which every shadow training set is drawn): set it to at most ${aux}`, { file: ctx.holdout.name });
  }
  if (opts.trainSize === undefined && trainSize < 1000) notes.push(`shadow training sets of ${trainSize} rows (half the holdout's ${aux}; the default 1,000 needs a larger holdout)`);
  const synth = opts.syntheticSize ?? trainSize;
  for (const r of opts.targets ?? []) {
    if (!(Number.isInteger(r) && r >= 0 && r < ctx.real.n)) throw new UserError(`privacy.shadow.targets: row ${r} is outside the real table (rows 0..${ctx.real.n - 1})`, { file: ctx.real.name });
  }
  return {
    generator: opts.generator,
    claim,
    threatModel:
      'the attacker knows the generator and its options and holds auxiliary data from the population (the holdout); shadow training sets are drawn from it, half with the target inserted',
    nTrainSets: opts.nTrainSets ?? 200,
    nTestSets: opts.nTestSets ?? 100,
    trainSize,
    syntheticSize: synth,
    auxiliaryRows: ctx.holdout.n,
    features: opts.features ?? ALL_FEATURES,
    featureNote:
      'naive: mean/median/variance per numeric column (standardised by the real mean and std), code frequencies per categorical; hist: 1-way code frequencies (numeric = quantile bins); corr: Pearson upper triangle over numeric and top-K one-hot columns; target: closest Gower distance to the target and counts of synthetic rows at distance 0, <= 0.05, <= 0.1 (AIA: per candidate secret, closest distance on the other columns and exact matches)',
    corrTopK: opts.corrTopK ?? 3,
    nTrees: opts.nTrees ?? 100,
    workers,
    notes,
  };
}

function designOf(rows: Float64Array[]): Design {
  const p = rows.length ? rows[0].length : 0;
  const n = rows.length;
  const num: Float64Array[] = [];
  for (let f = 0; f < p; f++) {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = rows[i][f];
    num.push(c);
  }
  return { n, num, numNames: num.map((_, f) => `f${f}`), cat: [], catSizes: [], catNames: [] };
}

function initFor(ctx: AuditContext, s: ShadowSettings): ShadowInit {
  const H = ctx.holdout;
  return { domain: ctx.domain, spec: s.generator, aux: { n: H.n, codes: H.codes, values: H.values }, trainSize: s.trainSize, syntheticSize: s.syntheticSize };
}

function chooseTargetInfo(ctx: AuditContext, opts: ShadowOptions, rng: Rng): TargetInfo[] {
  const choice = chooseTargets(ctx.real, rng.fork('targets'), { rows: opts.targets, nVulnerable: opts.nVulnerable, nRandom: opts.nRandom, ...opts.vulnerability });
  return choice.reasons.map((r) => ({ row: r.row, kind: r.kind, ...(r.score !== undefined ? { vulnerability: r.score } : {}) }));
}

function claimOf(ctx: AuditContext, spec: GeneratorSpec): PrivacyClaim {
  return createGenerator(spec, ctx.domain).claim();
}

/**
 * Labels for nTrain training then nTest test sets, each part balanced on its own over k classes (a seeded permutation of a
 * round-robin). Balancing the parts separately keeps a class surplus in training from becoming a deficit in testing, which
 * would bias the prior baseline and anti-correlate a pooled score with the labels.
 */
function stratifiedLabels(nTrain: number, nTest: number, k: number, rng: Rng): Int32Array {
  const y = new Int32Array(nTrain + nTest);
  for (const [off, n, label] of [[0, nTrain, 'train'], [nTrain, nTest, 'test']] as const) {
    const p = rng.fork(label).permutation(n);
    for (let i = 0; i < n; i++) y[off + p[i]] = i % k;
  }
  return y;
}

export async function shadowMia(ctx: AuditContext, opts: ShadowOptions): Promise<ShadowMiaResult> {
  const rng = ctx.rng.fork('privacy.shadow-mia');
  const notes: string[] = [];
  const claim = claimOf(ctx, opts.generator);
  const s0 = settingsOf(ctx, opts, claim, opts.workers ?? defaultWorkers(), notes);
  const cl = opts.confidence ?? 0.95;
  const delta = opts.delta ?? (claim.kind === 'dp' ? claim.delta : 0);
  const targets = chooseTargetInfo(ctx, opts, rng);
  const nSets = s0.nTrainSets + s0.nTestSets;
  const tasks: ShadowTask[] = [];
  const labels: Uint8Array[] = [];
  targets.forEach((t, ti) => {
    const y = Uint8Array.from(stratifiedLabels(s0.nTrainSets, s0.nTestSets, 2, rng.fork(`labels.${ti}`)));
    labels.push(y);
    const tr = targetRow(ctx.real, t.row);
    const spec: FeatureSpec = { families: s0.features, corrTopK: s0.corrTopK, target: tr };
    for (let si = 0; si < nSets; si++) tasks.push({ id: ti * nSets + si, seed: rng.fork(`set.${ti}.${si}`).nextU32(), insert: y[si] ? tr : null, spec });
  });
  const report: PoolReport = { workers: s0.workers };
  const prog = ctx.progress.task(`privacy: shadow-model MIA (${targets.length} targets x ${nSets} sets)`, tasks.length);
  const feats = await runShadowTasks(initFor(ctx, s0), tasks, s0.workers, prog, report);
  prog.done();
  if (report.note) notes.push(report.note);
  const pooledScores: Float64Array[] = [];
  const pooledLabels: Uint8Array[] = [];
  const out: MiaTargetResult[] = targets.map((t, ti) => {
    const y = labels[ti];
    const f = feats.slice(ti * nSets, (ti + 1) * nSets);
    const trainX = designOf(f.slice(0, s0.nTrainSets));
    const testX = designOf(f.slice(s0.nTrainSets));
    const yTrain = Int32Array.from(y.subarray(0, s0.nTrainSets));
    const yTest = y.subarray(s0.nTrainSets);
    const rf = new RandomForest({ nTrees: s0.nTrees, rng: rng.fork(`forest.${ti}`) });
    rf.fit(trainX, { kind: 'classification', y: yTrain, nClasses: 2 });
    const pr = rf.predict(testX);
    const scores = new Float64Array(testX.n);
    for (let i = 0; i < testX.n; i++) scores[i] = pr[2 * i + 1];
    pooledScores.push(scores);
    pooledLabels.push(yTest);
    const sum = miaSummary(scores, yTest, cl, opts.fprs);
    let tp = 0;
    let fp = 0;
    let P = 0;
    let correct = 0;
    for (let i = 0; i < testX.n; i++) {
      const pred = scores[i] >= 0.5 ? 1 : 0;
      if (yTest[i]) {
        P++;
        if (pred) tp++;
      } else if (pred) fp++;
      if (pred === yTest[i]) correct++;
    }
    const N = testX.n - P;
    const tpr = tp / P;
    const fpr = fp / N;
    const z = zFor(cl);
    const se = Math.sqrt((tpr * (1 - tpr)) / P + (fpr * (1 - fpr)) / N);
    const acc = wilson(correct, testX.n, cl);
    return {
      ...t,
      auc: { value: sum.auc.value, lo: sum.auc.lo, hi: sum.auc.hi },
      accuracy: { value: acc.value, lo: acc.lo, hi: acc.hi },
      advantage: { value: tpr - fpr, lo: Math.max(-1, tpr - fpr - z * se), hi: Math.min(1, tpr - fpr + z * se) },
      tprAtFpr: sum.tprAtFpr,
      roc: sum.roc,
      epsilon: empiricalEpsilon(scores, yTest, rng.fork(`eps.${ti}`), { delta, confidence: cl }),
    };
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  let worst = 0;
  out.forEach((r, i) => {
    if (r.epsilon.epsilonLb > out[worst].epsilon.epsilonLb) worst = i;
  });
  const vul = out.filter((r) => r.kind === 'vulnerable');
  const worstEps = out.length ? out[worst].epsilon.epsilonLb : 0;
  return {
    settings: { ...s0, workers: report.workers },
    targets: out,
    pooled: pooledOf(pooledScores, pooledLabels, cl),
    summary: {
      meanAuc: mean(out.map((r) => r.auc.value)),
      maxAuc: Math.max(...out.map((r) => r.auc.value)),
      meanAucVulnerable: vul.length ? mean(vul.map((r) => r.auc.value)) : null,
      meanAdvantage: mean(out.map((r) => r.advantage.value)),
      worstEpsilonLb: worstEps,
      worstTarget: out.length ? out[worst].row : -1,
    },
    dpCheck:
      claim.kind === 'dp'
        ? {
            claimedEpsilon: claim.epsilon,
            worstEpsilonLb: worstEps,
            violation: worstEps > claim.epsilon,
            note: `each bound holds with probability >= ${cl} per Clopper-Pearson side; the worst of ${out.length} targets is reported (no multiple-testing correction)`,
          }
        : null,
  };
}

/** The pooled global-threshold ROC over all targets' test sets (null when there are no targets or one class is absent). */
function pooledOf(scores: Float64Array[], labels: Uint8Array[], cl: number): ShadowMiaResult['pooled'] {
  const n = scores.reduce((a, s) => a + s.length, 0);
  const s = new Float64Array(n);
  const y = new Uint8Array(n);
  let o = 0;
  scores.forEach((x, i) => {
    s.set(x, o);
    y.set(labels[i], o);
    o += x.length;
  });
  let P = 0;
  for (let i = 0; i < n; i++) P += y[i];
  if (P === 0 || P === n) return null;
  const a = rocAuc(s, y, cl);
  return { auc: { value: a.value, lo: a.lo, hi: a.hi }, roc: rocPoints(s, y), nMembers: a.nPositive, nNonMembers: a.nNegative };
}

/** Candidate codes: K most frequent real levels, with the target's own code replacing the last if absent. */
function candidatesFor(e: Encoded, j: number, row: number, K: number): number[] {
  const cd = e.domain.columns[j];
  if (cd.kind !== 'categorical') throw new Error('candidatesFor: categorical secrets only');
  const k = Math.max(2, Math.min(K, cd.levels.length));
  const c = Array.from({ length: k }, (_, i) => i);
  const own = e.codes[j][row];
  if (!c.includes(own)) c[k - 1] = own;
  return c;
}

export async function shadowAia(ctx: AuditContext, opts: AiaOptions): Promise<ShadowAiaResult> {
  const rng = ctx.rng.fork('privacy.shadow-aia');
  const notes: string[] = [];
  const sj = ctx.domain.index.get(opts.secret);
  if (sj === undefined) throw new Error(`shadow AIA: unknown secret column "${opts.secret}"`);
  const cdS = ctx.domain.columns[sj];
  if (cdS.kind !== 'categorical') throw new Error(`shadow AIA: the secret "${opts.secret}" must be categorical`);
  const claim = claimOf(ctx, opts.generator);
  const s0 = settingsOf(ctx, opts, claim, opts.workers ?? defaultWorkers(), notes);
  const cl = opts.confidence ?? 0.95;
  const K = opts.candidates ?? 5;
  const targets = chooseTargetInfo(ctx, opts, rng);
  const nSets = s0.nTrainSets + s0.nTestSets;
  const tasks: ShadowTask[] = [];
  const labels: Int32Array[] = [];
  const cands: number[][] = [];
  targets.forEach((t, ti) => {
    const cs = candidatesFor(ctx.real, sj, t.row, K);
    cands.push(cs);
    // labels: balanced over candidates, separately in the training and the test sets
    const y = stratifiedLabels(s0.nTrainSets, s0.nTestSets, cs.length, rng.fork(`labels.${ti}`));
    labels.push(y);
    const base = targetRow(ctx.real, t.row);
    const spec: FeatureSpec = { families: s0.features, corrTopK: s0.corrTopK, target: base, secret: { column: sj, candidates: cs } };
    for (let si = 0; si < nSets; si++) {
      const ins = { codes: base.codes.slice(), values: base.values.slice() };
      ins.codes[sj] = cs[y[si]];
      tasks.push({ id: ti * nSets + si, seed: rng.fork(`set.${ti}.${si}`).nextU32(), insert: ins, spec });
    }
  });
  const report: PoolReport = { workers: s0.workers };
  const prog = ctx.progress.task(`privacy: shadow-model AIA (${targets.length} targets x ${nSets} sets)`, tasks.length);
  const feats = await runShadowTasks(initFor(ctx, s0), tasks, s0.workers, prog, report);
  prog.done();
  if (report.note) notes.push(report.note);
  const out: AiaTargetResult[] = targets.map((t, ti) => {
    const y = labels[ti];
    const cs = cands[ti];
    const f = feats.slice(ti * nSets, (ti + 1) * nSets);
    const trainX = designOf(f.slice(0, s0.nTrainSets));
    const testX = designOf(f.slice(s0.nTrainSets));
    const yTrain = y.slice(0, s0.nTrainSets);
    const yTest = y.subarray(s0.nTrainSets);
    const rf = new RandomForest({ nTrees: s0.nTrees, rng: rng.fork(`forest.${ti}`) });
    rf.fit(trainX, { kind: 'classification', y: yTrain, nClasses: cs.length });
    const pr = rf.predict(testX);
    let correct = 0;
    for (let i = 0; i < testX.n; i++) {
      let best = 0;
      for (let c = 1; c < cs.length; c++) if (pr[i * cs.length + c] > pr[i * cs.length + best]) best = c;
      if (best === yTest[i]) correct++;
    }
    const counts = new Int32Array(cs.length);
    for (const v of yTrain) counts[v]++;
    let maj = 0;
    for (let c = 1; c < cs.length; c++) if (counts[c] > counts[maj]) maj = c;
    let baseCorrect = 0;
    for (const v of yTest) if (v === maj) baseCorrect++;
    const a = wilson(correct, testX.n, cl);
    const b = wilson(baseCorrect, testX.n, cl);
    return {
      ...t,
      secret: cdS.labels[ctx.real.codes[sj][t.row]],
      candidates: cs.map((c) => cdS.labels[c]),
      accuracy: { value: a.value, lo: a.lo, hi: a.hi, correct, sets: testX.n },
      baseline: { value: b.value, lo: b.lo, hi: b.hi },
    };
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((p, q) => p + q, 0) / xs.length : NaN);
  return {
    settings: { ...s0, workers: report.workers, secret: opts.secret, candidatesPerTarget: Math.max(2, Math.min(K, cdS.levels.length)) },
    targets: out,
    summary: {
      meanAccuracy: mean(out.map((r) => r.accuracy.value)),
      meanBaseline: mean(out.map((r) => r.baseline.value)),
      meanGain: mean(out.map((r) => r.accuracy.value - r.baseline.value)),
    },
  };
}
