// Input checks shared by every learner's fit: target length and label range, finite numeric features and targets,
// non-negative finite weights. Violations are programming mistakes upstream, so they raise plain Errors.

import type { Design, Target } from './learner.js';

/** Shared input checks of every learner's fit (plain Errors: these are programming mistakes, not user input). */
export function validateFitInputs(X: Design, target: Target, w: Float64Array | undefined, who: string): void {
  if (target.kind === 'classification') {
    if (target.y.length !== X.n) throw new Error(`${who}: target has ${target.y.length} rows, design ${X.n}`);
    const K = target.nClasses;
    for (let i = 0; i < X.n; i++) {
      const v = target.y[i];
      if (!(v >= 0 && v < K) || !Number.isInteger(v)) throw new Error(`${who}: label ${v} at row ${i} outside [0, ${K})`);
    }
  } else {
    if (target.y.length !== X.n) throw new Error(`${who}: target has ${target.y.length} rows, design ${X.n}`);
    for (let i = 0; i < X.n; i++) if (!Number.isFinite(target.y[i])) throw new Error(`${who}: target value ${target.y[i]} at row ${i} is not finite`);
  }
  for (let a = 0; a < X.num.length; a++) {
    const col = X.num[a];
    if (col.length !== X.n) throw new Error(`${who}: numeric column ${X.numNames[a]} has ${col.length} rows, design ${X.n}`);
    for (let i = 0; i < X.n; i++) if (!Number.isFinite(col[i])) throw new Error(`${who}: numeric column ${X.numNames[a]} has the non-finite value ${col[i]} at row ${i}`);
  }
  if (w) {
    if (w.length !== X.n) throw new Error(`${who}: ${w.length} weights for ${X.n} rows`);
    for (let i = 0; i < X.n; i++) if (!(w[i] >= 0) || !Number.isFinite(w[i])) throw new Error(`${who}: weight ${w[i]} at row ${i} is not a finite non-negative number`);
  }
  if (X.n === 0) throw new Error(`${who}: no rows to fit`);
}
