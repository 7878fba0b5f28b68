// Ridge regression over a Design (Hoerl & Kennard 1970), scikit-learn's Ridge convention: minimise
// sum_i w_i (y_i - b0 - x_i.beta)^2 + alpha ||beta||^2 with the intercept unpenalised; solved exactly by Cholesky.
//
// Parametrisation as the logistic model (src/learners/logistic.ts): numeric columns as in the Design plus the one-hot of every
// categorical code; codes without rows get beta = 0 (their optimum when alpha > 0). With alpha = 0 the model uses reference
// coding and drops aliased columns (in-order rank check), so the least-squares solution is unique.

import type { Design, Learner, Target } from './learner.js';
import { choleskySolve, choleskyWithRidge } from './linalg.js';
import { catIndex, checkLayout, linearFitSetup, linearPredictor, maskToIndex, type LinearLayout } from './linear-design.js';
import { validateFitInputs } from './validate.js';

export interface RidgeOptions {
  /** L2 strength (default 1, scikit-learn's). 0 = ordinary least squares. */
  alpha?: number;
  fitIntercept?: boolean;
}

export class RidgeRegression implements Learner {
  readonly name = 'ridge';
  readonly alpha: number;
  readonly fitIntercept: boolean;
  private layout: LinearLayout | null = null;
  private theta: Float64Array = new Float64Array(0);
  private rank = 0;

  constructor(opts: RidgeOptions = {}) {
    this.alpha = opts.alpha ?? 1;
    if (!(this.alpha >= 0) || !Number.isFinite(this.alpha)) throw new Error(`ridge: alpha must be a finite number >= 0 (got ${this.alpha})`);
    this.fitIntercept = opts.fitIntercept ?? true;
  }

  fit(X: Design, target: Target, w?: Float64Array): this {
    if (target.kind !== 'regression') throw new Error('ridge: classification targets are not supported (use logistic)');
    validateFitInputs(X, target, w, 'ridge');
    const n = X.n;
    const y = target.y;
    for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) throw new Error(`ridge: target value ${y[i]} at row ${i} is not finite`);
    const { L, ci, numRM, rowW, codeW, gram: G, idMask, rank } = linearFitSetup(X, w, this.fitIntercept, 'ridge');
    this.layout = L;
    this.rank = rank;
    let mask: Uint8Array;
    if (this.alpha > 0) {
      mask = new Uint8Array(L.P);
      if (this.fitIntercept) mask[0] = 1;
      for (let a = 0; a < L.p; a++) mask[1 + a] = 1;
      for (let k = 1 + L.p; k < L.P; k++) if (codeW[k] > 0) mask[k] = 1;
    } else mask = idMask;
    const act = maskToIndex(mask);
    const q = act.length;
    // X^T W y over the full layout
    const b = new Float64Array(L.P);
    for (let i = 0; i < n; i++) {
      const r = rowW[i] * y[i];
      if (r === 0) continue;
      b[0] += r;
      for (let a = 0; a < L.p; a++) b[1 + a] += r * numRM[i * L.p + a];
      for (let j = 0; j < L.m; j++) b[ci[j][i]] += r;
    }
    const A = new Float64Array(q * q);
    const rhs = new Float64Array(q);
    for (let r = 0; r < q; r++) {
      rhs[r] = b[act[r]];
      for (let c = 0; c < q; c++) A[r * q + c] = G[act[r] * L.P + act[c]];
      if (act[r] !== 0) A[r * q + r] += this.alpha;
    }
    const { L: chol } = choleskyWithRidge(A, q);
    choleskySolve(chol, q, rhs);
    this.theta = new Float64Array(L.P);
    for (let r = 0; r < q; r++) this.theta[act[r]] = rhs[r];
    return this;
  }

  predict(X: Design): Float64Array {
    if (!this.layout) throw new Error('ridge: not fitted');
    checkLayout(X, this.layout, 'ridge');
    const out = new Float64Array(X.n);
    linearPredictor(X, this.layout, catIndex(X, this.layout, 'ridge'), this.theta, 0, out);
    return out;
  }

  coefficients(): { intercept: number; names: string[]; beta: Float64Array } {
    if (!this.layout) throw new Error('ridge: not fitted');
    return { intercept: this.theta[0], names: this.layout.names.slice(), beta: this.theta.slice(1) };
  }

  /** Identifiable parameters incl. the intercept (rank of the design), as LogisticRegression.nParams(). */
  nParams(): number {
    if (!this.layout) throw new Error('ridge: not fitted');
    return this.rank;
  }
}
