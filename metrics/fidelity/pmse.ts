// Propensity-score MSE (Woo et al. 2009; Snoke, Raab, Nowok, Dibben & Slavkovic 2018, as synthpop's utility.gen):
// logistic main effects (exact Newton fit) with its chi-square null, a CART tree with a label-permutation null, CV detection AUC.

import type { AuditContext } from '../../src/context.js';
import { concatEncoded, exactCodes, type Encoded } from '../../src/domain.js';
import type { Rng } from '../../src/rng.js';
import { designFrom, subsetDesign, type Design, type Learner, type Target } from '../../src/learners/learner.js';
import { LogisticRegression } from '../../src/learners/logistic.js';
import { aucFromScores } from '../../src/learners/scoring.js';
import { finite } from './stats.js';
import { baseline, measure, type Better } from '../../src/measure.js';
import type { SummaryItem } from './measures.js';
import { binOnce, PropensityTrees, treeDesign, treePropensity } from './pmse-tree.js';

export interface PmseOptions {
  /** Label permutations for the tree's null pMSE (at least 20 are used). Default 20. */
  permutations?: number;
  /** Folds of the seeded, stratified cross-validation for the detection AUC. Default 5. */
  folds?: number;
  /** Tree: minimum rows per leaf (synthpop's minbucket). Default 5. */
  minLeaf?: number;
  /** Tree: maximum depth (default: unlimited). */
  maxDepth?: number;
  /**
   * Tree: best-first growth up to this many leaves. Default 64: the tree has no rpart-style complexity parameter, and
   * a fully grown tree (min leaf 5) both overfits (its in-sample pMSE is mostly noise) and is ~5x slower. 0 = unlimited.
   */
  maxLeafNodes?: number;
  /** Also cross-validate the logit's detection AUC (folds more exact Newton fits per comparison). Default false. */
  logisticAuc?: boolean;
  /** Leave out one of the two propensity models. Defaults true. */
  logistic?: boolean;
  tree?: boolean;
}

export interface LogisticPmse {
  pmse: number | null;
  /** Identifiable parameters including the intercept (k of the null). */
  k: number;
  /** E0 = (k - 1)(1 - c)^2 c / N: the null mean when the synthetic table was drawn from a model fitted to the real one. */
  nullExpected: number | null;
  /** S_pMSE = pMSE / E0 (Snoke et al.; synthpop's "pMSE ratio" for the logit). */
  snokeRatio: number | null;
  /** (pMSE - E0) / SD0 with SD0 = sqrt(2 (k - 1)) (1 - c)^2 c / N (Snoke's standardised pMSE). */
  standardized: number | null;
  /** pMSE / (E0 / (1 - c)): the null mean for an independent fresh sample of the population; about 1 for one. */
  independentRatio: number | null;
  converged: boolean;
  iterations: number;
  /** Out-of-fold ROC AUC of the logit (only when options.logisticAuc). */
  cvAuc: number | null;
  /** Caveats on reading k and the nulls (e.g. several unseen categories merged into one code). */
  notes: string[];
}

export interface TreePmse {
  pmse: number | null;
  leaves: number | null;
  permutations: number;
  /** Mean and SD of the pMSE of the same tree refitted on permuted labels (NOT halved; see conventions). */
  permutationMean: number | null;
  permutationSd: number | null;
  /** pMSE / permutationMean: about 1 when the tree cannot tell the tables apart. */
  ratio: number | null;
  /** (pMSE - permutationMean) / permutationSd. */
  standardized: number | null;
  /** Out-of-fold ROC AUC of the tree (0.5 = indistinguishable). */
  cvAuc: number | null;
  folds: number;
}

export interface PmseComparison {
  /** Rows stacked: real (label 0) then the other table (label 1). */
  rows: { real: number; other: number; total: number };
  /** c = n_other / N. */
  c: number;
  logistic: LogisticPmse | null;
  tree: TreePmse | null;
}

export interface PmseSection {
  conventions: Record<string, string>;
  /** Real vs synthetic. */
  synthetic: PmseComparison;
  /** Real vs holdout: the floor a fresh sample of the population gives. */
  holdout: PmseComparison;
  summary: SummaryItem[];
}

export const PMSE_CONVENTIONS: Record<string, string> = {
  pmse: 'Stack real (label 0) and the other table (label 1), N = n_real + n_other, c = n_other / N; pMSE = (1/N) sum (p_hat - c)^2 with p_hat the in-sample propensity of the fitted model.',
  logistic: 'Main-effects logit over all columns (numeric standardised with the real statistics, a missing numeric cell at the real mean plus a 0/1 missing indicator for every numeric column with a missing cell in the stacked tables, categorical one-hot with reference coding; missing and unseen are categories), unpenalised, fitted exactly by Newton/IRLS. A category present in only one of the two tables (checked in rounds, over the rows not yet settled) separates them: the MLE is at infinity, so its rows get their limit propensity (0 or 1) and the other rows are fitted exactly, which is the limit of the Newton iterates (converged = that fit). k = identifiable parameters of all rows incl. intercept. snokeRatio = pMSE / ((k-1)(1-c)^2 c / N) assumes the synthetic table was drawn from a model fitted to the real one; for an independent fresh sample its expectation is about 1/(1-c), so independentRatio = pMSE / (E0 / (1-c)) is also given (about 1 for a fresh sample). A main-effects logit cannot see lost associations between columns: read it beside the tree.',
  tree: 'CART-like classification tree (Gini, min leaf 5 = synthpop minbucket, best-first growth to at most 64 leaves in place of rpart\'s cp = 1e-3, which the tree learner does not have) on the Domain codes (numeric columns as their ordered quantile-bin codes, missing last; categorical codes as categories). Null = mean pMSE of the same tree refitted on permuted labels (>= 20 permutations, seeded); ratio = pMSE / that mean, NOT halved (synthpop halves each permuted pMSE, exact only at c = 1/2).',
  auc: 'Detection AUC = out-of-fold ROC AUC of the propensity model over a seeded, label-stratified k-fold split (0.5 = cannot tell real from synthetic). Reported as an AUC, not folded into a score.',
  floor: 'holdout = the same computation with the holdout in place of the synthetic table.',
};

/** pMSE = mean (p_i - c)^2 over propensities p (length N). */
export function pmseOf(p: ArrayLike<number>, c: number): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - c) * (p[i] - c);
  return p.length ? s / p.length : NaN;
}

/** Null mean and SD of the logistic pMSE (Snoke et al. 2018): pMSE ~ (1-c)^2 c / N * chi2_{k-1}. */
export function logisticNull(k: number, c: number, N: number): { expected: number; sd: number } {
  const unit = ((1 - c) * (1 - c) * c) / N;
  return { expected: (k - 1) * unit, sd: Math.sqrt(2 * (k - 1)) * unit };
}

/** Class-1 column of a row-major n x 2 probability matrix. */
function positiveColumn(proba: Float64Array, n: number): Float64Array {
  if (proba.length === n) return proba;
  const o = new Float64Array(n);
  for (let i = 0; i < n; i++) o[i] = proba[2 * i + 1];
  return o;
}

/** Seeded, label-stratified fold of each row (0..folds-1). */
export function stratifiedFolds(y: Int32Array, folds: number, rng: Rng): Int32Array {
  const f = new Int32Array(y.length);
  for (const label of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === label) idx.push(i);
    const perm = rng.permutation(idx.length);
    for (let t = 0; t < perm.length; t++) f[idx[perm[t]]] = t % folds;
  }
  return f;
}

/** Out-of-fold AUC of a learner over a design. */
export function cvAuc(X: Design, y: Int32Array, folds: number, rng: Rng, make: () => Learner): number {
  const fold = stratifiedFolds(y, folds, rng);
  const scores = new Float64Array(y.length);
  for (let k = 0; k < folds; k++) {
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < y.length; i++) (fold[i] === k ? te : tr).push(i);
    if (te.length === 0 || tr.length === 0) continue;
    const ytr = Int32Array.from(tr, (i) => y[i]);
    const model = make().fit(subsetDesign(X, tr), { kind: 'classification', y: ytr, nClasses: 2 });
    const p = positiveColumn(model.predict(subsetDesign(X, te)), te.length);
    for (let t = 0; t < te.length; t++) scores[te[t]] = p[t];
  }
  return aucFromScores(scores, y);
}

/** Logistic pMSE of real vs other on a prepared design. */
export function logisticPmse(X: Design, y: Int32Array, c: number, opts: { auc?: boolean; folds?: number; rng?: Rng } = {}): LogisticPmse {
  const N = y.length;
  const target: Target = { kind: 'classification', y, nClasses: 2 };
  const model = new LogisticRegression({ C: Infinity, settleSeparation: true }).fit(X, target);
  const p = positiveColumn(model.predict(X), N);
  const pm = pmseOf(p, c);
  const k = model.nParams();
  const nul = logisticNull(k, c, N);
  const ok = k > 1 && nul.expected > 0;
  const auc = opts.auc && opts.rng ? cvAuc(X, y, opts.folds ?? 5, opts.rng, () => new LogisticRegression({ C: Infinity, settleSeparation: true })) : NaN;
  return {
    pmse: finite(pm),
    k,
    nullExpected: ok ? nul.expected : null,
    snokeRatio: ok ? finite(pm / nul.expected) : null,
    standardized: ok ? finite((pm - nul.expected) / nul.sd) : null,
    independentRatio: ok ? finite(pm / (nul.expected / (1 - c))) : null,
    converged: model.converged,
    iterations: model.nIter,
    cvAuc: finite(auc),
    notes: [],
  };
}

/** Tree pMSE with its permutation null and CV AUC; the design is binned once and reused by every tree. */
export function treePmse(X: Design, y: Int32Array, c: number, opts: { permutations: number; folds: number; minLeaf: number; maxDepth?: number; maxLeafNodes?: number; rng: Rng }): TreePmse {
  const N = y.length;
  const data = binOnce(X);
  const trees = new PropensityTrees(data, { minLeaf: opts.minLeaf, maxDepth: opts.maxDepth, maxLeafNodes: opts.maxLeafNodes });
  const main = trees.inSample(y);
  const pm = pmseOf(main.p, c);
  const P = Math.max(20, opts.permutations);
  const prng = opts.rng.fork('permutations');
  const perm = new Float64Array(P);
  const yp = Int32Array.from(y);
  for (let r = 0; r < P; r++) {
    prng.shuffle(yp);
    perm[r] = pmseOf(trees.inSample(yp).p, c);
  }
  let mean = 0;
  for (let r = 0; r < P; r++) mean += perm[r];
  mean /= P;
  let ss = 0;
  for (let r = 0; r < P; r++) ss += (perm[r] - mean) ** 2;
  const sd = Math.sqrt(ss / (P - 1));
  // CV AUC: train on k-1 folds by zero weights on the held-out fold (same bins), score the held-out rows
  let auc = NaN;
  if (opts.folds >= 2) {
    const fold = stratifiedFolds(y, opts.folds, opts.rng.fork('folds'));
    const scores = new Float64Array(N);
    const w = new Float64Array(N);
    for (let k = 0; k < opts.folds; k++) {
      for (let i = 0; i < N; i++) w[i] = fold[i] === k ? 0 : 1;
      const p = treePropensity(trees.fitWeighted(y, w), X);
      for (let i = 0; i < N; i++) if (fold[i] === k) scores[i] = p[i];
    }
    auc = aucFromScores(scores, y);
  }
  return {
    pmse: finite(pm),
    leaves: main.leaves,
    permutations: P,
    permutationMean: finite(mean),
    permutationSd: finite(sd),
    ratio: mean > 0 ? finite(pm / mean) : null,
    standardized: sd > 0 ? finite((pm - mean) / sd) : null,
    cvAuc: finite(auc),
    folds: opts.folds,
  };
}

/**
 * Notes for the logit when `other` has several distinct categories the real table never had in a column: they share one
 * unseen code, so the logit has one parameter for them where separate categories would give one each, which lowers k and
 * so the Snoke null E0 = (k - 1)(1 - c)^2 c / N (S_pMSE reads higher than with the categories kept apart).
 */
export function unseenMergeNotes(other: Encoded): string[] {
  const notes: string[] = [];
  other.domain.columns.forEach((cd, j) => {
    if (cd.kind !== 'categorical' || !other.unseenCounts[j]) return;
    const x = exactCodes(other, j);
    const distinct = new Set<number>();
    for (let i = 0; i < x.length; i++) if (x[i] >= cd.nCodes) distinct.add(x[i]);
    if (distinct.size < 2) return;
    notes.push(
      `column "${cd.name}": ${distinct.size} categories the real table never had (${other.unseenCounts[j]} cells) share one unseen code, so the logit fits 1 parameter for them instead of ${distinct.size}: k, and with it the Snoke null E0 = (k-1)(1-c)^2 c/N, is ${distinct.size - 1} lower than with each category apart, and S_pMSE reads correspondingly higher`,
    );
  });
  return notes;
}

/** Both propensity models for real vs `other`. */
export function comparePmse(real: Encoded, other: Encoded, rng: Rng, o: PmseOptions = {}): PmseComparison {
  const stacked = concatEncoded(real, other);
  const N = stacked.n;
  const y = new Int32Array(N);
  for (let i = real.n; i < N; i++) y[i] = 1;
  const c = other.n / N;
  const cols = real.domain.columns.map((_, j) => j);
  const folds = o.folds ?? 5;
  const logistic = o.logistic === false ? null : logisticPmse(designFrom(stacked, cols), y, c, { auc: o.logisticAuc ?? false, folds, rng: rng.fork('logistic.folds') });
  if (logistic) logistic.notes.push(...unseenMergeNotes(other));
  const tree =
    o.tree === false
      ? null
      : treePmse(treeDesign(stacked, cols), y, c, { permutations: o.permutations ?? 20, folds, minLeaf: o.minLeaf ?? 5, maxDepth: o.maxDepth, maxLeafNodes: o.maxLeafNodes === 0 ? undefined : o.maxLeafNodes ?? 64, rng: rng.fork('tree') });
  return { rows: { real: real.n, other: other.n, total: N }, c, logistic, tree };
}

/** The pMSE part of the fidelity section: synthetic vs real, and holdout vs real as the floor. */
export function pmseSection(ctx: AuditContext, o: PmseOptions = {}): PmseSection {
  const task = ctx.progress.task('fidelity: pMSE (logit, tree + permutations, CV AUC)');
  const rng = ctx.rng.fork('fidelity.pmse');
  const synthetic = comparePmse(ctx.real, ctx.synthetic, rng.fork('synthetic'), o);
  const holdout = comparePmse(ctx.real, ctx.holdout, rng.fork('holdout'), o);
  task.done();
  const summary: PmseSection['summary'] = [];
  const fmt = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
  // better 'closer': the ratios' null expectation is 1 and the AUCs' 0.5; the holdout baseline is what a fresh sample gives
  const add = (metric: string, value: number | null, floor: number | null, better: Better) =>
    summary.push(measure(value, better, { baseline: baseline('holdout', floor) }, { metric, text: `${metric} ${fmt(value)} (holdout floor ${fmt(floor)})` }));
  if (synthetic.tree && holdout.tree) {
    add('pMSE ratio, CART (pMSE / permutation mean)', synthetic.tree.ratio, holdout.tree.ratio, 'closer');
    add('detection AUC, CART (k-fold CV)', synthetic.tree.cvAuc, holdout.tree.cvAuc, 'closer');
  }
  if (synthetic.logistic && holdout.logistic) {
    add('pMSE ratio, logit, independent-sample null', synthetic.logistic.independentRatio, holdout.logistic.independentRatio, 'closer');
    add('S_pMSE, logit, Snoke null', synthetic.logistic.snokeRatio, holdout.logistic.snokeRatio, 'closer');
    const merged = [...synthetic.logistic.notes.map((n) => `synthetic: ${n}`), ...holdout.logistic.notes.map((n) => `holdout: ${n}`)];
    if (merged.length) summary[summary.length - 1].text += ` [unseen categories merged: ${merged.join('; ')}]`;
    if (synthetic.logistic.cvAuc !== null) add('detection AUC, logit (k-fold CV)', synthetic.logistic.cvAuc, holdout.logistic.cvAuc, 'closer');
  }
  return { conventions: PMSE_CONVENTIONS, synthetic, holdout, summary };
}
