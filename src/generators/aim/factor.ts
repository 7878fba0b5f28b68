// Typed-array factors for the AIM graphical model: a factor over a set of variables (column indices, ascending) is a
// Float64Array laid out row-major over those variables in ascending order (the last variable varies fastest).
// Index maps send every cell of a factor to the cell of its projection onto a subset of its variables; they are the one
// primitive behind marginalisation (sum or log-sum-exp), broadcasting and products.

/** Number of cells of a factor over `vars` (sizes indexed by variable). */
export function cellCount(sizes: ArrayLike<number>, vars: readonly number[]): number {
  let c = 1;
  for (const v of vars) c *= sizes[v];
  return c;
}

/** Ascending union of two ascending variable lists. */
export function unionVars(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else if (i >= a.length || b[j] < a[i]) out.push(b[j++]);
    else {
      out.push(a[i]);
      i++;
      j++;
    }
  }
  return out;
}

/** True when every variable of `sub` is in `sup` (both ascending). */
export function isSubset(sub: readonly number[], sup: readonly number[]): boolean {
  let j = 0;
  for (const v of sub) {
    while (j < sup.length && sup[j] < v) j++;
    if (j >= sup.length || sup[j] !== v) return false;
  }
  return true;
}

/**
 * For every cell of a factor over `vars`, the index of its cell in the factor over `sub` (a subset of vars, both ascending).
 * An empty `sub` maps every cell to 0.
 */
export function subsetIndex(sizes: ArrayLike<number>, vars: readonly number[], sub: readonly number[]): Int32Array {
  const r = vars.length;
  const cells = cellCount(sizes, vars);
  const idx = new Int32Array(cells);
  if (sub.length === 0) return idx;
  // stride of each of vars' digits in the subset layout (0 when the variable is not in sub)
  const stride = new Int32Array(r);
  const dims = new Int32Array(r);
  let s = 1;
  for (let p = r - 1; p >= 0; p--) {
    dims[p] = sizes[vars[p]];
    if (sub.includes(vars[p])) {
      stride[p] = s;
      s *= dims[p];
    }
  }
  if (s !== cellCount(sizes, sub)) throw new Error('subsetIndex: sub is not a subset of vars');
  const digit = new Int32Array(r);
  let m = 0;
  for (let c = 0; c < cells; c++) {
    idx[c] = m;
    for (let p = r - 1; p >= 0; p--) {
      if (++digit[p] < dims[p]) {
        m += stride[p];
        break;
      }
      m -= (dims[p] - 1) * stride[p];
      digit[p] = 0;
    }
  }
  return idx;
}

/** out[map[c]] += src[c] (out is zeroed first). */
export function sumInto(src: Float64Array, map: Int32Array, out: Float64Array): Float64Array {
  out.fill(0);
  for (let c = 0; c < src.length; c++) out[map[c]] += src[c];
  return out;
}

/** out[k] = log sum_{c: map[c] = k} exp(src[c]) (stable: max subtracted per output cell). */
export function logSumExpInto(src: Float64Array, map: Int32Array, out: Float64Array): Float64Array {
  const mx = out;
  mx.fill(-Infinity);
  for (let c = 0; c < src.length; c++) if (src[c] > mx[map[c]]) mx[map[c]] = src[c];
  const acc = new Float64Array(out.length);
  for (let c = 0; c < src.length; c++) acc[map[c]] += Math.exp(src[c] - mx[map[c]]);
  for (let k = 0; k < out.length; k++) out[k] = mx[k] === -Infinity ? -Infinity : mx[k] + Math.log(acc[k]);
  return out;
}

/** log sum exp of a whole array. */
export function logSumExp(x: Float64Array): number {
  let mx = -Infinity;
  for (let c = 0; c < x.length; c++) if (x[c] > mx) mx = x[c];
  if (mx === -Infinity) return -Infinity;
  let s = 0;
  for (let c = 0; c < x.length; c++) s += Math.exp(x[c] - mx);
  return mx + Math.log(s);
}

/** A factor in probability (or count) space over ascending variables. */
export interface Factor {
  vars: number[];
  vals: Float64Array;
}

/** Product of two factors over the union of their variables. */
export function multiply(sizes: ArrayLike<number>, a: Factor, b: Factor): Factor {
  const vars = unionVars(a.vars, b.vars);
  const ia = subsetIndex(sizes, vars, a.vars);
  const ib = subsetIndex(sizes, vars, b.vars);
  const vals = new Float64Array(ia.length);
  for (let c = 0; c < vals.length; c++) vals[c] = a.vals[ia[c]] * b.vals[ib[c]];
  return { vars, vals };
}

/** Sum a factor onto the ascending subset `keep` of its variables. */
export function marginalize(sizes: ArrayLike<number>, f: Factor, keep: readonly number[]): Factor {
  if (keep.length === f.vars.length) return { vars: f.vars.slice(), vals: f.vals.slice() };
  const map = subsetIndex(sizes, f.vars, keep);
  return { vars: keep.slice(), vals: sumInto(f.vals, map, new Float64Array(cellCount(sizes, keep))) };
}

/**
 * The layout of one or two variables inside a factor over `vars` (ascending), for projections without index maps:
 * cells = O x Ka x M x Kb x T (row-major), the kept variables being Ka and Kb (Kb = 1 for a single variable).
 */
export interface PairLayout {
  O: number;
  Ka: number;
  M: number;
  Kb: number;
  T: number;
}

export function pairLayout(sizes: ArrayLike<number>, vars: readonly number[], sub: readonly number[]): PairLayout {
  if (sub.length < 1 || sub.length > 2) throw new Error('pairLayout: one or two variables');
  const i = vars.indexOf(sub[0]);
  const j = sub.length === 2 ? vars.indexOf(sub[1]) : vars.length;
  if (i < 0 || j < 0 || j <= i) throw new Error('pairLayout: sub must be an ascending subset of vars');
  const prod = (a: number, b: number) => {
    let p = 1;
    for (let k = a; k < b; k++) p *= sizes[vars[k]];
    return p;
  };
  return sub.length === 2
    ? { O: prod(0, i), Ka: sizes[vars[i]], M: prod(i + 1, j), Kb: sizes[vars[j]], T: prod(j + 1, vars.length) }
    : { O: prod(0, i), Ka: sizes[vars[i]], M: 1, Kb: 1, T: prod(i + 1, vars.length) };
}

/** out = projection of src onto the pair (out zeroed first); a single sequential pass. */
export function projectPair(src: Float64Array, L: PairLayout, out: Float64Array): void {
  out.fill(0);
  const { O, Ka, M, Kb, T } = L;
  let c = 0;
  for (let o = 0; o < O; o++)
    for (let x = 0; x < Ka; x++)
      for (let m = 0; m < M; m++) {
        const row = x * Kb;
        if (T === 1) for (let y = 0; y < Kb; y++) out[row + y] += src[c++];
        else
          for (let y = 0; y < Kb; y++) {
            let s = 0;
            for (let t = 0; t < T; t++) s += src[c++];
            out[row + y] += s;
          }
      }
}

/** g[cell] (+)= r[projection of cell]: broadcast of a pair table into the factor (assign when `add` is false). */
export function broadcastPair(g: Float64Array, L: PairLayout, r: Float64Array, add: boolean): void {
  const { O, Ka, M, Kb, T } = L;
  let c = 0;
  for (let o = 0; o < O; o++)
    for (let x = 0; x < Ka; x++)
      for (let m = 0; m < M; m++) {
        const row = x * Kb;
        for (let y = 0; y < Kb; y++) {
          const v = r[row + y];
          if (add) for (let t = 0; t < T; t++) g[c++] += v;
          else for (let t = 0; t < T; t++) g[c++] = v;
        }
      }
}
