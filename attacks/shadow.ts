// Shadow-model membership and attribute inference (Stadler et al. 2022 "Groundhog", as in TAPAS; targets by Meeus et al. 2023):
// the attacker knows the generator and holds auxiliary data (the holdout); per target, a random forest reads membership or the secret
// from features of synthetic sets sampled from generators fitted on shadow training sets with and without the target.

import { checkShadowOptions, MIN_SHADOW_SETS } from './options.js';
import { availableParallelism } from 'node:os';
import type { AuditContext } from '../src/context.js';
import type { Encoded } from '../src/domain.js';
import type { Rng } from '../src/rng.js';
import type { Design } from '../src/learners/learner.js';
import type { GeneratorSpec, PrivacyClaim } from '../src/generators/generator.js';
import { createGenerator } from '../src/generators/index.js';
import { UserError } from '../src/errors.js';
import { RandomForest } from '../src/learners/forest.js';
import { ALL_FEATURES, targetFeatureCount, targetRow, type FeatureFamily, type FeatureSpec } from './features.js';
import { chooseTargets, type VulnerabilityOptions } from './targets.js';
import { runShadowTasks, type PoolReport } from './pool.js';
import { type ShadowInit, type ShadowTask } from './shadow-task.js';
import { empiricalEpsilon, epsilonCap, testSetsNeeded, type EpsilonResult } from './epsilon.js';
import { aucScoreInterval, miaSummary, rocAuc, rocPoints, wilson, zFor, type Roc, type TprAtFprMeasure } from './stats.js';
import { baseline } from '../src/measure.js';
import { ivMeasure, CHANCE_AUC, type Measure } from './measures.js';

export interface ShadowOptions {
  /** The generator the attacker knows (any registered generator, incl. `command`). */
  generator: GeneratorSpec;
  /** Target rows of the real table; default: the nVulnerable most vulnerable (Meeus et al.) plus nRandom random rows. */
  targets?: number[];
  nVulnerable?: number;
  nRandom?: number;
  vulnerability?: VulnerabilityOptions;
  /**
   * Shadow sets per target to train the attack model and to test it (default 150 + 150; with a `command` generator 60 + 60,
   * and 2 vulnerable + 1 random targets, so that an external generator is launched hundreds of times, not thousands).
   * At least MIN_SETS each: fewer give no meaningful interval.
   */
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
  /** AUC with Newcombe's score interval, beside the chance baseline 0.5. */
  auc: Measure;
  /** Accuracy of the forest's predicted label (probability >= 1/2) on the test sets; baseline 1/2 (chance: balanced sets). */
  accuracy: Measure;
  /** TPR - FPR at that threshold; interval: normal approximation with the two binomial variances; baseline 0 (chance). */
  advantage: Measure;
  tprAtFpr: TprAtFprMeasure[];
  /** ROC of the forest's membership probability on the test sets (at most 60 exact vertices). */
  roc: Roc;
  epsilon: EpsilonResult;
  /** Which attack model scored the test sets, chosen by its out-of-fold score on the training sets (AUC; AIA: accuracy). */
  attack: AttackChoice;
}

export interface AttackChoice {
  model: 'target-aware' | 'all features';
  /** Out-of-fold score of each candidate on the training sets (3-fold); null when the candidate does not exist. */
  outOfFold: { targetAware: number | null; allFeatures: number };
}

export interface DpCheck {
  claimedEpsilon: number;
  claimedDelta: number;
  /** Neighbouring relation of the claim, which the shadow sets follow (add-remove: with vs without the target). */
  neighbours: 'add-remove' | 'replace-one';
  worstEpsilonLb: number;
  /** The largest lower bound these settings can report (every test set classified right): claims at or above it cannot be tested. */
  cap: number;
  /** 'violation': a bound exceeds the claim; 'not contradicted': no bound does, and one could have; 'untestable': claim >= cap. */
  status: 'violation' | 'not contradicted' | 'untestable';
  testable: boolean;
  /** true / false when testable; null when the claim cannot be tested with these settings (the policy rule is then not evaluated). */
  violation: boolean | null;
  /** Test sets per target whose cap exceeds the claim (null: none can). */
  testSetsNeeded: number | null;
  /** Why the claim cannot be tested (only when status = 'untestable'). */
  reason?: string;
  note: string;
}

/** Fewest shadow sets to train, and to test, the attack on one target: fewer give no meaningful interval. */
export const MIN_SETS = MIN_SHADOW_SETS;

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
  /** Neighbouring datasets of the shadow sets: add-remove (n-1 auxiliary rows with vs without the target) unless the claim is replace-one. */
  neighbours: 'add-remove' | 'replace-one';
  method: string;
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
   * AUC with the union of the DeLong and Newcombe score intervals (never of zero width), both treating the pooled sets as independent.
   */
  pooled: { auc: Measure; roc: Roc; nMembers: number; nNonMembers: number } | null;
  /** When the generator claims (epsilon, delta)-DP: does any target's lower bound exceed the claim, and can it at all? */
  dpCheck: DpCheck | null;
}

export interface AiaTargetResult extends TargetInfo {
  /** True secret label of the target and the candidate labels. */
  secret: string;
  candidates: string[];
  /** Accuracy of the forest on test shadow sets (Wilson interval), beside the prior guess (baseline kind 'chance', with its interval). */
  accuracy: Measure & { correct: number; sets: number };
  /** Prior-guess baseline: always guess the most frequent label of the training shadow sets, scored on the test sets
   * (kept at its own path as a measure, without a baseline of its own). */
  baseline: Measure;
  attack: AttackChoice;
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

/** Defaults that depend on the generator: an external command is launched once per shadow set, so it gets a smaller budget. */
export function shadowDefaults(spec: GeneratorSpec): { nTrainSets: number; nTestSets: number; nVulnerable: number; nRandom: number } {
  return spec.name === 'command' ? { nTrainSets: 60, nTestSets: 60, nVulnerable: 2, nRandom: 1 } : { nTrainSets: 150, nTestSets: 150, nVulnerable: 10, nRandom: 3 };
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
  const dflt = shadowDefaults(opts.generator);
  if (opts.generator.name === 'command' && (opts.nTrainSets === undefined || opts.nTestSets === undefined)) {
    notes.push(`external generator: default budget of ${dflt.nTrainSets} + ${dflt.nTestSets} shadow sets per target (bundled generators: 150 + 150) so the command runs hundreds of times, not thousands; raise privacy.shadow.nTrainSets / nTestSets for tighter bounds`);
  }
  const neighbours = claim.kind === 'dp' && claim.neighbours === 'replace-one' ? 'replace-one' : 'add-remove';
  return {
    generator: opts.generator,
    claim,
    threatModel:
      neighbours === 'add-remove'
        ? 'the attacker knows the generator and its options and holds auxiliary data from the population (the holdout); each shadow training set is trainSize - 1 auxiliary rows, half of them with the target added (add/remove neighbours, as the DP claims)'
        : 'the attacker knows the generator and its options and holds auxiliary data from the population (the holdout); each shadow training set is trainSize rows, half of them with one auxiliary row replaced by the target (replace-one neighbours, as the DP claim)',
    nTrainSets: opts.nTrainSets ?? dflt.nTrainSets,
    nTestSets: opts.nTestSets ?? dflt.nTestSets,
    trainSize,
    syntheticSize: synth,
    auxiliaryRows: ctx.holdout.n,
    features: opts.features ?? ALL_FEATURES,
    featureNote:
      'naive: mean/median/variance per numeric column (standardised by the real mean and std), code frequencies per categorical; hist: 1-way code frequencies (numeric = quantile bins); corr: Pearson upper triangle over numeric and top-K one-hot columns; target: closest Gower distance to the target, mean distance to its 5 and 20 nearest synthetic rows, counts of synthetic rows at distance 0, <= 0.05, <= 0.1, <= 0.2, per column the share of synthetic rows with the target\'s code, the smallest share, and rows matching the target in all columns but one (AIA: per candidate secret, closest distance on the other columns and exact matches)',
    corrTopK: opts.corrTopK ?? 3,
    nTrees: opts.nTrees ?? 100,
    workers,
    neighbours,
    method:
      `per target, two random forests are trained on the training sets, one on the target-aware features alone and one on all features; the one with the higher 3-fold out-of-fold AUC (AIA: accuracy) scores the test sets. ` +
      `The epsilon threshold is chosen on those out-of-fold training-set scores, so every test set counts in the Clopper-Pearson bounds. ` +
      `Shadow sets are ${neighbours === 'add-remove' ? 'add/remove neighbours (trainSize - 1 auxiliary rows, plus the target in "in" sets)' : 'replace-one neighbours (trainSize rows; "in" sets replace one auxiliary row by the target)'}, the relation the DP claim is stated for, so the bound compares with the claimed epsilon directly. ` +
      `AUC interval per target: Newcombe's score interval (2006, method 5), never of zero width.`,
    notes,
  };
}

function designOf(rows: Float64Array[], from = 0, to = rows.length ? rows[0].length : 0): Design {
  const n = rows.length;
  const num: Float64Array[] = [];
  for (let f = from; f < to; f++) {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = rows[i][f];
    num.push(c);
  }
  return { n, num, numNames: num.map((_, f) => `f${from + f}`), cat: [], catSizes: [], catNames: [] };
}

function initFor(ctx: AuditContext, s: ShadowSettings): ShadowInit {
  const H = ctx.holdout;
  return { domain: ctx.domain, spec: s.generator, aux: { n: H.n, codes: H.codes, values: H.values }, trainSize: s.trainSize, syntheticSize: s.syntheticSize, neighbours: s.neighbours };
}

function chooseTargetInfo(ctx: AuditContext, opts: ShadowOptions, rng: Rng): TargetInfo[] {
  const d = shadowDefaults(opts.generator);
  const choice = chooseTargets(ctx.real, rng.fork('targets'), { rows: opts.targets, nVulnerable: opts.nVulnerable ?? d.nVulnerable, nRandom: opts.nRandom ?? d.nRandom, ...opts.vulnerability });
  return choice.reasons.map((r) => ({ row: r.row, kind: r.kind, ...(r.score !== undefined ? { vulnerability: r.score } : {}) }));
}

function claimOf(ctx: AuditContext, spec: GeneratorSpec): PrivacyClaim {
  const c = createGenerator(spec, ctx.domain).claim();
  if (c.kind === 'dp' && !(typeof c.epsilon === 'number' && Number.isFinite(c.epsilon) && c.epsilon >= 0)) {
    throw new UserError(`generator ${spec.name}: a DP claim needs a finite epsilon >= 0 (got ${JSON.stringify(c.epsilon)}); give --claim-epsilon or privacy.generator.options.claim.epsilon`);
  }
  // a stated claim may leave out delta (pure DP) and the neighbouring relation (add/remove, the usual one)
  return c.kind === 'dp' ? { ...c, delta: c.delta ?? 0, neighbours: c.neighbours ?? 'add-remove' } : c;
}

const FOLDS = 3;

/** Probability of class 1 (MIA) or accuracy-ready class probabilities: score of a candidate model's out-of-fold predictions. */
type FoldScore = (probs: Float64Array, y: Int32Array) => number;

/**
 * The attack on one target: candidate forests on the target-aware features alone and on all features; each is scored by
 * 3-fold out-of-fold predictions on the training sets, the better one (ties: all features) is refitted on every training set
 * and scores the test sets. Returns the test and out-of-fold class probabilities (rows x k) of the chosen model.
 */
function fitAttack(f: Float64Array[], nTrain: number, y: Int32Array, k: number, nTargetFeat: number, nTrees: number, rng: Rng, score: FoldScore): { test: Float64Array; oof: Float64Array; attack: AttackChoice } {
  const p = f.length ? f[0].length : 0;
  const train = f.slice(0, nTrain);
  const test = f.slice(nTrain);
  // stratified folds: a seeded permutation within each class, dealt round-robin
  const fold = new Int32Array(nTrain);
  for (let c = 0; c < k; c++) {
    const idx: number[] = [];
    for (let i = 0; i < nTrain; i++) if (y[i] === c) idx.push(i);
    const perm = rng.fork(`folds.${c}`).permutation(idx.length);
    for (let t = 0; t < idx.length; t++) fold[idx[perm[t]]] = t % FOLDS;
  }
  const candidates: { name: 'target-aware' | 'all features'; from: number; to: number }[] = [];
  if (nTargetFeat > 0 && nTargetFeat < p) candidates.push({ name: 'target-aware', from: p - nTargetFeat, to: p });
  candidates.push({ name: 'all features', from: 0, to: p });
  const fitted = candidates.map((cand) => {
    const oof = new Float64Array(nTrain * k);
    for (let q = 0; q < FOLDS; q++) {
      const inRows: Float64Array[] = [];
      const yIn: number[] = [];
      const outIdx: number[] = [];
      for (let i = 0; i < nTrain; i++) {
        if (fold[i] === q) outIdx.push(i);
        else {
          inRows.push(train[i]);
          yIn.push(y[i]);
        }
      }
      const rf = new RandomForest({ nTrees, rng: rng.fork(`${cand.name}.fold.${q}`) });
      rf.fit(designOf(inRows, cand.from, cand.to), { kind: 'classification', y: Int32Array.from(yIn), nClasses: k });
      const pr = rf.predict(designOf(outIdx.map((i) => train[i]), cand.from, cand.to));
      outIdx.forEach((i, r) => {
        for (let c = 0; c < k; c++) oof[i * k + c] = pr[r * k + c];
      });
    }
    return { cand, oof, score: score(oof, y.subarray(0, nTrain)) };
  });
  let best = fitted[fitted.length - 1];
  for (const x of fitted) if (x.score > best.score) best = x;
  const rf = new RandomForest({ nTrees, rng: rng.fork(best.cand.name) });
  rf.fit(designOf(train, best.cand.from, best.cand.to), { kind: 'classification', y: Int32Array.from(y.subarray(0, nTrain)), nClasses: k });
  const pr = rf.predict(designOf(test, best.cand.from, best.cand.to));
  const ta = fitted.find((x) => x.cand.name === 'target-aware');
  return {
    test: pr,
    oof: best.oof,
    attack: { model: best.cand.name, outOfFold: { targetAware: ta ? ta.score : null, allFeatures: fitted[fitted.length - 1].score } },
  };
}

const column1 = (probs: Float64Array, n: number) => {
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = probs[2 * i + 1];
  return s;
};
const aucScore: FoldScore = (probs, y) => rocAuc(column1(probs, y.length), y).value;
const accuracyScore =
  (k: number): FoldScore =>
  (probs, y) => {
    let correct = 0;
    for (let i = 0; i < y.length; i++) {
      let b = 0;
      for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + b]) b = c;
      if (b === y[i]) correct++;
    }
    return correct / y.length;
  };

/**
 * Run the shadow tasks; with an external command, run the first one alone, time it and print the estimated total before
 * launching the rest (results do not depend on it: every task carries its own seed).
 */
async function runTasks(ctx: AuditContext, init: ShadowInit, tasks: ShadowTask[], s0: ShadowSettings, label: string, report: PoolReport): Promise<Float64Array[]> {
  const prog = ctx.progress.task(label, tasks.length);
  let first: Float64Array[] = [];
  let rest = tasks;
  if (s0.generator.name === 'command' && tasks.length > 1) {
    ctx.progress.log(`${label}: the external generator will run ${tasks.length} times (privacy.shadow.nTrainSets + nTestSets per target); timing the first run`);
    const t0 = performance.now();
    // on a worker thread (as the rest), so the main thread stays free for progress and signal handlers meanwhile
    first = await runShadowTasks(init, tasks.slice(0, 1), Math.min(1, s0.workers), prog, report);
    const sec = (performance.now() - t0) / 1000;
    rest = tasks.slice(1);
    const w = Math.max(1, Math.min(s0.workers, rest.length));
    const total = (sec * rest.length) / w;
    const fmt = (x: number) => (x < 120 ? `${Math.round(x)} s` : x < 7200 ? `${Math.round(x / 60)} min` : `${(x / 3600).toFixed(1)} h`);
    ctx.progress.log(`${label}: one run of the external generator took ${sec.toFixed(1)} s; ${rest.length} more on ${w} worker${w > 1 ? 's' : ''}: about ${fmt(total)}`);
  }
  const out = first.concat(await runShadowTasks(init, rest, s0.workers, prog, report, { queueAll: s0.generator.name !== 'command' }));
  prog.done();
  return out;
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
  const nTargetFeat: number[] = [];
  targets.forEach((t, ti) => {
    const y = Uint8Array.from(stratifiedLabels(s0.nTrainSets, s0.nTestSets, 2, rng.fork(`labels.${ti}`)));
    labels.push(y);
    const tr = targetRow(ctx.real, t.row);
    const spec: FeatureSpec = { families: s0.features, corrTopK: s0.corrTopK, target: tr };
    nTargetFeat.push(targetFeatureCount(ctx.domain, spec));
    for (let si = 0; si < nSets; si++) tasks.push({ id: ti * nSets + si, seed: rng.fork(`set.${ti}.${si}`).nextU32(), insert: y[si] ? tr : null, spec });
  });
  const report: PoolReport = { workers: s0.workers };
  const feats = await runTasks(ctx, initFor(ctx, s0), tasks, s0, `privacy: shadow-model MIA (${targets.length} targets x ${nSets} sets)`, report);
  if (report.note) notes.push(report.note);
  const pooledScores: Float64Array[] = [];
  const pooledLabels: Uint8Array[] = [];
  const out: MiaTargetResult[] = targets.map((t, ti) => {
    const y = labels[ti];
    const f = feats.slice(ti * nSets, (ti + 1) * nSets);
    const yTrain = Int32Array.from(y.subarray(0, s0.nTrainSets));
    const yTest = y.subarray(s0.nTrainSets);
    const fit = fitAttack(f, s0.nTrainSets, yTrain, 2, nTargetFeat[ti], s0.nTrees, rng.fork(`forest.${ti}`), aucScore);
    const scores = column1(fit.test, yTest.length);
    const oofScores = column1(fit.oof, s0.nTrainSets);
    pooledScores.push(scores);
    pooledLabels.push(yTest);
    const sum = miaSummary(scores, yTest, cl, opts.fprs);
    let tp = 0;
    let fp = 0;
    let P = 0;
    let correct = 0;
    for (let i = 0; i < yTest.length; i++) {
      const pred = scores[i] >= 0.5 ? 1 : 0;
      if (yTest[i]) {
        P++;
        if (pred) tp++;
      } else if (pred) fp++;
      if (pred === yTest[i]) correct++;
    }
    const N = yTest.length - P;
    const tpr = tp / P;
    const fpr = fp / N;
    const z = zFor(cl);
    const se = Math.sqrt((tpr * (1 - tpr)) / P + (fpr * (1 - fpr)) / N);
    const acc = wilson(correct, yTest.length, cl);
    const auc = aucScoreInterval(sum.auc.value ?? NaN, P, N, cl);
    return {
      ...t,
      auc: ivMeasure(auc, baseline('chance', CHANCE_AUC)),
      accuracy: ivMeasure(acc, baseline('chance', 0.5)),
      advantage: ivMeasure({ value: tpr - fpr, lo: Math.max(-1, tpr - fpr - z * se), hi: Math.min(1, tpr - fpr + z * se) }, baseline('chance', 0)),
      tprAtFpr: sum.tprAtFpr,
      roc: sum.roc,
      epsilon: empiricalEpsilon(scores, yTest, rng.fork(`eps.${ti}`), { delta, confidence: cl, validation: { scores: oofScores, labels: yTrain } }),
      attack: fit.attack,
    };
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const v = (m: Measure) => m.value ?? NaN;
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
      meanAuc: mean(out.map((r) => v(r.auc))),
      maxAuc: Math.max(...out.map((r) => v(r.auc))),
      meanAucVulnerable: vul.length ? mean(vul.map((r) => v(r.auc))) : null,
      meanAdvantage: mean(out.map((r) => v(r.advantage))),
      worstEpsilonLb: worstEps,
      worstTarget: out.length ? out[worst].row : -1,
    },
    dpCheck: claim.kind === 'dp' ? dpCheckOf(claim, worstEps, s0, out.length, delta, cl) : null,
  };
}

/** The DP-claim check: the cap of these settings first (a claim at or above it cannot be contradicted), then the bound. */
export function dpCheckOf(claim: Extract<PrivacyClaim, { kind: 'dp' }>, worstEps: number, s: Pick<ShadowSettings, 'nTestSets' | 'neighbours'>, nTargets: number, delta: number, cl: number): DpCheck {
  const nPos = Math.floor(s.nTestSets / 2);
  const cap = epsilonCap(nPos, s.nTestSets - nPos, delta, cl);
  const needed = testSetsNeeded(claim.epsilon, delta, cl);
  const testable = nTargets > 0 && cap > claim.epsilon;
  const r = (x: number) => +x.toPrecision(3);
  const needText = needed === null ? 'no number of test sets can' : `it needs at least ${needed.toLocaleString('en-US')} test sets per target (privacy.shadow.nTestSets; ${s.nTestSets} now)`;
  const base = {
    claimedEpsilon: claim.epsilon,
    claimedDelta: delta,
    neighbours: s.neighbours,
    worstEpsilonLb: worstEps,
    cap,
    testSetsNeeded: needed,
    note: `bounds at ${cl} confidence per Clopper-Pearson side from ${s.nTestSets} test sets per target; the largest bound these settings can report is ${r(cap)} (every test set classified right); the worst of ${nTargets} targets is reported (no multiple-testing correction)`,
  };
  if (!testable) {
    return {
      ...base,
      status: 'untestable',
      testable: false,
      violation: null,
      reason: nTargets === 0 ? 'no target was attacked' : `the claimed epsilon ${r(claim.epsilon)} cannot be tested with these settings: the largest lower bound ${s.nTestSets} test sets can give is ${r(cap)}; ${needText}`,
    };
  }
  const violation = worstEps > claim.epsilon;
  return { ...base, status: violation ? 'violation' : 'not contradicted', testable: true, violation };
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
  // DeLong collapses to zero width at perfect separation: take the union with Newcombe's score interval
  const nc = aucScoreInterval(a.value, a.nPositive, a.nNegative, cl);
  return { auc: ivMeasure({ value: a.value, lo: Math.min(a.lo, nc.lo), hi: Math.max(a.hi, nc.hi) }, baseline('chance', CHANCE_AUC)), roc: rocPoints(s, y), nMembers: a.nPositive, nNonMembers: a.nNegative };
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
  const nTargetFeat: number[] = [];
  targets.forEach((t, ti) => {
    const cs = candidatesFor(ctx.real, sj, t.row, K);
    cands.push(cs);
    // labels: balanced over candidates, separately in the training and the test sets
    const y = stratifiedLabels(s0.nTrainSets, s0.nTestSets, cs.length, rng.fork(`labels.${ti}`));
    labels.push(y);
    const base = targetRow(ctx.real, t.row);
    const spec: FeatureSpec = { families: s0.features, corrTopK: s0.corrTopK, target: base, secret: { column: sj, candidates: cs } };
    nTargetFeat.push(targetFeatureCount(ctx.domain, spec));
    for (let si = 0; si < nSets; si++) {
      const ins = { codes: base.codes.slice(), values: base.values.slice() };
      ins.codes[sj] = cs[y[si]];
      tasks.push({ id: ti * nSets + si, seed: rng.fork(`set.${ti}.${si}`).nextU32(), insert: ins, spec });
    }
  });
  const report: PoolReport = { workers: s0.workers };
  const feats = await runTasks(ctx, initFor(ctx, s0), tasks, s0, `privacy: shadow-model AIA (${targets.length} targets x ${nSets} sets)`, report);
  if (report.note) notes.push(report.note);
  const accs: number[] = [];
  const bases: number[] = [];
  const out: AiaTargetResult[] = targets.map((t, ti) => {
    const y = labels[ti];
    const cs = cands[ti];
    const f = feats.slice(ti * nSets, (ti + 1) * nSets);
    const yTrain = y.slice(0, s0.nTrainSets);
    const yTest = y.subarray(s0.nTrainSets);
    const k = cs.length;
    const fit = fitAttack(f, s0.nTrainSets, yTrain, k, nTargetFeat[ti], s0.nTrees, rng.fork(`forest.${ti}`), accuracyScore(k));
    const pr = fit.test;
    let correct = 0;
    for (let i = 0; i < yTest.length; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (pr[i * k + c] > pr[i * k + best]) best = c;
      if (best === yTest[i]) correct++;
    }
    const counts = new Int32Array(k);
    for (const v of yTrain) counts[v]++;
    let maj = 0;
    for (let c = 1; c < k; c++) if (counts[c] > counts[maj]) maj = c;
    let baseCorrect = 0;
    for (const v of yTest) if (v === maj) baseCorrect++;
    const a = wilson(correct, yTest.length, cl);
    const b = wilson(baseCorrect, yTest.length, cl);
    accs.push(a.value);
    bases.push(b.value);
    return {
      ...t,
      secret: cdS.labels[ctx.real.codes[sj][t.row]],
      candidates: cs.map((c) => cdS.labels[c]),
      accuracy: ivMeasure(a, baseline('chance', b.value, [b.lo, b.hi]), { correct, sets: yTest.length }),
      baseline: ivMeasure(b, null),
      attack: fit.attack,
    };
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((p, q) => p + q, 0) / xs.length : NaN);
  return {
    settings: { ...s0, workers: report.workers, secret: opts.secret, candidatesPerTarget: Math.max(2, Math.min(K, cdS.levels.length)) },
    targets: out,
    summary: {
      meanAccuracy: mean(accs),
      meanBaseline: mean(bases),
      meanGain: mean(accs.map((x, i) => x - bases[i])),
    },
  };
}
