// One shadow-model task (Stadler et al. 2022; TAPAS): draw a training set from the auxiliary data (optionally with the target row
// inserted, its secret possibly replaced), fit the generator, sample a synthetic set and return its feature vector. Pure given its seed.

import { concatEncoded, subsetRows, type Domain, type Encoded } from '../src/domain.js';
import { Rng } from '../src/rng.js';
import type { GeneratorSpec } from '../src/generators/generator.js';
import { createGenerator } from '../src/generators/index.js';
import { features, type FeatureSpec, type TargetRow } from './features.js';

/** Everything a worker needs once (structured-clonable: typed arrays and Maps). */
export interface ShadowInit {
  domain: Domain;
  spec: GeneratorSpec;
  aux: { n: number; codes: Int32Array[]; values: (Float64Array | null)[] };
  /** Rows per shadow training set, and rows sampled from each fitted generator. */
  trainSize: number;
  syntheticSize: number;
  /**
   * add-remove: every set draws trainSize - 1 auxiliary rows and "in" sets add the target (n vs n - 1 rows, the relation DP
   * claims are usually stated for); replace-one: "out" sets draw trainSize auxiliary rows, "in" sets trainSize - 1 plus the target.
   */
  neighbours: 'add-remove' | 'replace-one';
}

export interface ShadowTask {
  id: number;
  seed: number;
  /** Row to insert (target, secret already set) or null for an "out" set of trainSize aux rows. */
  insert: TargetRow | null;
  spec: FeatureSpec;
}

export function auxEncoded(init: ShadowInit): Encoded {
  const d = init.domain;
  return {
    name: 'auxiliary',
    n: init.aux.n,
    domain: d,
    codes: init.aux.codes,
    values: init.aux.values,
    unseenCounts: d.columns.map(() => 0),
    unseenExamples: d.columns.map(() => []),
  };
}

function oneRow(d: Domain, t: TargetRow): Encoded {
  return {
    name: 'target',
    n: 1,
    domain: d,
    codes: t.codes.map((c) => Int32Array.of(c)),
    values: t.values.map((v) => (v === null ? null : Float64Array.of(v))),
    unseenCounts: d.columns.map(() => 0),
    unseenExamples: d.columns.map(() => []),
  };
}

export function runShadowTask(init: ShadowInit, aux: Encoded, task: ShadowTask): Float64Array {
  const rng = new Rng(task.seed);
  const nAux = init.neighbours === 'add-remove' ? init.trainSize - 1 : init.trainSize - (task.insert ? 1 : 0);
  if (nAux > aux.n) throw new Error(`shadow training sets of ${init.trainSize} rows need at least ${nAux} auxiliary rows (have ${aux.n})`);
  const rows = rng.fork('rows').sampleWithoutReplacement(aux.n, nAux).sort();
  let train = subsetRows(aux, rows, 'shadow');
  if (task.insert) train = concatEncoded(train, oneRow(init.domain, task.insert), 'shadow');
  const gen = createGenerator(init.spec, init.domain);
  gen.fit(train, rng.fork('fit'));
  const S = gen.sample(init.syntheticSize, rng.fork('sample'));
  return features(S, task.spec);
}
