// The one Learner interface every model in synthaudit implements, and the Design (feature view) it reads:
// numeric columns standardised with the REAL table's statistics, categorical columns as integer codes (one-hot is never materialised).

import type { Encoded } from '../domain.js';

/** Features for learners: a columnar view over an Encoded table. */
export interface Design {
  n: number;
  /** Standardised numeric features (missing imputed to 0 = the real mean). */
  num: Float64Array[];
  numNames: string[];
  /** Categorical features as codes in [0, catSizes[j]). */
  cat: Int32Array[];
  catSizes: number[];
  catNames: string[];
  /** Optional printable label per code of each categorical column (for coefficient names). */
  catLabels?: string[][];
}

export type Target =
  | { kind: 'classification'; y: Int32Array; nClasses: number }
  | { kind: 'regression'; y: Float64Array };

export interface Learner {
  readonly name: string;
  /** Fit on a design with optional non-negative row weights. Returns this. */
  fit(X: Design, target: Target, w?: Float64Array): this;
  /**
   * Classification: row-major probabilities, n * nClasses (row i at i*nClasses).
   * Regression: n predictions.
   */
  predict(X: Design): Float64Array;
}

/** Design over the given domain columns of an encoded table (numeric standardised, categorical codes). */
export function designFrom(e: Encoded, columns: number[]): Design {
  const num: Float64Array[] = [];
  const numNames: string[] = [];
  const cat: Int32Array[] = [];
  const catSizes: number[] = [];
  const catNames: string[] = [];
  const catLabels: string[][] = [];
  for (const j of columns) {
    const cd = e.domain.columns[j];
    if (cd.kind === 'numeric') {
      const v = e.values[j]!;
      const o = new Float64Array(e.n);
      for (let i = 0; i < e.n; i++) o[i] = Number.isNaN(v[i]) ? 0 : (v[i] - cd.mean) / cd.std;
      num.push(o);
      numNames.push(cd.name);
    } else {
      cat.push(e.codes[j]);
      catSizes.push(cd.nCodes);
      catNames.push(cd.name);
      catLabels.push(cd.labels);
    }
  }
  return { n: e.n, num, numNames, cat, catSizes, catNames, catLabels };
}

/** Rows of a design (typed-array copies). */
export function subsetDesign(X: Design, rows: ArrayLike<number>): Design {
  const m = rows.length;
  const pick = <T extends Float64Array | Int32Array>(a: T, make: (m: number) => T): T => {
    const o = make(m);
    for (let i = 0; i < m; i++) o[i] = a[rows[i]];
    return o;
  };
  return {
    n: m,
    num: X.num.map((a) => pick(a, (k) => new Float64Array(k))),
    numNames: X.numNames,
    cat: X.cat.map((a) => pick(a, (k) => new Int32Array(k))),
    catSizes: X.catSizes,
    catNames: X.catNames,
    catLabels: X.catLabels,
  };
}

/** Number of one-hot-equivalent features (numeric + sum of category sizes). */
export function designWidth(X: Design): number {
  return X.num.length + X.catSizes.reduce((a, b) => a + b, 0);
}
