// Permutation feature importance on the holdout (Breiman 2001; Fisher, Rudin & Dominici 2019 "model reliance"): the drop in a
// model's primary score when one feature column of the holdout Design is shuffled with the seeded RNG, averaged over repeats.

import type { Design } from '../../src/learners/learner.js';
import type { Rng } from '../../src/rng.js';

/** One feature of a Design: a numeric column (num[index]) or a categorical one (cat[index]). */
export interface DesignColumnRef {
  name: string;
  kind: 'num' | 'cat';
  index: number;
}

/** The Design's feature columns, in the order of the given names (default: numeric then categorical). */
export function designColumns(X: Design, order?: string[]): DesignColumnRef[] {
  const refs: DesignColumnRef[] = [
    ...X.numNames.map((name, index) => ({ name, kind: 'num' as const, index })),
    ...X.catNames.map((name, index) => ({ name, kind: 'cat' as const, index })),
  ];
  if (!order) return refs;
  const by = new Map(refs.map((r) => [r.name, r]));
  return order.filter((n) => by.has(n)).map((n) => by.get(n)!);
}

/** A shallow copy of X whose one column is reordered by perm (row i takes the value of row perm[i]). */
export function permuteColumn(X: Design, ref: DesignColumnRef, perm: Int32Array): Design {
  const n = X.n;
  if (ref.kind === 'num') {
    const src = X.num[ref.index];
    const o = new Float64Array(n);
    for (let i = 0; i < n; i++) o[i] = src[perm[i]];
    const num = X.num.slice();
    num[ref.index] = o;
    return { ...X, num };
  }
  const src = X.cat[ref.index];
  const o = new Int32Array(n);
  for (let i = 0; i < n; i++) o[i] = src[perm[i]];
  const cat = X.cat.slice();
  cat[ref.index] = o;
  return { ...X, cat };
}

/**
 * For each scorer (a fitted model's primary holdout score on a design) and each feature: base score minus the mean score
 * over `repeats` shuffles of that feature. Every scorer sees the SAME permutations (stream rng.fork(`${feature}#${r}`)),
 * so importances of models trained on real and on synthetic data are compared on identical perturbations.
 * Null where a score is undefined.
 */
export function permutationImportance(scorers: ((X: Design) => number | null)[], X: Design, features: DesignColumnRef[], repeats: number, rng: Rng): { base: (number | null)[]; importance: (number | null)[][] } {
  if (!(repeats >= 1 && Number.isInteger(repeats))) throw new Error(`permutationImportance: repeats must be a positive integer (got ${repeats})`);
  const base = scorers.map((s) => s(X));
  const sums = scorers.map(() => new Array<number | null>(features.length).fill(0));
  for (let f = 0; f < features.length; f++) {
    for (let r = 0; r < repeats; r++) {
      const perm = rng.fork(`${features[f].name}#${r}`).permutation(X.n);
      const Xp = permuteColumn(X, features[f], perm);
      for (let m = 0; m < scorers.length; m++) {
        const cur = sums[m][f];
        if (cur === null) continue;
        const v = scorers[m](Xp);
        sums[m][f] = v === null ? null : cur + v;
      }
    }
  }
  const importance = sums.map((row, m) => row.map((s) => (s === null || base[m] === null ? null : base[m]! - s / repeats)));
  return { base, importance };
}
