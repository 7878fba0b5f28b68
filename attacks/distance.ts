// Gower-style mixed distance on the shared encoding and an exact nearest-neighbour index for it: numeric |x - y| / range_R capped
// at 1, categorical 1[code differs], missing vs value = 1, missing vs missing = 0, averaged over the columns (docs/definitions.md#gower-distance).
//
// Index: reference rows sorted into a trie over the categorical codes (fewest codes first), each leaf sorted by one numeric
// column. Branch and bound: categorical mismatches on the path are a lower bound on the distance, and inside a leaf the
// sorted numeric column gives a second bound, so a query visits only the branches that can still beat its k-th best.
// Exact: results equal brute force (tested); ties between neighbours resolve deterministically by traversal order.
// Each numeric term is computed as |x - y| / range from RAW values (not x/range - y/range), so equal differences give
// bit-identical terms and ties of the definition (e.g. a row midway between a train and a holdout row) stay exact ties.
// Categorical terms compare exactCodes (src/domain.ts): two categories unseen in the real table match only when their raw
// labels are equal (the fidelity encoding's single unseen bucket would make every pair of unseen categories a match).

import { exactCodes, lowerBound, type Encoded } from '../src/domain.js';

/** Columns a distance runs over, split by kind (domain column indices). */
export interface GowerSpace {
  columns: number[];
  catCols: number[];
  numCols: number[];
  /** Range of each numeric column in the REAL table (domain), used to scale. */
  numRange: Float64Array;
}

export function gowerSpace(e: Encoded, columns?: number[]): GowerSpace {
  const cols = columns ?? e.domain.columns.map((_, j) => j);
  if (cols.length === 0) throw new Error('gowerSpace: no columns');
  const catCols: number[] = [];
  const numCols: number[] = [];
  for (const j of cols) (e.domain.columns[j].kind === 'numeric' ? numCols : catCols).push(j);
  const numRange = Float64Array.from(numCols.map((j) => {
    const cd = e.domain.columns[j];
    return cd.kind === 'numeric' ? cd.range : 1;
  }));
  return { columns: cols.slice(), catCols, numCols, numRange };
}

/** Rows of a table in a space: row-major categorical codes and raw numeric values (NaN = missing; scaled per term by numRange). */
export interface Points {
  n: number;
  nc: number;
  nn: number;
  cat: Int32Array;
  num: Float64Array;
}

export function toPoints(e: Encoded, space: GowerSpace, catOrder?: number[]): Points {
  const cc = catOrder ?? space.catCols;
  const nc = cc.length;
  const nn = space.numCols.length;
  const n = e.n;
  const cat = new Int32Array(n * nc);
  const num = new Float64Array(n * nn);
  for (let t = 0; t < nc; t++) {
    const c = exactCodes(e, cc[t]);
    for (let i = 0; i < n; i++) cat[i * nc + t] = c[i];
  }
  for (let t = 0; t < nn; t++) {
    const v = e.values[space.numCols[t]]!;
    for (let i = 0; i < n; i++) num[i * nn + t] = v[i];
  }
  return { n, nc, nn, cat, num };
}

/** Gower distance between row a of table A and row b of table B (plain, for tests and small jobs). */
export function gowerDistance(A: Encoded, a: number, B: Encoded, b: number, space: GowerSpace): number {
  let s = 0;
  for (const j of space.catCols) if (exactCodes(A, j)[a] !== exactCodes(B, j)[b]) s += 1;
  for (let t = 0; t < space.numCols.length; t++) {
    const j = space.numCols[t];
    s += numTerm(A.values[j]![a], B.values[j]![b], space.numRange[t]);
  }
  return s / space.columns.length;
}

/** Per-column numeric term min(1, |x - y| / range) (range 1 = values already scaled); missing vs value 1, missing vs missing 0. */
export function numTerm(x: number, y: number, range = 1): number {
  const xm = x !== x;
  const ym = y !== y;
  if (xm || ym) return xm && ym ? 0 : 1;
  const d = (x > y ? x - y : y - x) / range;
  return d < 1 ? d : 1;
}

export interface GowerIndex {
  space: GowerSpace;
  /** Categorical columns in trie order (domain indices). */
  catOrder: number[];
  n: number;
  /** Reference rows in trie order (row-major, same layout as Points). */
  pts: Points;
  /** Original row index of each sorted position. */
  rowOf: Int32Array;
  /** Trie: per node its code, children [childStart, childEnd) (node ids), rows [rowStart, rowEnd). Node 0 = root. */
  nodeCode: Int32Array;
  childStart: Int32Array;
  childEnd: Int32Array;
  rowStart: Int32Array;
  rowEnd: Int32Array;
  /** Numeric column (position in numCols) that leaves are sorted by, or -1. Missing sorts last (key +Infinity). */
  primary: number;
  /** Sorted key (raw value) of the primary column per sorted position. */
  key: Float64Array;
}

/** Build the index over the rows of `ref` (optionally a subset given by `rows`). */
export function buildIndex(ref: Encoded, space: GowerSpace, rows?: ArrayLike<number>): GowerIndex {
  // trie order: categorical columns with fewest distinct codes in the reference first (narrow top, prune deep)
  const distinct = space.catCols.map((j) => {
    const seen = new Set<number>();
    const c = exactCodes(ref, j);
    const m = rows ? rows.length : ref.n;
    for (let i = 0; i < m; i++) seen.add(c[rows ? rows[i] : i]);
    return seen.size;
  });
  const catOrder = space.catCols.map((j, t) => ({ j, d: distinct[t] })).sort((a, b) => a.d - b.d || a.j - b.j).map((x) => x.j);
  const all = toPoints(ref, space, catOrder);
  const n = rows ? rows.length : ref.n;
  const { nc, nn } = all;
  // primary numeric column: the one with most distinct scaled values (best discrimination)
  let primary = -1;
  let bestDistinct = -1;
  for (let t = 0; t < nn; t++) {
    const seen = new Set<number>();
    for (let i = 0; i < n && seen.size < 5000; i++) seen.add(all.num[(rows ? rows[i] : i) * nn + t]);
    if (seen.size > bestDistinct) {
      bestDistinct = seen.size;
      primary = t;
    }
  }
  const src = new Int32Array(n);
  for (let i = 0; i < n; i++) src[i] = rows ? rows[i] : i;
  const keyOf = (r: number) => {
    if (primary < 0) return 0;
    const v = all.num[r * nn + primary];
    return v !== v ? Infinity : v;
  };
  const order = Array.from(src);
  order.sort((a, b) => {
    for (let t = 0; t < nc; t++) {
      const d = all.cat[a * nc + t] - all.cat[b * nc + t];
      if (d) return d;
    }
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : a - b;
  });
  const cat = new Int32Array(n * nc);
  const num = new Float64Array(n * nn);
  const key = new Float64Array(n);
  const rowOf = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const r = order[p];
    rowOf[p] = r;
    for (let t = 0; t < nc; t++) cat[p * nc + t] = all.cat[r * nc + t];
    for (let t = 0; t < nn; t++) num[p * nn + t] = all.num[r * nn + t];
    key[p] = keyOf(r);
  }
  // trie, breadth-first so that each node's children are contiguous
  const code: number[] = [0];
  const cs: number[] = [0];
  const ce: number[] = [0];
  const rs: number[] = [0];
  const re: number[] = [n];
  const depthOf: number[] = [0];
  for (let node = 0; node < code.length; node++) {
    const d = depthOf[node];
    if (d === nc) {
      cs[node] = ce[node] = code.length;
      continue;
    }
    cs[node] = code.length;
    let a = rs[node];
    const b = re[node];
    while (a < b) {
      const c = cat[a * nc + d];
      let e = a + 1;
      while (e < b && cat[e * nc + d] === c) e++;
      code.push(c);
      cs.push(0);
      ce.push(0);
      rs.push(a);
      re.push(e);
      depthOf.push(d + 1);
      a = e;
    }
    ce[node] = code.length;
  }
  return {
    space,
    catOrder,
    n,
    pts: { n, nc, nn, cat, num },
    rowOf,
    nodeCode: Int32Array.from(code),
    childStart: Int32Array.from(cs),
    childEnd: Int32Array.from(ce),
    rowStart: Int32Array.from(rs),
    rowEnd: Int32Array.from(re),
    primary,
    key,
  };
}

export interface Neighbours {
  k: number;
  /** dist[i * k + r] = Gower distance of query i to its (r+1)-th nearest reference row (Infinity if none). */
  dist: Float64Array;
  /** idx[i * k + r] = original reference row index (-1 if none). */
  idx: Int32Array;
}

export interface SearchOptions {
  k?: number;
  /** Per query, a reference row to ignore (e.g. itself when query and reference are the same table), or -1. */
  skip?: Int32Array;
  /** Query rows to use (default all). */
  rows?: ArrayLike<number>;
}

/** Exact k nearest reference rows (k small, e.g. 1 or 2) of every query row. */
export function nearest(index: GowerIndex, query: Encoded, opts: SearchOptions = {}): Neighbours {
  const k = opts.k ?? 1;
  const q = toPoints(query, index.space, index.catOrder);
  const qrows = opts.rows;
  const m = qrows ? qrows.length : query.n;
  const dist = new Float64Array(m * k).fill(Infinity);
  const idx = new Int32Array(m * k).fill(-1);
  const { nc, nn, num } = index.pts;
  const { nodeCode, childStart, childEnd, rowStart, rowEnd, key, rowOf, primary } = index;
  const range = index.space.numRange;
  const rangeP = primary >= 0 ? range[primary] : 1;
  const ncols = index.space.columns.length;
  const bd = new Float64Array(k); // best distances in units (sum over columns), ascending
  const bi = new Int32Array(k);
  let qOff = 0;
  let qnOff = 0;
  let skipRow = -1;
  let qKey = 0;
  const qcat = q.cat;
  const qnum = q.num;

  const consider = (p: number, acc: number) => {
    // full distance of sorted position p with categorical mismatches acc, early exit against the k-th best
    const lim = bd[k - 1];
    let s = acc;
    const off = p * nn;
    for (let t = 0; t < nn; t++) {
      const x = qnum[qnOff + t];
      const y = num[off + t];
      const xm = x !== x;
      const ym = y !== y;
      if (xm || ym) s += xm && ym ? 0 : 1;
      else {
        const d = (x > y ? x - y : y - x) / range[t];
        s += d < 1 ? d : 1;
      }
      if (s >= lim) return;
    }
    const r = rowOf[p];
    if (r === skipRow) return;
    // insert
    let pos = k - 1;
    while (pos > 0 && bd[pos - 1] > s) {
      bd[pos] = bd[pos - 1];
      bi[pos] = bi[pos - 1];
      pos--;
    }
    bd[pos] = s;
    bi[pos] = r;
  };

  const scanLeaf = (node: number, acc: number) => {
    const a = rowStart[node];
    const b = rowEnd[node];
    if (primary < 0 || qKey === Infinity) {
      for (let p = a; p < b; p++) {
        if (acc >= bd[k - 1]) return;
        consider(p, acc);
      }
      return;
    }
    // binary search the first key >= qKey, then walk outwards while the primary-column bound can still improve
    const lo = lowerBound(key, qKey, a, b);
    let up = lo;
    let down = lo - 1;
    while (up < b || down >= a) {
      const lim = bd[k - 1];
      let progressed = false;
      if (up < b) {
        // the primary column's own term (same arithmetic as consider): a lower bound on the distance
        let g = (key[up] - qKey) / rangeP;
        if (g > 1) g = 1;
        if (acc + g < lim) {
          consider(up, acc);
          up++;
          progressed = true;
        } else up = b;
      }
      if (down >= a) {
        let g = (qKey - key[down]) / rangeP;
        if (g > 1) g = 1;
        if (acc + g < bd[k - 1]) {
          consider(down, acc);
          down--;
          progressed = true;
        } else down = a - 1;
      }
      if (!progressed && up >= b && down < a) break;
    }
  };

  const visit = (node: number, depth: number, acc: number) => {
    if (depth === nc) {
      scanLeaf(node, acc);
      return;
    }
    const qc = qcat[qOff + depth];
    const c0 = childStart[node];
    const c1 = childEnd[node];
    // matching child first (children sorted by code: binary search)
    const lo = lowerBound(nodeCode, qc, c0, c1);
    const match = lo < c1 && nodeCode[lo] === qc ? lo : -1;
    if (match >= 0 && acc < bd[k - 1]) visit(match, depth + 1, acc);
    if (acc + 1 >= bd[k - 1]) return;
    for (let c = c0; c < c1; c++) {
      if (c === match) continue;
      if (acc + 1 >= bd[k - 1]) return;
      visit(c, depth + 1, acc + 1);
    }
  };

  for (let ii = 0; ii < m; ii++) {
    const i = qrows ? qrows[ii] : ii;
    qOff = i * nc;
    qnOff = i * nn;
    skipRow = opts.skip ? opts.skip[ii] : -1;
    if (primary >= 0) {
      const v = qnum[qnOff + primary];
      qKey = v !== v ? Infinity : v;
    }
    bd.fill(Infinity);
    bi.fill(-1);
    if (index.n > 0) visit(0, 0, 0);
    for (let r = 0; r < k; r++) {
      dist[ii * k + r] = bd[r] / ncols;
      idx[ii * k + r] = bi[r];
    }
  }
  return { k, dist, idx };
}

/** Brute-force k nearest (reference implementation for tests and tiny tables). */
export function nearestBrute(ref: Encoded, query: Encoded, space: GowerSpace, k = 1): Neighbours {
  const dist = new Float64Array(query.n * k).fill(Infinity);
  const idx = new Int32Array(query.n * k).fill(-1);
  for (let i = 0; i < query.n; i++) {
    const ds: [number, number][] = [];
    for (let r = 0; r < ref.n; r++) ds.push([gowerDistance(query, i, ref, r, space), r]);
    ds.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let t = 0; t < k && t < ds.length; t++) {
      dist[i * k + t] = ds[t][0];
      idx[i * k + t] = ds[t][1];
    }
  }
  return { k, dist, idx };
}
