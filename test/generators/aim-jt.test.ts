// AIM's graphical model: junction-tree marginals equal brute-force marginals of the same model exp(sum theta_C) / Z on a
// small domain (cliques inside one table and sets spanning several), triangulation yields a junction tree (running
// intersection), potentials carried into a larger tree keep the distribution, and mirror descent fits consistent measurements.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng.js';
import { JunctionTree, modelSizeMb, triangulate } from '../../src/generators/aim/junction-tree.js';
import { mirrorDescent, type Measurement } from '../../src/generators/aim/estimation.js';
import { subsetIndex, cellCount } from '../../src/generators/aim/factor.js';

/** Brute-force joint of exp(sum_C theta_C(x_C)) / Z over all cells (row-major, last variable fastest). */
function bruteJoint(sizes: number[], cliques: number[][], theta: Float64Array[]): Float64Array {
  const all = sizes.map((_, v) => v);
  const N = cellCount(sizes, all);
  const logp = new Float64Array(N);
  cliques.forEach((c, i) => {
    const map = subsetIndex(sizes, all, c);
    for (let x = 0; x < N; x++) logp[x] += theta[i][map[x]];
  });
  let z = 0;
  const p = new Float64Array(N);
  for (let x = 0; x < N; x++) z += p[x] = Math.exp(logp[x]);
  for (let x = 0; x < N; x++) p[x] /= z;
  return p;
}

/** Brute-force marginal by explicit digit decoding (independent of subsetIndex). */
function bruteMarginal(sizes: number[], joint: Float64Array, vars: number[]): Float64Array {
  const out = new Float64Array(vars.reduce((s, v) => s * sizes[v], 1));
  const d = sizes.length;
  for (let x = 0; x < joint.length; x++) {
    const digits = new Array<number>(d);
    let r = x;
    for (let v = d - 1; v >= 0; v--) {
      digits[v] = r % sizes[v];
      r = Math.floor(r / sizes[v]);
    }
    let k = 0;
    for (const v of vars) k = k * sizes[v] + digits[v];
    out[k] += joint[x];
  }
  return out;
}

function randomTheta(jt: JunctionTree, rng: Rng, scale = 1.5): Float64Array[] {
  return jt.cells.map((c) => Float64Array.from({ length: c }, () => scale * rng.normal()));
}

describe('junction tree', () => {
  const sizes = [2, 3, 4, 2, 3, 2];
  const cases: number[][][] = [
    [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]], // chain
    [[0, 1, 2], [1, 2, 3], [3, 4], [0, 5]], // overlapping triples
    [[0, 1], [1, 2], [2, 0], [3, 4], [4, 5], [5, 3]], // two cycles (need fill-in), disconnected
    [[0, 2], [4]], // mostly independent
  ];
  for (const cl of cases) {
    it(`marginals equal brute force for cliques ${JSON.stringify(cl)}`, () => {
      const jt = new JunctionTree(sizes, cl);
      // every input clique lies inside a maximal clique; running intersection holds
      for (const c of cl) expect(jt.cliqueContaining([...c].sort())).toBeGreaterThanOrEqual(0);
      for (let v = 0; v < sizes.length; v++) {
        const holding = jt.cliques.map((c, i) => (c.includes(v) ? i : -1)).filter((i) => i >= 0);
        // the cliques holding v form a connected subtree: exactly one of them has its parent outside the set
        const tops = holding.filter((i) => jt.parent[i] < 0 || !jt.cliques[jt.parent[i]].includes(v));
        expect(tops.length).toBe(1);
      }
      const rng = new Rng(cl.length * 7 + 1);
      const theta = randomTheta(jt, rng);
      const joint = bruteJoint(sizes, jt.cliques, theta);
      const mu = jt.marginals(theta, 1);
      jt.cliques.forEach((c, i) => {
        const b = bruteMarginal(sizes, joint, c);
        b.forEach((x, k) => expect(mu[i][k]).toBeCloseTo(x, 12));
      });
      // every pair and some triples, inside a clique or not
      const sets: number[][] = [];
      for (let a = 0; a < sizes.length; a++) for (let b = a + 1; b < sizes.length; b++) sets.push([a, b]);
      sets.push([0, 3, 5], [1, 4, 5], [0, 2, 4]);
      for (const s of sets) {
        const got = jt.project(mu, s);
        const want = bruteMarginal(sizes, joint, s);
        expect(got.length).toBe(want.length);
        want.forEach((x, k) => expect(got[k]).toBeCloseTo(x, 12));
      }
      // the batched pair marginals agree too
      const pairs = sets.filter((s) => s.length === 2);
      jt.projectPairs(mu, pairs).forEach((got, q) => {
        const want = bruteMarginal(sizes, joint, pairs[q]);
        want.forEach((x, k) => expect(got[k]).toBeCloseTo(x, 12));
      });
    });
  }

  it('potentials imported into a larger tree give the same distribution', () => {
    const small = new JunctionTree(sizes, [[0, 1], [2, 3]]);
    const big = new JunctionTree(sizes, [[0, 1], [2, 3], [1, 2, 4]]);
    const theta = randomTheta(small, new Rng(3));
    const a = bruteJoint(sizes, small.cliques, theta);
    const b = bruteJoint(sizes, big.cliques, big.importPotentials(small, theta));
    a.forEach((x, k) => expect(b[k]).toBeCloseTo(x, 14));
  });

  it('model size counts the cells of the maximal cliques of the triangulation (8 bytes each)', () => {
    // a 4-cycle 0-1-2-3 needs one chord: two triangles; the cheaper chord joins the smaller pair
    const s = [10, 2, 10, 3];
    const tri = triangulate(s, 4, [[0, 1], [1, 2], [2, 3], [0, 3]]);
    const cells = tri.reduce((t, c) => t + cellCount(s, c), 0);
    // chord 1-3: triangles {0,1,3} (60) and {1,2,3} (60) = 120 cells; chord 0-2 would give 200 + 300
    expect(cells).toBe(120);
    expect(modelSizeMb(s, 4, [[0, 1], [1, 2], [2, 3], [0, 3]])).toBe((120 * 8) / 2 ** 20);
  });
});

describe('mirror descent', () => {
  it('fits exact measurements of a model in its family (loss -> 0, marginals recovered)', () => {
    const sizes = [3, 2, 4, 2];
    const cl = [[0, 1], [1, 2], [2, 3]];
    const jt = new JunctionTree(sizes, cl);
    const truthTheta = randomTheta(jt, new Rng(5), 1);
    const n = 1000;
    const mu = jt.marginals(truthTheta, n);
    const ms: Measurement[] = cl.map((c) => {
      const y = jt.project(mu, c);
      return { vars: c, y, w: new Float64Array(y.length).fill(1 / 4) };
    });
    const fit = mirrorDescent(jt, ms, { iters: 400 });
    expect(fit.total).toBeCloseTo(n, 9);
    expect(fit.loss).toBeLessThan(1e-3);
    for (const c of cl) {
      const got = jt.project(fit.mu, c);
      const want = jt.project(mu, c);
      want.forEach((x, k) => expect(Math.abs(got[k] - x)).toBeLessThan(0.05));
    }
  });
});

describe('belief propagation in probability space', () => {
  it('equals the log-space propagation, also for potentials spanning hundreds of nats', () => {
    const sizes = [3, 4, 2, 5, 3];
    const jt = new JunctionTree(sizes, [[0, 1, 2], [2, 3], [1, 3, 4]]);
    const rng = new Rng(11);
    for (const scale of [1, 100]) {
      const theta = randomTheta(jt, rng, scale);
      const a = jt.marginals(theta, 50);
      const b = jt.logMarginals(theta);
      a.forEach((m, i) => m.forEach((x, k) => expect(x).toBeCloseTo(50 * Math.exp(b[i][k]), 9)));
    }
  });
});

describe('strided pair kernels', () => {
  it('projectPair / broadcastPair equal the index-map versions for every one- and two-variable subset', async () => {
    const { pairLayout, projectPair, broadcastPair, sumInto } = await import('../../src/generators/aim/factor.js');
    const sizes = [2, 3, 4, 2, 3];
    const vars = [0, 1, 2, 3, 4];
    const rng = new Rng(2);
    const src = Float64Array.from({ length: cellCount(sizes, vars) }, () => rng.random());
    const subs: number[][] = [];
    for (let a = 0; a < 5; a++) {
      subs.push([a]);
      for (let b = a + 1; b < 5; b++) subs.push([a, b]);
    }
    for (const sub of subs) {
      const map = subsetIndex(sizes, vars, sub);
      const want = sumInto(src, map, new Float64Array(cellCount(sizes, sub)));
      const got = new Float64Array(want.length);
      const L = pairLayout(sizes, vars, sub);
      projectPair(src, L, got);
      want.forEach((x, k) => expect(got[k]).toBeCloseTo(x, 12));
      const r = Float64Array.from({ length: want.length }, () => rng.normal());
      const g = Float64Array.from(src);
      broadcastPair(g, L, r, true);
      for (let c = 0; c < g.length; c++) expect(g[c]).toBeCloseTo(src[c] + r[map[c]], 12);
      broadcastPair(g, L, r, false);
      for (let c = 0; c < g.length; c++) expect(g[c]).toBe(r[map[c]]);
    }
  });
});
