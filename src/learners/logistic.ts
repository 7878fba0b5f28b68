// L2-penalised logistic regression over a Design: binary by exact Newton/IRLS, multiclass multinomial (softmax) by L-BFGS,
// scikit-learn's convention (objective = C * sum_i w_i logloss_i + 0.5 ||beta||^2, intercept unpenalised; Hastie et al., ESL 4.4).
//
// Parametrisation. Numeric columns enter as they are in the Design (standardised); categorical columns enter as the
// one-hot of every code (levels, missing, unseen), built implicitly from the codes.
//  - Penalised (C finite): all codes that have rows in the fit data are parameters; codes with no rows get beta = 0
//    (their exact optimum under the penalty). The penalty makes the full one-hot + intercept identifiable.
//  - Unpenalised (C = Infinity): reference coding. Per categorical column the first code present in the data (codes are
//    sorted by real-table frequency, so usually the most frequent level) is the reference with beta = 0, codes without rows
//    are fixed at 0, and remaining exact collinearities (e.g. education vs education_num) are found by an in-order rank
//    check of the Gram matrix and fixed at 0 (as R's glm reports them NA). Predictions treat a fixed code like the reference.
// nParams() = number of identifiable parameters incl. the intercept = rank of [1, numeric, one-hot of present codes]
// = 1 + #numeric + sum_j (present levels_j - 1) when nothing is aliased (the k of the pMSE null), for any C;
// multinomial: (classes present - 1) * that.
// Standard errors (binary): sqrt(diag(I^-1)), I = observed information of sum_i w_i logloss_i + (1/2C)||beta||^2 at the fit,
// over the estimated parameters; NaN for parameters not estimated (reference / aliased / codes without rows / no intercept).
// Separation or singular Hessians: a tiny ridge is added to the Newton system only when Cholesky fails, iterations are capped,
// and the binary fit stops when no fitted probability moves by more than 1e-10 in a step (under separation the separated
// probabilities shrink geometrically, the coefficients drift by about one unit per step), so coefficients stay finite.
// Option settleSeparation (binary, unpenalised, with intercept): categorical codes whose rows are all of one class are
// found in rounds (round r looks only at rows not settled in rounds < r). Such a code separates the classes: the MLE is at
// infinity and the supremum of the likelihood is that of the other rows (their rows contribute log 1 = 0 in the limit).
// Their rows are fitted at that limit (probability exactly 0 or 1; coefficient reported as -Infinity / +Infinity) and the
// other rows by exact Newton: the limit the plain Newton iterates approach geometrically (one unit of log-odds per
// iteration). Prediction for a row with settled codes: the earliest round among its settled codes decides by the sign
// of their sum (in that round codes grow fastest along the limit direction); a tie falls to the next round, then to the
// finite model. nParams() still counts the identifiable parameters of the full data.

import type { Design, Learner, Target } from './learner.js';
import { choleskyInverseDiag, choleskySolve, choleskyWithRidge } from './linalg.js';
import { lbfgs } from './lbfgs.js';
import { catIndex, checkLayout, codeWeights, identifiableMask, linearFitSetup, linearPredictor, maskToIndex, numericRowMajor, weightedGram, type LinearLayout } from './linear-design.js';
import { logLoss as logLossScore } from './scoring.js';
import { validateFitInputs } from './validate.js';
import { sigmoid, softmaxRows } from './link.js';

export interface LogisticOptions {
  /** Inverse L2 strength as scikit-learn (default 1). Infinity = no penalty. */
  C?: number;
  /** Newton iterations (binary, default 100) or L-BFGS iterations (multiclass, default 1000). */
  maxIter?: number;
  /**
   * Binary: stop when the largest Newton step is <= tol * (1 + max|theta|), or when no fitted probability (rows of
   * positive weight) moved by more than 1e-10 in the last step: the fit is then exact for the probabilities (the next
   * Newton step moves them by ~ the square of that, or, under separation, geometrically less). Multiclass: stop when the largest gradient
   * component of the objective is <= tol * max(1, largest at the start). Default 1e-8.
   */
  tol?: number;
  fitIntercept?: boolean;
  /** Binary, C = Infinity, with intercept: fit codes that separate the classes at their limit (see the module comment). Default false. */
  settleSeparation?: boolean;
}

export interface LogisticCoefficients {
  /** One intercept (binary: of class 1) or one per class (multinomial). */
  intercept: number[];
  /** Feature names (no intercept): numeric columns, then "column=label" for every code of every categorical column. */
  names: string[];
  /** Binary: names.length values (log-odds of class 1). Multinomial: nClasses * names.length, class-major. */
  beta: Float64Array;
}

/** Binary fit: probabilities that moved by at most this much in a Newton step are converged. */
const PROB_TOL = 1e-10;

function log1pexp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export class LogisticRegression implements Learner {
  readonly name = 'logistic';
  readonly C: number;
  readonly maxIter: number | undefined;
  readonly tol: number;
  readonly fitIntercept: boolean;
  readonly settleSeparation: boolean;
  /** Rows fitted at their limit probability (0 or 1) by settleSeparation in the last fit. */
  settledRows = 0;
  /** Iterations used by the last fit, and whether it met the tolerance. */
  nIter = 0;
  converged = false;
  /** Ridge added to the Newton system at the last iteration (0 normally; > 0 signals separation or aliasing). */
  lastRidge = 0;

  private layout: LinearLayout | null = null;
  private K = 0;
  /** K' * P parameters (K' = 1 binary, K multinomial), full layout, inactive = 0. */
  private theta: Float64Array = new Float64Array(0);
  private rank = 0;
  private kPresent = 0;
  private active: Int32Array = new Int32Array(0);
  private hessian: Float64Array | null = null;
  private objectiveSk = NaN;
  /** settleSeparation: per full-layout slot, +1 / -1 = code settled towards class 1 / 0 (0 otherwise), and its round. */
  private settledSign: Int8Array | null = null;
  private settledRound: Int32Array | null = null;

  constructor(opts: LogisticOptions = {}) {
    this.C = opts.C ?? 1;
    if (!(this.C > 0)) throw new Error(`logistic: C must be > 0 (got ${this.C})`);
    this.maxIter = opts.maxIter;
    this.tol = opts.tol ?? 1e-8;
    this.fitIntercept = opts.fitIntercept ?? true;
    this.settleSeparation = opts.settleSeparation ?? false;
  }

  fit(X: Design, target: Target, w?: Float64Array): this {
    if (target.kind !== 'classification') throw new Error('logistic: regression targets are not supported (use ridge)');
    validateFitInputs(X, target, w, 'logistic');
    const { L, ci, numRM, rowW, codeW, idMask, rank } = linearFitSetup(X, w, this.fitIntercept, 'logistic');
    this.layout = L;
    this.K = target.nClasses;
    const n = X.n;
    this.rank = rank;
    const classW = new Float64Array(Math.max(this.K, 1));
    for (let i = 0; i < n; i++) classW[target.y[i]] += rowW[i];
    this.kPresent = 0;
    for (let k = 0; k < this.K; k++) if (classW[k] > 0) this.kPresent++;
    let mask: Uint8Array;
    if (Number.isFinite(this.C)) {
      mask = new Uint8Array(L.P);
      if (this.fitIntercept) mask[0] = 1;
      for (let a = 0; a < L.p; a++) mask[1 + a] = 1;
      for (let k = 1 + L.p; k < L.P; k++) if (codeW[k] > 0) mask[k] = 1;
    } else mask = idMask;
    this.settledSign = null;
    this.settledRound = null;
    this.settledRows = 0;
    let fitW = rowW;
    if (this.settleSeparation && this.K <= 2 && !Number.isFinite(this.C) && this.fitIntercept) {
      const settled = this.settle(L, ci, target.y, rowW, n);
      if (settled) {
        // identifiable parameters of the rows left (nParams keeps the full-data rank)
        fitW = settled;
        const gramR = weightedGram(L, numRM, ci, fitW, n);
        mask = identifiableMask(L, gramR, codeWeights(L, ci, fitW, n), this.fitIntercept);
      }
    }
    this.active = maskToIndex(mask);
    this.hessian = null;
    if (this.K <= 2) this.fitBinary(X, L, ci, numRM, target.y, fitW);
    else this.fitMultinomial(X, L, ci, target.y, rowW, classW);
    return this;
  }

  private fitBinary(X: Design, L: LinearLayout, ci: Int32Array[], numRM: Float64Array, y: Int32Array, w: Float64Array): void {
    const n = X.n;
    const P = L.P;
    const act = this.active;
    const q = act.length;
    const lam = Number.isFinite(this.C) ? 1 / this.C : 0;
    const theta = new Float64Array(P);
    let W = 0;
    let Wy = 0;
    for (let i = 0; i < n; i++) {
      W += w[i];
      if (y[i] === 1) Wy += w[i];
    }
    if (this.fitIntercept && W > 0) {
      const pbar = (Wy + 0.5) / (W + 1);
      theta[0] = Math.log(pbar / (1 - pbar));
    }
    const eta = new Float64Array(n);
    const etaNew = new Float64Array(n);
    const thetaNew = new Float64Array(P);
    const s = new Float64Array(n);
    // fitted probabilities at theta (rows of positive weight)
    const prob = new Float64Array(n);
    const gFull = new Float64Array(P);
    const ga = new Float64Array(q);
    const Ha = new Float64Array(q * q);
    const Hfull = new Float64Array(P * P);
    const objective = (th: Float64Array, e: Float64Array): number => {
      linearPredictor(X, L, ci, th, 0, e);
      let f = 0;
      for (let i = 0; i < n; i++) {
        const wi = w[i];
        if (wi === 0) continue;
        f += wi * (log1pexp(e[i]) - (y[i] === 1 ? e[i] : 0));
      }
      let pen = 0;
      for (let k = 1; k < P; k++) pen += th[k] * th[k];
      return f + 0.5 * lam * pen;
    };
    /** Sum of |gradient| over the estimated parameters at (th, e) (line-search fallback near the optimum). */
    const gNew = new Float64Array(P);
    const absGradAt = (th: Float64Array, e: Float64Array): number => {
      gNew.fill(0);
      for (let i = 0; i < n; i++) {
        const wi = w[i];
        if (wi === 0) continue;
        const r = wi * (sigmoid(e[i]) - (y[i] === 1 ? 1 : 0));
        gNew[0] += r;
        const rp = i * L.p;
        for (let a = 0; a < L.p; a++) gNew[1 + a] += r * numRM[rp + a];
        for (let j = 0; j < L.m; j++) gNew[ci[j][i]] += r;
      }
      let sAbs = 0;
      for (let r = 0; r < q; r++) {
        const kr = act[r];
        sAbs += Math.abs(gNew[kr] + (kr !== 0 ? lam * th[kr] : 0));
      }
      return sAbs;
    };
    let f = objective(theta, eta);
    for (let i = 0; i < n; i++) prob[i] = sigmoid(eta[i]);
    const maxIter = this.maxIter ?? 100;
    let it = 0;
    let converged = false;
    for (; it < maxIter; it++) {
      // gradient and IRLS weights
      gFull.fill(0);
      for (let i = 0; i < n; i++) {
        const wi = w[i];
        if (wi === 0) {
          s[i] = 0;
          continue;
        }
        const pi = prob[i];
        const r = wi * (pi - (y[i] === 1 ? 1 : 0));
        s[i] = wi * pi * (1 - pi);
        gFull[0] += r;
        const rp = i * L.p;
        for (let a = 0; a < L.p; a++) gFull[1 + a] += r * numRM[rp + a];
        for (let j = 0; j < L.m; j++) gFull[ci[j][i]] += r;
      }
      weightedGram(L, numRM, ci, s, n, Hfull);
      let gAbs = 0;
      for (let r = 0; r < q; r++) {
        const kr = act[r];
        ga[r] = gFull[kr] + (kr !== 0 ? lam * theta[kr] : 0);
        gAbs += Math.abs(ga[r]);
        for (let c = 0; c < q; c++) Ha[r * q + c] = Hfull[kr * P + act[c]];
        if (kr !== 0) Ha[r * q + r] += lam;
      }
      this.hessian = Ha;
      const { L: chol, ridge } = choleskyWithRidge(Ha, q);
      this.lastRidge = ridge;
      const delta = new Float64Array(ga);
      choleskySolve(chol, q, delta);
      let dec = 0;
      let maxStep = 0;
      let maxTheta = 0;
      for (let r = 0; r < q; r++) {
        dec += ga[r] * delta[r];
        maxStep = Math.max(maxStep, Math.abs(delta[r]));
        maxTheta = Math.max(maxTheta, Math.abs(theta[act[r]]));
      }
      if (!(dec > 0)) {
        // zero gradient (exact optimum) or a non-descent direction at machine precision
        converged = true;
        break;
      }
      // backtracking (Armijo) line search along -delta
      let t = 1;
      let accepted = false;
      let fNew = f;
      for (let ls = 0; ls < 60; ls++) {
        thetaNew.set(theta);
        for (let r = 0; r < q; r++) thetaNew[act[r]] -= t * delta[r];
        fNew = objective(thetaNew, etaNew);
        if (fNew <= f - 1e-4 * t * dec) {
          accepted = true;
          break;
        }
        // near the optimum the decrease is below the rounding of the objective (a sum of n terms): accept a step that
        // leaves the objective flat within that rounding and lowers the sum of |gradient| (scikit-learn's NewtonSolver
        // rule; its band is 16 eps relative, ours 1e-13 since a sum of ~10^5 terms rounds by more)
        if (Math.abs(fNew - f) <= 1e-13 * Math.max(1, Math.abs(f)) && absGradAt(thetaNew, etaNew) < gAbs) {
          accepted = true;
          break;
        }
        t *= 0.5;
      }
      if (!accepted) {
        // no decrease possible: at the optimum to machine precision
        converged = true;
        break;
      }
      theta.set(thetaNew);
      eta.set(etaNew);
      let maxDp = 0;
      for (let i = 0; i < n; i++) {
        const pn = sigmoid(eta[i]);
        if (w[i] !== 0) {
          const d = Math.abs(pn - prob[i]);
          if (d > maxDp) maxDp = d;
        }
        prob[i] = pn;
      }
      f = fNew;
      if (t * maxStep <= this.tol * (1 + maxTheta) || maxDp <= PROB_TOL) {
        converged = true;
        it++;
        break;
      }
    }
    this.nIter = it;
    this.converged = converged;
    this.theta = theta;
    this.objectiveSk = Number.isFinite(this.C) ? this.C * f : f;
  }

  /**
   * Rounds of one-class codes (see the module comment). Returns the weights of the rows left (settled rows 0), or null
   * when no code separates the classes.
   */
  private settle(L: LinearLayout, ci: Int32Array[], y: Int32Array, w: Float64Array, n: number): Float64Array | null {
    const P = L.P;
    const sign = new Int8Array(P);
    const round = new Int32Array(P);
    const left = Float64Array.from(w);
    const w0 = new Float64Array(P);
    const w1 = new Float64Array(P);
    const fresh: number[] = [];
    let any = false;
    for (let r = 1; ; r++) {
      w0.fill(0);
      w1.fill(0);
      for (let j = 0; j < L.m; j++) {
        const idx = ci[j];
        for (let i = 0; i < n; i++) {
          const wi = left[i];
          if (wi > 0) (y[i] === 1 ? w1 : w0)[idx[i]] += wi;
        }
      }
      fresh.length = 0;
      for (let k = 1 + L.p; k < P; k++) {
        if (sign[k] !== 0) continue;
        if (w1[k] > 0 && !(w0[k] > 0)) sign[k] = 1;
        else if (w0[k] > 0 && !(w1[k] > 0)) sign[k] = -1;
        else continue;
        round[k] = r;
        fresh.push(k);
      }
      if (!fresh.length) break;
      any = true;
      for (let j = 0; j < L.m; j++) {
        const idx = ci[j];
        for (let i = 0; i < n; i++) if (left[i] > 0 && round[idx[i]] === r) left[i] = 0;
      }
    }
    if (!any) return null;
    let settledRows = 0;
    for (let i = 0; i < n; i++) if (w[i] > 0 && !(left[i] > 0)) settledRows++;
    this.settledSign = sign;
    this.settledRound = round;
    this.settledRows = settledRows;
    return left;
  }

  /** Limit probability of class 1 for row i from its settled codes (settleSeparation), or NaN when they do not decide. */
  private settledP(ci: Int32Array[], i: number): number {
    const sign = this.settledSign!;
    const round = this.settledRound!;
    // earliest round first; a tie (sum 0) falls to the next round
    let done = 0;
    for (;;) {
      let r = Infinity;
      for (let j = 0; j < ci.length; j++) {
        const k = ci[j][i];
        if (sign[k] !== 0 && round[k] > done && round[k] < r) r = round[k];
      }
      if (r === Infinity) return NaN;
      let s = 0;
      for (let j = 0; j < ci.length; j++) {
        const k = ci[j][i];
        if (round[k] === r && sign[k] !== 0) s += sign[k];
      }
      if (s > 0) return 1;
      if (s < 0) return 0;
      done = r;
    }
  }

  private fitMultinomial(X: Design, L: LinearLayout, ci: Int32Array[], y: Int32Array, w: Float64Array, classW: Float64Array): void {
    const n = X.n;
    const P = L.P;
    const K = this.K;
    const act = this.active;
    const q = act.length;
    const lam = Number.isFinite(this.C) ? 1 / this.C : 0;
    const x0 = new Float64Array(K * q);
    const interceptPos = act[0] === 0 ? 0 : -1;
    if (this.fitIntercept && interceptPos === 0) {
      // start from centred log class frequencies (keeps sum of intercepts at 0, like scikit-learn's start at 0)
      let W = 0;
      for (let k = 0; k < K; k++) W += classW[k];
      let mean = 0;
      const li = new Float64Array(K);
      for (let k = 0; k < K; k++) {
        li[k] = Math.log((classW[k] + 0.5) / (W + 0.5 * K));
        mean += li[k] / K;
      }
      for (let k = 0; k < K; k++) x0[k * q] = li[k] - mean;
    }
    const theta = new Float64Array(K * P);
    const etas = new Float64Array(K * n);
    const eta = new Float64Array(n);
    const gFull = new Float64Array(K * P);
    const prob = new Float64Array(K);
    const numRM = numericRowMajor(X);
    const fg = (x: Float64Array, g: Float64Array): number => {
      theta.fill(0);
      for (let k = 0; k < K; k++) for (let r = 0; r < q; r++) theta[k * P + act[r]] = x[k * q + r];
      for (let k = 0; k < K; k++) {
        linearPredictor(X, L, ci, theta, k * P, eta);
        for (let i = 0; i < n; i++) etas[i * K + k] = eta[i];
      }
      gFull.fill(0);
      let f = 0;
      for (let i = 0; i < n; i++) {
        const wi = w[i];
        if (wi === 0) continue;
        const rr = i * K;
        let mx = -Infinity;
        for (let k = 0; k < K; k++) if (etas[rr + k] > mx) mx = etas[rr + k];
        let z = 0;
        for (let k = 0; k < K; k++) {
          prob[k] = Math.exp(etas[rr + k] - mx);
          z += prob[k];
        }
        const yi = y[i];
        f += wi * (mx + Math.log(z) - etas[rr + yi]);
        const rp = i * L.p;
        for (let k = 0; k < K; k++) {
          const r = wi * (prob[k] / z - (k === yi ? 1 : 0));
          const base = k * P;
          gFull[base] += r;
          for (let a = 0; a < L.p; a++) gFull[base + 1 + a] += r * numRM[rp + a];
          for (let j = 0; j < L.m; j++) gFull[base + ci[j][i]] += r;
        }
      }
      let pen = 0;
      for (let k = 0; k < K; k++) {
        for (let r = 0; r < q; r++) {
          const kr = act[r];
          const v = x[k * q + r];
          g[k * q + r] = gFull[k * P + kr] + (kr !== 0 ? lam * v : 0);
          if (kr !== 0) pen += v * v;
        }
      }
      return f + 0.5 * lam * pen;
    };
    const g0 = new Float64Array(K * q);
    fg(x0, g0);
    let g0max = 0;
    for (let i = 0; i < g0.length; i++) g0max = Math.max(g0max, Math.abs(g0[i]));
    const res = lbfgs(fg, x0, { maxIter: this.maxIter ?? 1000, gtol: this.tol * Math.max(1, g0max) });
    theta.fill(0);
    for (let k = 0; k < K; k++) for (let r = 0; r < q; r++) theta[k * P + act[r]] = res.x[k * q + r];
    this.theta = theta;
    this.nIter = res.iterations;
    this.converged = res.converged;
    this.lastRidge = 0;
    this.objectiveSk = Number.isFinite(this.C) ? this.C * res.f : res.f;
  }

  private requireFit(): LinearLayout {
    if (!this.layout) throw new Error('logistic: not fitted');
    return this.layout;
  }

  predict(X: Design): Float64Array {
    const L = this.requireFit();
    checkLayout(X, L, 'logistic');
    const n = X.n;
    const ci = catIndex(X, L, 'logistic');
    const K = this.K;
    const eta = new Float64Array(n);
    if (K <= 2) {
      const out = new Float64Array(n * Math.max(K, 1));
      if (K === 1) return out.fill(1);
      linearPredictor(X, L, ci, this.theta, 0, eta);
      const settled = this.settledSign !== null;
      for (let i = 0; i < n; i++) {
        let p1 = settled ? this.settledP(ci, i) : NaN;
        if (Number.isNaN(p1)) p1 = sigmoid(eta[i]);
        out[i * 2] = 1 - p1;
        out[i * 2 + 1] = p1;
      }
      return out;
    }
    const out = new Float64Array(n * K);
    for (let k = 0; k < K; k++) {
      linearPredictor(X, L, ci, this.theta, k * L.P, eta);
      for (let i = 0; i < n; i++) out[i * K + k] = eta[i];
    }
    softmaxRows(out, out, n, K);
    return out;
  }

  coefficients(): LogisticCoefficients {
    const L = this.requireFit();
    const Kp = this.K <= 2 ? 1 : this.K;
    const P = L.P;
    const beta = new Float64Array(Kp * (P - 1));
    const intercept: number[] = [];
    for (let k = 0; k < Kp; k++) {
      intercept.push(this.theta[k * P]);
      for (let j = 1; j < P; j++) beta[k * (P - 1) + j - 1] = this.theta[k * P + j];
    }
    // settled codes: their limit coefficient (the theta slot itself stays 0 for the finite part of predictions)
    if (this.settledSign) for (let j = 1; j < P; j++) if (this.settledSign[j] !== 0) beta[j - 1] = this.settledSign[j] * Infinity;
    return { intercept, names: L.names.slice(), beta };
  }

  /**
   * Binary only: standard errors, length 1 + names.length: the intercept first, then the features in coefficients().names
   * order. NaN for parameters not estimated. Null for multinomial fits.
   */
  standardErrors(): Float64Array | null {
    const L = this.requireFit();
    if (this.K > 2 || !this.hessian) return null;
    const q = this.active.length;
    const { L: chol } = choleskyWithRidge(this.hessian, q);
    const d = choleskyInverseDiag(chol, q);
    const out = new Float64Array(L.P).fill(NaN);
    for (let r = 0; r < q; r++) out[this.active[r]] = Math.sqrt(d[r]);
    return out;
  }

  /** Rows of (name, estimate, standard error) incl. '(intercept)' first; binary fits only (se null otherwise). */
  coefficientTable(): { name: string; estimate: number; se: number | null }[] {
    const L = this.requireFit();
    const se = this.standardErrors();
    const out: { name: string; estimate: number; se: number | null }[] = [];
    if (this.K > 2) return out;
    const names = ['(intercept)', ...L.names];
    const sign = this.settledSign;
    for (let k = 0; k < L.P; k++) out.push({ name: names[k], estimate: sign && sign[k] !== 0 ? sign[k] * Infinity : this.theta[k], se: se && Number.isFinite(se[k]) ? se[k] : null });
    return out;
  }

  /** Identifiable parameters incl. the intercept (see the module comment). */
  nParams(): number {
    this.requireFit();
    return this.K <= 2 ? this.rank : Math.max(this.kPresent - 1, 1) * this.rank;
  }

  /** Objective at the fit in scikit-learn's scale: C * sum_i w_i logloss_i + 0.5 ||beta||^2 (sum_i w_i logloss_i when C = Infinity). */
  objective(): number {
    this.requireFit();
    return this.objectiveSk;
  }

  /** Mean log-loss on a labelled design (probabilities clipped at 1e-15). */
  logLoss(X: Design, target: Target): number {
    if (target.kind !== 'classification') throw new Error('logistic: logLoss needs a classification target');
    return logLossScore(this.predict(X), target.y);
  }
}
