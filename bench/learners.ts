// Learner benchmarks on full Adult (32,561 train rows, 14 features -> ~115-wide one-hot) and 65,122-row propensity stacks
// (train + a column-wise permuted copy; train + a perturbed copy): fit / predict times (wall and CPU) beside holdout accuracy and scikit-learn's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchCase } from './harness.js';
import { adultPaths } from './data.js';
import { packageRoot } from '../src/paths.js';
import { loadTable } from '../src/table.js';
import { prepare } from '../src/prepare.js';
import { concatEncoded, type Encoded } from '../src/domain.js';
import { designFrom, type Design, type Learner, type Target } from '../src/learners/learner.js';
import { LogisticRegression } from '../src/learners/logistic.js';
import { RandomForest } from '../src/learners/forest.js';
import { GradientBoosting } from '../src/learners/boosting.js';
import { NaiveBayes } from '../src/learners/naive-bayes.js';
import { DecisionTree, fitTreeOnBins } from '../src/learners/tree.js';
import { binDesign } from '../src/learners/hist-tree.js';
import { RidgeRegression } from '../src/learners/linear.js';
import { accuracy, r2, rocAuc } from '../src/learners/scoring.js';
import { Rng } from '../src/rng.js';

interface AdultData {
  train: Design;
  holdout: Design;
  yTrain: Target & { kind: 'classification' };
  yHold: Int32Array;
  stack: Design;
  yStack: Target;
  stack2: Design;
  /** Real (label 0) + holdout (label 1), 48,842 rows: one native_country level only in real quasi-separates the logit. */
  stack3: Design;
  yStack3: Target;
  hoursTrain: Design;
  hoursHold: Design;
  hoursY: Target & { kind: 'regression' };
  hoursYHold: Float64Array;
}

let cached: AdultData | null = null;
function adult(): AdultData {
  if (cached) return cached;
  const p = adultPaths();
  const tr = loadTable(p.train);
  const ho = loadTable(p.holdout);
  const pr = prepare(tr, ho, ho);
  const t = pr.domain.index.get('income')!;
  const feats = pr.domain.columns.map((_, j) => j).filter((j) => j !== t);
  const train = designFrom(pr.real, feats);
  const holdout = designFrom(pr.holdout, feats);
  const K = (pr.domain.columns[t] as { levels: string[] }).levels.length;
  const yTrain = { kind: 'classification' as const, y: Int32Array.from(pr.real.codes[t]), nClasses: K };
  const yHold = Int32Array.from(pr.holdout.codes[t]);
  // propensity stack: real rows (label 0) + each column independently permuted (label 1)
  const rng = new Rng(7);
  const perm: Encoded = {
    ...pr.real,
    name: 'permuted',
    codes: pr.real.codes.map((c, j) => {
      const pm = rng.fork(`col${j}`).permutation(pr.real.n);
      return Int32Array.from(pm, (r) => c[r]);
    }),
    values: pr.real.values.map((v, j) => {
      if (!v) return null;
      const pm = rng.fork(`col${j}`).permutation(pr.real.n);
      return Float64Array.from(pm, (r) => v[r]);
    }),
  };
  const st = concatEncoded(pr.real, perm);
  const all = pr.domain.columns.map((_, j) => j);
  const stack = designFrom(st, all);
  const ys = new Int32Array(st.n);
  ys.fill(1, pr.real.n);
  // perturbed copy: numeric values x 1.05, and 10% of each categorical column's cells taken from a random row
  // (a main-effects logit sees a difference here, unlike the permuted copy whose marginals are exact)
  const rp = new Rng(8);
  const pert: Encoded = {
    ...pr.real,
    name: 'perturbed',
    codes: pr.real.codes.map((c) => Int32Array.from(c, (v) => (rp.random() < 0.1 ? c[rp.int(c.length)] : v))),
    values: pr.real.values.map((v) => (v ? Float64Array.from(v, (x) => x * 1.05) : null)),
  };
  const stack2 = designFrom(concatEncoded(pr.real, pert), all);
  const st3 = concatEncoded(pr.real, pr.holdout);
  const ys3 = new Int32Array(st3.n);
  ys3.fill(1, pr.real.n);
  const h = pr.domain.index.get('hours_per_week')!;
  const hf = all.filter((j) => j !== h);
  cached = {
    train,
    holdout,
    yTrain,
    yHold,
    stack,
    yStack: { kind: 'classification', y: ys, nClasses: 2 },
    stack2,
    stack3: designFrom(st3, all),
    yStack3: { kind: 'classification', y: ys3, nClasses: 2 },
    hoursTrain: designFrom(pr.real, hf),
    hoursHold: designFrom(pr.holdout, hf),
    hoursY: { kind: 'regression', y: Float64Array.from(pr.real.values[h]!) },
    hoursYHold: Float64Array.from(pr.holdout.values[h]!),
  };
  return cached;
}

function sklearn(): Record<string, { accuracy: number; fitSeconds?: number }> {
  try {
    return JSON.parse(readFileSync(join(packageRoot(), 'test', 'fixtures', 'sklearn', 'goldens.json'), 'utf8')).adult;
  } catch {
    return {};
  }
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** CPU milliseconds of f (the machine is shared, so wall time alone overstates the cost). */
function cpu<T>(f: () => T): [T, number] {
  const c0 = process.cpuUsage();
  const out = f();
  const c = process.cpuUsage(c0);
  return [out, Math.round((c.user + c.system) / 1000)];
}

/** A fit case (timed fit) and a predict case (timed predict on the holdout + scores, model fitted in setup). */
function pair(name: string, make: () => Learner, skKey: string | null, reps = 3): BenchCase[] {
  return [
    {
      name: `learner.${name}.fit`,
      reps,
      setup: () => adult(),
      run: (d: AdultData) => {
        const [, cpuMs] = cpu(() => make().fit(d.train, d.yTrain));
        return { nTrain: d.train.n, cpuMs };
      },
    },
    {
      name: `learner.${name}.predict`,
      reps: 3,
      setup: () => {
        const d = adult();
        return { d, m: make().fit(d.train, d.yTrain) };
      },
      run: ({ d, m }: { d: AdultData; m: Learner }) => {
        const p = m.predict(d.holdout);
        const sk = skKey ? sklearn()[skKey] : undefined;
        return { nHoldout: d.holdout.n, accuracy: r4(accuracy(p, d.yHold)), auc: r4(rocAuc(p, d.yHold)), sklearnAccuracy: sk ? r4(sk.accuracy) : null, sklearnFitSeconds: sk?.fitSeconds ?? null };
      },
    },
  ];
}

export const cases: BenchCase[] = [
  ...pair('logistic(C=1).adult', () => new LogisticRegression({ C: 1 }), 'logistic(C=1)'),
  ...(['C=1', 'C=inf'] as const).flatMap((c): BenchCase[] =>
    (['permuted', 'perturbed'] as const).map((kind) => ({
      name: `learner.logistic(${c}).propensity65k-${kind}.fit`,
      reps: 3,
      setup: () => adult(),
      run: (d: AdultData) => {
        const X = kind === 'permuted' ? d.stack : d.stack2;
        const [m, cpuMs] = cpu(() => new LogisticRegression({ C: c === 'C=1' ? 1 : Infinity }).fit(X, d.yStack));
        return { n: X.n, cpuMs, iterations: m.nIter, nParams: m.nParams(), converged: m.converged };
      },
    })),
  ),
  ...([false, true] as const).map((settle): BenchCase => ({
    name: `learner.logistic(C=inf${settle ? ',settleSeparation' : ''}).propensity49k-real-vs-holdout.fit`,
    reps: 3,
    setup: () => adult(),
    run: (d: AdultData) => {
      const [m, cpuMs] = cpu(() => new LogisticRegression({ C: Infinity, settleSeparation: settle }).fit(d.stack3, d.yStack3));
      return { n: d.stack3.n, cpuMs, iterations: m.nIter, settledRows: m.settledRows, converged: m.converged };
    },
  })),
  // the pMSE tree's shape (Gini, min leaf 5, best-first 64 leaves) with and without histogram subtraction (same tree)
  ...([true, false] as const).map((sub): BenchCase => ({
    name: `learner.tree(leaves=64,minLeaf=5${sub ? '' : ',no subtraction'}).propensity65k-perturbed.fit`,
    reps: 3,
    setup: () => {
      const d = adult();
      return { d, bins: binDesign(d.stack2) };
    },
    run: ({ d, bins }: { d: AdultData; bins: ReturnType<typeof binDesign> }) => {
      const [t, cpuMs] = cpu(() => fitTreeOnBins(bins, d.yStack, undefined, { maxLeafNodes: 64, minSamplesLeaf: 5, subtraction: sub }));
      return { n: d.stack2.n, cpuMs, leaves: t.nLeaves };
    },
  })),
  ...pair('forest(100).adult', () => new RandomForest({ nTrees: 100, rng: new Rng(1) }), 'forest(100)'),
  {
    name: 'learner.forest(100).propensity65k-perturbed.fit',
    reps: 1,
    setup: () => adult(),
    run: (d: AdultData) => {
      const [, cpuMs] = cpu(() => new RandomForest({ nTrees: 100, rng: new Rng(1) }).fit(d.stack2, d.yStack));
      return { n: d.stack2.n, cpuMs };
    },
  },
  ...pair('boosting(depth=3).adult', () => new GradientBoosting(), 'hgb(max_depth=3,no early stop)'),
  ...pair('boosting(leaves=31).adult', () => new GradientBoosting({ maxDepth: Infinity, maxLeafNodes: 31 }), 'hgb(defaults,no early stop)'),
  ...pair('naive-bayes.adult', () => new NaiveBayes(), 'mixedNB'),
  ...pair('tree(depth=none).adult', () => new DecisionTree(), null),
  {
    name: 'learner.ridge.adult-hours.fit+predict',
    reps: 3,
    setup: () => adult(),
    run: (d: AdultData) => {
      const m = new RidgeRegression({ alpha: 1 }).fit(d.hoursTrain, d.hoursY);
      return { r2: r4(r2(d.hoursYHold, m.predict(d.hoursHold))) };
    },
  },
];
