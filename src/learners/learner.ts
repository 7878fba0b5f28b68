// The one Learner interface every model in synthaudit implements, and the Design (feature view) it reads:
// numeric columns standardised with the REAL table's statistics, categorical columns as integer codes (one-hot is never materialised).
// A numeric column with missing cells in the table(s) a model is fitted on is mean-imputed (0 after standardising) AND gets a
// missing-indicator feature "<column> (missing)" (a two-level categorical: present / missing), so a model can tell
// "missing" from "at the mean".

import type { Encoded } from '../domain.js';

/** Features for learners: a columnar view over an Encoded table. */
export interface Design {
  n: number;
  /** Standardised numeric features (missing imputed to 0 = the real mean; see the missing indicators among cat). */
  num: Float64Array[];
  numNames: string[];
  /** Categorical features as codes in [0, catSizes[j]), incl. missing indicators "<numeric column> (missing)" (0 present, 1 missing). */
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

/** Suffix of a missing-indicator feature's name. */
export const MISSING_INDICATOR_SUFFIX = ' (missing)';

/**
 * The numeric columns (among `columns`, domain indices) with a missing cell in any of `tables`: the columns that get a
 * missing indicator. Pass the table(s) the models are fitted on, and use the same list for every design a fitted model
 * predicts on (the layouts must match).
 */
export function missingIndicatorColumns(tables: Encoded[], columns: number[]): number[] {
  const out: number[] = [];
  for (const j of columns) {
    if (tables.length === 0 || tables[0].domain.columns[j].kind !== 'numeric') continue;
    if (tables.some((t) => t.values[j]!.some((x) => Number.isNaN(x)))) out.push(j);
  }
  return out;
}

/**
 * Design over the given domain columns of an encoded table (numeric standardised, categorical codes). `indicators` lists the
 * numeric columns that get a 0/1 missing indicator (default: those with a missing cell in `e` itself, see
 * missingIndicatorColumns).
 */
export function designFrom(e: Encoded, columns: number[], indicators: number[] = missingIndicatorColumns([e], columns)): Design {
  const withIndicator = new Set(indicators);
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
      if (withIndicator.has(j)) {
        // a two-level categorical feature (code 0 = present, 1 = missing): linear models treat it as a 0/1 dummy with the
        // usual reference coding and separation handling, naive Bayes as a frequency table, trees as a category
        const m = new Int32Array(e.n);
        for (let i = 0; i < e.n; i++) m[i] = Number.isNaN(v[i]) ? 1 : 0;
        cat.push(m);
        catSizes.push(2);
        catNames.push(cd.name + MISSING_INDICATOR_SUFFIX);
        catLabels.push(['present', 'missing']);
      }
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
