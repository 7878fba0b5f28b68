// The junction tree of the AIM graphical model (Private-PGM style, McKenna, Sheldon & Miklau 2019): the measured cliques
// are completed to a chordal graph by greedy elimination (each step eliminates the variable whose clique has the fewest
// cells), the maximal cliques are joined by a maximum-weight spanning tree on shared variables (components joined through
// empty separators, so there is always one tree and one normaliser), and the model is p(x) proportional to
// exp(sum over maximal cliques C of theta_C(x_C)). Belief propagation (log space, Hugin updates: collect to the root, then
// distribute) gives every clique's exact marginal; marginals of sets inside no clique are computed by variable elimination
// on the smallest subtree covering the set. Sampling: the root's clique, then each clique given its separator.
// Model size = cells of all maximal-clique tables x 8 bytes (Private-PGM's hypothetical_model_size), in MB (2^20 bytes).

import { cellCount, isSubset, logSumExp, logSumExpInto, marginalize, multiply, subsetIndex, sumInto, type Factor } from './factor.js';

const MB = 1 << 20;

/** Maximal cliques of a chordal completion of the graph whose edges join the variables of each given clique. */
export function triangulate(sizes: ArrayLike<number>, nVars: number, cliques: readonly number[][]): number[][] {
  const adj: Set<number>[] = Array.from({ length: nVars }, () => new Set<number>());
  for (const cl of cliques) for (const a of cl) for (const b of cl) if (a !== b) adj[a].add(b);
  const alive = new Uint8Array(nVars).fill(1);
  const found: number[][] = [];
  for (let step = 0; step < nVars; step++) {
    let best = -1;
    let bestCost = Infinity;
    let bestFill = Infinity;
    for (let v = 0; v < nVars; v++) {
      if (!alive[v]) continue;
      let cost = sizes[v];
      for (const u of adj[v]) cost *= sizes[u];
      if (cost > bestCost) continue;
      // fill-in edges, a tie-breaker
      let fill = 0;
      if (cost === bestCost) {
        const nb = [...adj[v]];
        for (let i = 0; i < nb.length; i++) for (let k = i + 1; k < nb.length; k++) if (!adj[nb[i]].has(nb[k])) fill++;
        if (fill >= bestFill) continue;
      } else {
        const nb = [...adj[v]];
        for (let i = 0; i < nb.length; i++) for (let k = i + 1; k < nb.length; k++) if (!adj[nb[i]].has(nb[k])) fill++;
      }
      best = v;
      bestCost = cost;
      bestFill = fill;
    }
    const nb = [...adj[best]];
    found.push([best, ...nb].sort((a, b) => a - b));
    for (let i = 0; i < nb.length; i++)
      for (let k = i + 1; k < nb.length; k++) {
        adj[nb[i]].add(nb[k]);
        adj[nb[k]].add(nb[i]);
      }
    for (const u of nb) adj[u].delete(best);
    adj[best].clear();
    alive[best] = 0;
  }
  // keep the maximal ones (in elimination order: deterministic)
  const out: number[][] = [];
  for (let i = 0; i < found.length; i++) {
    const c = found[i];
    let dominated = false;
    for (let k = 0; k < found.length && !dominated; k++) {
      if (k === i) continue;
      const o = found[k];
      if (o.length > c.length || (o.length === c.length && k < i)) dominated = isSubset(c, o);
    }
    if (!dominated) out.push(c);
  }
  return out;
}

/** Size in MB of the junction tree of the given cliques (cells of its maximal cliques x 8 bytes). */
export function modelSizeMb(sizes: ArrayLike<number>, nVars: number, cliques: readonly number[][]): number {
  let cells = 0;
  for (const c of triangulate(sizes, nVars, cliques)) cells += cellCount(sizes, c);
  return (cells * 8) / MB;
}

export class JunctionTree {
  readonly sizes: number[];
  readonly nVars: number;
  /** Maximal cliques (ascending variables). */
  readonly cliques: number[][];
  readonly cells: number[];
  /** Parent clique in the rooted tree (-1 for the root, clique 0). */
  readonly parent: Int32Array;
  /** Cliques in an order where a parent comes before its children. */
  readonly order: number[];
  /** Separator of each clique with its parent ([] for the root). */
  readonly sep: number[][];
  /** Clique cells -> separator cells, for the separator with the parent. */
  readonly sepMapChild: Int32Array[];
  /** Parent clique cells -> separator cells, for the separator with this clique. */
  readonly sepMapParent: Int32Array[];
  readonly sizeMb: number;

  constructor(sizes: number[], cliquesIn: readonly number[][]) {
    this.sizes = sizes.slice();
    this.nVars = sizes.length;
    const withSingles = [...cliquesIn.map((c) => [...c].sort((a, b) => a - b)), ...sizes.map((_, v) => [v])];
    const cliques = triangulate(sizes, this.nVars, withSingles);
    this.cliques = cliques;
    this.cells = cliques.map((c) => cellCount(sizes, c));
    const m = cliques.length;
    // maximum spanning tree on the number of shared variables (Prim from clique 0; ties to the lowest index)
    const inTree = new Uint8Array(m);
    const bestW = new Float64Array(m).fill(-1);
    const bestP = new Int32Array(m).fill(-1);
    this.parent = new Int32Array(m).fill(-1);
    this.order = [];
    let cur = 0;
    for (let step = 0; step < m; step++) {
      inTree[cur] = 1;
      this.order.push(cur);
      if (step > 0) this.parent[cur] = bestP[cur];
      for (let k = 0; k < m; k++) {
        if (inTree[k]) continue;
        const w = sharedCount(cliques[cur], cliques[k]);
        if (w > bestW[k]) {
          bestW[k] = w;
          bestP[k] = cur;
        }
      }
      let next = -1;
      for (let k = 0; k < m; k++) if (!inTree[k] && (next < 0 || bestW[k] > bestW[next])) next = k;
      if (next < 0) break;
      cur = next;
    }
    this.sep = cliques.map((c, i) => (this.parent[i] < 0 ? [] : c.filter((v) => cliques[this.parent[i]].includes(v))));
    this.sepMapChild = cliques.map((c, i) => subsetIndex(sizes, c, this.sep[i]));
    this.sepMapParent = cliques.map((_, i) => (this.parent[i] < 0 ? new Int32Array(0) : subsetIndex(sizes, cliques[this.parent[i]], this.sep[i])));
    let cells = 0;
    for (const c of this.cells) cells += c;
    this.sizeMb = (cells * 8) / MB;
  }

  /** Index of a (smallest) maximal clique holding every variable of `vars`, or -1. */
  cliqueContaining(vars: readonly number[]): number {
    let best = -1;
    for (let i = 0; i < this.cliques.length; i++) if (isSubset(vars, this.cliques[i]) && (best < 0 || this.cells[i] < this.cells[best])) best = i;
    return best;
  }

  /** Zero log-potentials (the uniform distribution). */
  zeroPotentials(): Float64Array[] {
    return this.cells.map((c) => new Float64Array(c));
  }

  /**
   * Belief propagation: the log of each clique's marginal probability, for the model exp(sum_C theta_C) / Z.
   * Returns normalised log-marginals (each log-sum-exps to 0).
   */
  logMarginals(theta: readonly Float64Array[]): Float64Array[] {
    const m = this.cliques.length;
    const bel = theta.map((t) => t.slice());
    const up: Float64Array[] = new Array(m);
    // collect (children before parents)
    for (let q = m - 1; q >= 1; q--) {
      const i = this.order[q];
      const p = this.parent[i];
      const msg = logSumExpInto(bel[i], this.sepMapChild[i], new Float64Array(cellCount(this.sizes, this.sep[i])));
      up[i] = msg;
      const mp = this.sepMapParent[i];
      const bp = bel[p];
      for (let c = 0; c < bp.length; c++) bp[c] += msg[mp[c]];
    }
    // distribute (parents before children): Hugin update, the parent's separator marginal minus the child's own message
    for (let q = 1; q < m; q++) {
      const i = this.order[q];
      const p = this.parent[i];
      const down = logSumExpInto(bel[p], this.sepMapParent[i], new Float64Array(up[i].length));
      for (let s = 0; s < down.length; s++) down[s] = up[i][s] === -Infinity ? -Infinity : down[s] - up[i][s];
      const mc = this.sepMapChild[i];
      const bc = bel[i];
      for (let c = 0; c < bc.length; c++) bc[c] += down[mc[c]];
    }
    const logZ = logSumExp(bel[this.order[0]]);
    for (const b of bel) for (let c = 0; c < b.length; c++) b[c] -= logZ;
    return bel;
  }

  /**
   * Clique marginals in counts (total x probability): the same propagation as logMarginals in probability space, each
   * clique's potentials exponentiated once after subtracting their maximum, messages rescaled to a maximum of 1 and
   * beliefs whenever their maximum leaves [1e-150, 1e150] (one exp per cell instead of log-sum-exps; a cell more than
   * e^700 below its clique's maximum counts as 0).
   */
  marginals(theta: readonly Float64Array[], total: number, out?: Float64Array[]): Float64Array[] {
    const m = this.cliques.length;
    const bel = theta.map((t, i) => {
      let mx = -Infinity;
      for (let c = 0; c < t.length; c++) if (t[c] > mx) mx = t[c];
      const b = out ? out[i] : new Float64Array(t.length);
      for (let c = 0; c < t.length; c++) b[c] = Math.exp(t[c] - mx);
      return b;
    });
    const up: Float64Array[] = new Array(m);
    for (let q = m - 1; q >= 1; q--) {
      const i = this.order[q];
      const p = this.parent[i];
      const msg = sumInto(bel[i], this.sepMapChild[i], new Float64Array(cellCount(this.sizes, this.sep[i])));
      let mx = 0;
      for (let s = 0; s < msg.length; s++) if (msg[s] > mx) mx = msg[s];
      if (mx > 0) for (let s = 0; s < msg.length; s++) msg[s] /= mx;
      up[i] = msg;
      const mp = this.sepMapParent[i];
      const bp = bel[p];
      let top = 0;
      for (let c = 0; c < bp.length; c++) {
        const v = (bp[c] *= msg[mp[c]]);
        if (v > top) top = v;
      }
      if (top < 1e-150) rescale(bp);
    }
    for (let q = 1; q < m; q++) {
      const i = this.order[q];
      const p = this.parent[i];
      const down = sumInto(bel[p], this.sepMapParent[i], new Float64Array(up[i].length));
      const u = up[i];
      for (let s = 0; s < down.length; s++) down[s] = u[s] > 0 ? down[s] / u[s] : 0;
      const mc = this.sepMapChild[i];
      const bc = bel[i];
      let top = 0;
      for (let c = 0; c < bc.length; c++) {
        const v = (bc[c] *= down[mc[c]]);
        if (v > top) top = v;
      }
      if (top < 1e-150 || top > 1e150) rescale(bc);
    }
    for (const b of bel) {
      let s = 0;
      for (let c = 0; c < b.length; c++) s += b[c];
      const f = s > 0 ? total / s : 0;
      for (let c = 0; c < b.length; c++) b[c] *= f;
    }
    return bel;
  }

  /** Depth of each clique in the tree (roots 0). */
  private depths(): Int32Array {
    const depth = new Int32Array(this.cliques.length);
    for (const i of this.order) depth[i] = this.parent[i] < 0 ? 0 : depth[this.parent[i]] + 1;
    return depth;
  }

  /** The cliques on the tree paths from `from` to each of `anchors` (1 = on a path). */
  private pathsBetween(from: number, anchors: readonly number[], depth: Int32Array): Uint8Array {
    const inT = new Uint8Array(this.cliques.length);
    inT[from] = 1;
    for (const a of anchors) {
      let x = a;
      let y = from;
      inT[x] = 1;
      while (x !== y) {
        if (depth[x] >= depth[y]) x = this.parent[x];
        else y = this.parent[y];
        inT[x] = 1;
        inT[y] = 1;
      }
    }
    return inT;
  }

  /**
   * Marginal (in the units of `mu`) over the ascending variables `vars`, from calibrated clique marginals `mu`:
   * a sum inside one clique when one holds them all, else variable elimination over the smallest subtree holding them.
   */
  project(mu: readonly Float64Array[], vars: readonly number[]): Float64Array {
    const home = this.cliqueContaining(vars);
    if (home >= 0) return sumInto(mu[home], subsetIndex(this.sizes, this.cliques[home], vars), new Float64Array(cellCount(this.sizes, vars)));
    // one clique per variable (the first holding it), joined by tree paths
    const m = this.cliques.length;
    const depth = this.depths();
    const anchors = vars.map((v) => this.cliques.findIndex((c) => c.includes(v)));
    const root = anchors[0];
    const inT = this.pathsBetween(root, anchors, depth);
    // the subtree rooted at `root`: neighbours through tree edges
    const nbrs: number[][] = Array.from({ length: m }, () => []);
    for (let i = 0; i < m; i++) {
      const p = this.parent[i];
      if (p >= 0 && inT[i] && inT[p]) {
        nbrs[i].push(p);
        nbrs[p].push(i);
      }
    }
    const tParent = new Int32Array(m).fill(-1);
    const post: number[] = [];
    const stack: [number, number][] = [[root, -1]];
    const seen = new Uint8Array(m);
    const pre: number[] = [];
    while (stack.length) {
      const [x, from] = stack.pop()!;
      seen[x] = 1;
      tParent[x] = from;
      pre.push(x);
      for (const y of nbrs[x]) if (y !== from && !seen[y]) stack.push([y, x]);
    }
    for (let q = pre.length - 1; q >= 0; q--) post.push(pre[q]);
    const msgs = new Map<number, Factor[]>();
    let result: Factor | null = null;
    for (const x of post) {
      const C = this.cliques[x];
      let f: Factor;
      const p = tParent[x];
      if (p < 0) f = { vars: C, vals: mu[x] };
      else {
        // conditional of the clique given its separator with the subtree parent
        const S = C.filter((v) => this.cliques[p].includes(v));
        const map = subsetIndex(this.sizes, C, S);
        const ms = sumInto(mu[x], map, new Float64Array(cellCount(this.sizes, S)));
        const vals = new Float64Array(mu[x].length);
        for (let c = 0; c < vals.length; c++) vals[c] = ms[map[c]] > 0 ? mu[x][c] / ms[map[c]] : 0;
        f = { vars: C, vals };
      }
      for (const g of msgs.get(x) ?? []) f = multiply(this.sizes, f, g);
      if (p < 0) {
        result = marginalize(this.sizes, f, vars.slice().filter((v) => f.vars.includes(v)));
        break;
      }
      const S = C.filter((v) => this.cliques[p].includes(v));
      const keep = f.vars.filter((v) => S.includes(v) || vars.includes(v));
      const g = marginalize(this.sizes, f, keep);
      if (!msgs.has(p)) msgs.set(p, []);
      msgs.get(p)!.push(g);
    }
    if (!result || result.vars.length !== vars.length) throw new Error('JunctionTree.project: query variables not covered');
    return result.vals;
  }

  /**
   * Marginals of many pairs [a, b] (ascending) at once, exact, in the units of `mu`. Pairs inside a clique are summed from
   * it; for the others, each variable a (the smaller one of the pair) is carried through the tree from a clique holding it:
   * F_C(a, x_C) = P(a, x_S) P(x_C) / P(x_S) along the paths to the cliques holding the partners b (cost |a| x cells of
   * the cliques on those paths, no factor products).
   */
  projectPairs(mu: readonly Float64Array[], pairs: readonly number[][]): Float64Array[] {
    const out: Float64Array[] = new Array(pairs.length);
    const byCarry = new Map<number, { b: number; slot: number }[]>();
    pairs.forEach((pr, slot) => {
      const [x, y] = pr;
      const home = this.cliqueContaining(pr);
      if (home >= 0) {
        out[slot] = sumInto(mu[home], subsetIndex(this.sizes, this.cliques[home], pr), new Float64Array(this.sizes[x] * this.sizes[y]));
        return;
      }
      const carry = this.sizes[x] <= this.sizes[y] ? x : y;
      const b = carry === x ? y : x;
      if (!byCarry.has(carry)) byCarry.set(carry, []);
      byCarry.get(carry)!.push({ b, slot });
    });
    const m = this.cliques.length;
    const depth = this.depths();
    for (const [a, targets] of byCarry) {
      const ka = this.sizes[a];
      const home = this.cliques.findIndex((c) => c.includes(a));
      const anchors = targets.map((t) => this.cliques.findIndex((c) => c.includes(t.b)));
      // the cliques on the paths home -> anchors, and the order to visit them (BFS from home inside that set)
      const inT = this.pathsBetween(home, anchors, depth);
      const F: (Float64Array | null)[] = new Array(m).fill(null); // null at cliques holding a (then F_C = mu_C)
      const seen = new Uint8Array(m);
      seen[home] = 1;
      const queue = [home];
      const aIdx = (c: number) => subsetIndex(this.sizes, this.cliques[c], [a]);
      while (queue.length) {
        const P = queue.shift()!;
        const nb: number[] = [];
        if (this.parent[P] >= 0) nb.push(this.parent[P]);
        for (let k = 0; k < m; k++) if (this.parent[k] === P) nb.push(k);
        for (const C of nb) {
          if (!inT[C] || seen[C]) continue;
          seen[C] = 1;
          queue.push(C);
          if (this.cliques[C].includes(a)) continue;
          const child = this.parent[C] === P ? C : P;
          const mapP = child === C ? this.sepMapParent[C] : this.sepMapChild[P];
          const mapC = child === C ? this.sepMapChild[C] : this.sepMapParent[P];
          const kS = cellCount(this.sizes, this.sep[child]);
          const G = new Float64Array(ka * kS);
          const fp = F[P];
          const muP = mu[P];
          if (fp === null) {
            const ai = aIdx(P);
            for (let c = 0; c < muP.length; c++) G[ai[c] * kS + mapP[c]] += muP[c];
          } else {
            const kP = muP.length;
            for (let v = 0; v < ka; v++) for (let c = 0; c < kP; c++) G[v * kS + mapP[c]] += fp[v * kP + c];
          }
          const muC = mu[C];
          const kC = muC.length;
          const PS = sumInto(muC, mapC, new Float64Array(kS));
          const fc = new Float64Array(ka * kC);
          for (let c = 0; c < kC; c++) {
            const s = mapC[c];
            const r = PS[s] > 0 ? muC[c] / PS[s] : 0;
            if (r === 0) continue;
            for (let v = 0; v < ka; v++) fc[v * kC + c] = G[v * kS + s] * r;
          }
          F[C] = fc;
        }
      }
      targets.forEach((t, q) => {
        const C = anchors[q];
        const fc = F[C]!;
        const kC = mu[C].length;
        const kb = this.sizes[t.b];
        const bi = subsetIndex(this.sizes, this.cliques[C], [t.b]);
        const res = new Float64Array(ka * kb);
        // layout over the ascending pair: a first when a < b
        for (let v = 0; v < ka; v++)
          for (let c = 0; c < kC; c++) {
            const x = fc[v * kC + c];
            if (x !== 0) res[a < t.b ? v * kb + bi[c] : bi[c] * ka + v] += x;
          }
        out[t.slot] = res;
      });
    }
    return out;
  }

  /** Carry potentials of another tree over the same variables into this one (each old clique lies inside a new one). */
  importPotentials(from: JunctionTree, theta: readonly Float64Array[]): Float64Array[] {
    const out = this.zeroPotentials();
    from.cliques.forEach((c, i) => {
      const home = this.cliqueContaining(c);
      if (home < 0) throw new Error('importPotentials: the new tree does not cover an old clique');
      const map = subsetIndex(this.sizes, this.cliques[home], c);
      const t = theta[i];
      const o = out[home];
      for (let k = 0; k < o.length; k++) o[k] += t[map[k]];
    });
    return out;
  }
}

function rescale(b: Float64Array): void {
  let mx = 0;
  for (let c = 0; c < b.length; c++) if (b[c] > mx) mx = b[c];
  if (mx > 0 && mx !== 1) for (let c = 0; c < b.length; c++) b[c] /= mx;
}

function sharedCount(a: readonly number[], b: readonly number[]): number {
  let n = 0;
  for (const v of a) if (b.includes(v)) n++;
  return n;
}
