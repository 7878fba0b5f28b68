// Fitting the graphical model to noisy marginal measurements (Private-PGM, McKenna, Sheldon & Miklau 2019): minimise
// L(mu) = sum over measurements m of 1/2 sum_cells w_m (M_m mu - y_m)^2, where M_m mu is the model's marginal on m's
// variables (in counts, total x probability) and w_m = 1 / noise variance per cell, by entropic mirror descent on the
// marginal polytope: theta <- theta - alpha dL/dmu, mu = belief propagation(theta). Step size: Private-PGM's
// line search (halve the step until L falls by at least alpha/2 <dL, mu_old - mu_new>), starting at 1 / Lipschitz
// constant; the step doubles after an iteration that needed no halving (Private-PGM doubles it every iteration, which
// costs a second propagation per iteration once the step is at its limit). The total is the inverse-variance mean of the measured totals.

import { broadcastPair, cellCount, pairLayout, projectPair, subsetIndex, sumInto, type PairLayout } from './factor.js';
import type { JunctionTree } from './junction-tree.js';

export interface Measurement {
  /** Ascending variables. */
  vars: number[];
  /** Noisy counts over the cells of vars. */
  y: Float64Array;
  /** Precision (1 / noise variance) of each cell. */
  w: Float64Array;
}

export interface EstimateResult {
  theta: Float64Array[];
  mu: Float64Array[];
  loss: number;
  total: number;
}

/** Inverse-variance weighted mean of the measured totals (at least 1). */
export function estimateTotal(ms: readonly Measurement[]): number {
  let num = 0;
  let den = 0;
  for (const m of ms) {
    let t = 0;
    let v = 0;
    for (let c = 0; c < m.y.length; c++) {
      t += m.y[c];
      v += 1 / m.w[c];
    }
    num += t / v;
    den += 1 / v;
  }
  return Math.max(1, den > 0 ? num / den : 1);
}

interface Bound {
  m: Measurement;
  clique: number;
  /** Strided layout for 1- and 2-way measurements (no index map), else the index map. */
  layout: PairLayout | null;
  map: Int32Array | null;
}

export function mirrorDescent(jt: JunctionTree, ms: readonly Measurement[], opts: { iters: number; theta?: Float64Array[]; total?: number }): EstimateResult {
  const total = opts.total ?? estimateTotal(ms);
  const bound: Bound[] = ms.map((m) => {
    const clique = jt.cliqueContaining(m.vars);
    if (clique < 0) throw new Error('mirrorDescent: a measurement lies in no clique of the model');
    const small = m.vars.length <= 2;
    return { m, clique, layout: small ? pairLayout(jt.sizes, jt.cliques[clique], m.vars) : null, map: small ? null : subsetIndex(jt.sizes, jt.cliques[clique], m.vars) };
  });
  // Lipschitz constant of the gradient (Private-PGM's _lipschitz for identity queries)
  const eig = new Float64Array(jt.cliques.length);
  for (const b of bound) {
    let wmax = 0;
    for (const x of b.m.w) if (x > wmax) wmax = x;
    eig[b.clique] += (wmax * jt.cells[b.clique]) / cellCount(jt.sizes, b.m.vars);
  }
  let L = 0;
  for (const e of eig) if (e > L) L = e;
  // measurements grouped by clique: one pass over a clique projects (and broadcasts the gradient of) all of its measurements
  const groups: Bound[][] = jt.cliques.map(() => []);
  for (const b of bound) groups[b.clique].push(b);
  const proj = bound.map((b) => new Float64Array(b.m.y.length));
  const projOf = new Map(bound.map((b, i) => [b, proj[i]]));
  const lossGrad = (mu: Float64Array[], grad: Float64Array[]): { loss: number; grad: Float64Array[] } => {
    let loss = 0;
    for (let q = 0; q < groups.length; q++) {
      const gs = groups[q];
      const g = grad[q];
      if (gs.length === 0) {
        g.fill(0);
        continue;
      }
      const src = mu[q];
      const ps = gs.map((b) => projOf.get(b)!);
      gs.forEach((b, k) => {
        const p = ps[k];
        if (b.layout) projectPair(src, b.layout, p);
        else sumInto(src, b.map!, p);
        const { y, w } = b.m;
        for (let i = 0; i < p.length; i++) {
          const d = p[i] - y[i];
          loss += 0.5 * w[i] * d * d;
          p[i] = w[i] * d;
        }
      });
      // gradient: every measurement's weighted residual broadcast into the clique
      gs.forEach((b, k) => {
        const p = ps[k];
        if (b.layout) broadcastPair(g, b.layout, p, k > 0);
        else {
          const map = b.map!;
          if (k === 0) for (let c = 0; c < g.length; c++) g[c] = p[map[c]];
          else for (let c = 0; c < g.length; c++) g[c] += p[map[c]];
        }
      });
    }
    return { loss, grad };
  };
  let theta = opts.theta ? opts.theta.map((t) => t.slice()) : jt.zeroPotentials();
  let mu = jt.marginals(theta, total);
  let cur = lossGrad(mu, jt.zeroPotentials());
  let gradT = jt.zeroPotentials();
  let alpha = L > 0 ? 1 / L : 1;
  let grow = true;
  // buffers for the trial point (swapped with the current one on acceptance)
  let thetaT = jt.zeroPotentials();
  let muT = jt.zeroPotentials();
  for (let t = 0; t < opts.iters; t++) {
    const base = cur;
    // probe a longer step after an iteration that needed no backtracking (Private-PGM doubles every iteration)
    if (grow) alpha *= 2;
    grow = true;
    for (let ls = 0; ls < 25; ls++) {
      for (let i = 0; i < theta.length; i++) {
        const o = theta[i];
        const g = base.grad[i];
        const out = thetaT[i];
        for (let c = 0; c < o.length; c++) out[c] = o[c] - alpha * g[c];
      }
      jt.marginals(thetaT, total, muT);
      const trial = lossGrad(muT, gradT);
      let dot = 0;
      for (let i = 0; i < muT.length; i++) {
        const g = base.grad[i];
        const a = mu[i];
        const b = muT[i];
        for (let c = 0; c < g.length; c++) dot += g[c] * (a[c] - b[c]);
      }
      const accept = base.loss - trial.loss >= 0.5 * alpha * dot || ls === 24;
      if (accept) {
        [theta, thetaT] = [thetaT, theta];
        [mu, muT] = [muT, mu];
        gradT = base.grad;
        cur = trial;
        break;
      }
      alpha *= 0.5;
      grow = false;
    }
  }
  return { theta, mu, loss: cur.loss, total };
}
