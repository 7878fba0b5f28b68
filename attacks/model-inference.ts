// Model-based attribute inference with a control (Anonymeter-style control, Giomi et al. 2023; model attack as in Stadler et al. 2022):
// a random forest trained on the synthetic table predicts the secret from the quasi-identifiers; accuracy on train vs holdout records.

import type { Encoded } from '../src/domain.js';
import type { Rng } from '../src/rng.js';
import { designFrom, subsetDesign } from '../src/learners/learner.js';
import { RandomForest } from '../src/learners/forest.js';
import { controlRisk, wilson } from './stats.js';
import { ivMeasure, baselineFrom, controlRiskMeasure, type ControlRisk, type Measure } from './measures.js';
import { columnIndices } from './dcr.js';

export interface ModelInferenceOptions {
  secret: string;
  quasiIdentifiers?: string[];
  /** Target records per side (default 2,000). */
  attacks?: number;
  nTrees?: number;
  /** Synthetic rows used to train (seeded subsample above this; default 20,000). */
  maxTrainRows?: number;
  confidence?: number;
}

export interface ModelInferenceResult {
  secret: string;
  quasiIdentifiers: string[];
  model: string;
  /** Accuracy on train records, beside the control accuracy (baseline kind 'holdout', with its interval). */
  train: Measure & { correct: number; n: number };
  /** Accuracy on holdout records (the baseline of train; none of its own). */
  control: Measure & { correct: number; n: number };
  /** Anonymeter's risk beside its ideal 0 (null if the control accuracy is 1). */
  risk: ControlRisk | null;
  /** Accuracy of always guessing the synthetic table's most frequent secret, on the train records (no baseline of its own). */
  majorityGuess: Measure;
}

export function modelInference(real: Encoded, holdout: Encoded, synthetic: Encoded, rng: Rng, opts: ModelInferenceOptions): ModelInferenceResult {
  const cl = opts.confidence ?? 0.95;
  const sj = real.domain.index.get(opts.secret);
  if (sj === undefined) throw new Error(`model inference: unknown secret column "${opts.secret}"`);
  const cd = real.domain.columns[sj];
  if (cd.kind !== 'categorical') throw new Error(`model inference: the secret "${opts.secret}" must be categorical`);
  const qi = opts.quasiIdentifiers ? columnIndices(real, opts.quasiIdentifiers) : real.domain.columns.map((_, j) => j).filter((j) => j !== sj);
  const nTrees = opts.nTrees ?? 50;
  const maxTrain = opts.maxTrainRows ?? 20_000;
  let XS = designFrom(synthetic, qi);
  let yS = synthetic.codes[sj];
  if (synthetic.n > maxTrain) {
    const rows = rng.fork('train.rows').sampleWithoutReplacement(synthetic.n, maxTrain).sort();
    XS = subsetDesign(XS, rows);
    yS = Int32Array.from(rows, (i) => synthetic.codes[sj][i]);
  }
  const K = cd.nCodes;
  const rf = new RandomForest({ nTrees, rng: rng.fork('forest') });
  rf.fit(XS, { kind: 'classification', y: yS, nClasses: K });
  const m = Math.min(opts.attacks ?? 2000, real.n, holdout.n);
  const tRows = rng.fork('targets.train').sampleWithoutReplacement(real.n, m).sort();
  const cRows = rng.fork('targets.control').sampleWithoutReplacement(holdout.n, m).sort();
  const correctOn = (e: Encoded, rows: Int32Array) => {
    const X = subsetDesign(designFrom(e, qi), rows);
    const p = rf.predict(X);
    let c = 0;
    for (let i = 0; i < rows.length; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (p[i * K + k] > p[i * K + best]) best = k;
      if (best === e.codes[sj][rows[i]]) c++;
    }
    return c;
  };
  const kT = correctOn(real, tRows);
  const kC = correctOn(holdout, cRows);
  const counts = new Int32Array(K);
  for (const c of synthetic.codes[sj]) counts[c]++;
  let maj = 0;
  for (let k = 1; k < K; k++) if (counts[k] > counts[maj]) maj = k;
  let kM = 0;
  for (const i of tRows) if (real.codes[sj][i] === maj) kM++;
  const control = ivMeasure(wilson(kC, m, cl), null, { correct: kC, n: m });
  return {
    secret: opts.secret,
    quasiIdentifiers: qi.map((j) => real.domain.columns[j].name),
    model: `random forest (${nTrees} trees) trained on the synthetic table, predicting the secret from the quasi-identifiers`,
    train: ivMeasure(wilson(kT, m, cl), baselineFrom('holdout', control), { correct: kT, n: m }),
    control,
    risk: controlRiskMeasure(controlRisk(kT, m, kC, m, cl)),
    majorityGuess: ivMeasure(wilson(kM, m, cl), null),
  };
}
