// Frequency tables read straight from the shared Domain codes: 1-way counts per column and 2-way contingency
// tables for every column pair in one pass over the rows, optionally under bootstrap row weights (Efron 1979).


/** Counts of each code of one column; `w` = optional integer row weights (bootstrap multiplicities). */
export function marginalCounts(codes: Int32Array, nCodes: number, w?: Int32Array | null): Float64Array {
  const out = new Float64Array(nCodes);
  const n = codes.length;
  if (w) {
    for (let i = 0; i < n; i++) {
      const wi = w[i];
      if (wi !== 0) out[codes[i]] += wi;
    }
  } else {
    for (let i = 0; i < n; i++) out[codes[i]]++;
  }
  return out;
}

/** Where each column pair's r x k table (row = first column's code, col = second's) sits in one flat buffer. */
export interface PairLayout {
  /** Column indices (a < b) of each pair, in the order (0,1), (0,2), ..., (1,2), ... */
  a: Int32Array;
  b: Int32Array;
  /** Offset of pair p's table in the flat buffer. */
  offset: Int32Array;
  /** Rows (= nCodes of column a) and columns (= nCodes of column b) of pair p's table. */
  r: Int32Array;
  k: Int32Array;
  /** Total cells over all pairs. */
  size: number;
}

export function pairLayout(nCodes: ArrayLike<number>): PairLayout {
  const d = nCodes.length;
  const m = (d * (d - 1)) / 2;
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  const offset = new Int32Array(m);
  const r = new Int32Array(m);
  const k = new Int32Array(m);
  let p = 0;
  let off = 0;
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      a[p] = i;
      b[p] = j;
      offset[p] = off;
      r[p] = nCodes[i];
      k[p] = nCodes[j];
      off += nCodes[i] * nCodes[j];
      p++;
    }
  }
  return { a, b, offset, r, k, size: off };
}

/**
 * All 2-way contingency tables at once: out[offset[p] + ca * k[p] + cb] counts rows with codes (ca, cb).
 * One pass over the rows (each row's codes are read once); `w` = optional integer row weights.
 */
export function pairCounts(codes: Int32Array[], layout: PairLayout, w?: Int32Array | null): Float64Array {
  const out = new Float64Array(layout.size);
  const d = codes.length;
  const n = d ? codes[0].length : 0;
  const m = layout.a.length;
  const { a, b, offset, k } = layout;
  // row codes premultiplied by the partner's width are not shareable across pairs, so read each row's codes once
  const row = new Int32Array(d);
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    if (wi === 0) continue;
    for (let j = 0; j < d; j++) row[j] = codes[j][i];
    for (let p = 0; p < m; p++) out[offset[p] + row[a[p]] * k[p] + row[b[p]]] += wi;
  }
  return out;
}

/** Per pair, each row's cell index in that pair's table (ca * k + cb), computed once and reused by every replicate. */
export function jointCodes(codes: Int32Array[], layout: PairLayout): (Uint16Array | Int32Array)[] {
  const m = layout.a.length;
  const n = codes.length ? codes[0].length : 0;
  const out: (Uint16Array | Int32Array)[] = [];
  for (let p = 0; p < m; p++) {
    const A = codes[layout.a[p]];
    const Bc = codes[layout.b[p]];
    const k = layout.k[p];
    const j = layout.r[p] * k <= 65536 ? new Uint16Array(n) : new Int32Array(n);
    for (let i = 0; i < n; i++) j[i] = A[i] * k + Bc[i];
    out.push(j);
  }
  return out;
}

/**
 * The same tables as pairCounts, from precomputed joint codes and integer row weights. Two accumulators take
 * alternate rows (then are summed) so that runs of rows in the same cell do not serialise on one memory slot.
 */
export function pairCountsJoint(joint: (Uint16Array | Int32Array)[], layout: PairLayout, w: Int32Array): Float64Array {
  const out = new Float64Array(layout.size);
  let maxSize = 0;
  for (let p = 0; p < joint.length; p++) maxSize = Math.max(maxSize, layout.r[p] * layout.k[p]);
  const t0 = new Int32Array(maxSize);
  const t1 = new Int32Array(maxSize);
  for (let p = 0; p < joint.length; p++) {
    const J = joint[p];
    const size = layout.r[p] * layout.k[p];
    t0.fill(0, 0, size);
    t1.fill(0, 0, size);
    const n = J.length;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      t0[J[i]] += w[i];
      t1[J[i + 1]] += w[i + 1];
    }
    if (i < n) t0[J[i]] += w[i];
    const off = layout.offset[p];
    for (let c = 0; c < size; c++) out[off + c] = t0[c] + t1[c];
  }
  return out;
}

/**
 * 1-way counts recovered from the 2-way tables (d >= 2): column a from the row sums of pair (a, a+1), the last column
 * from the column sums of pair (d-2, d-1). Exact, and saves a pass over the rows when the pair tables exist anyway.
 */
export function marginalsFromPairs(pair: Float64Array, layout: PairLayout, d: number): Float64Array[] {
  const out: Float64Array[] = [];
  const pairOf = (a: number, b: number) => a * d - (a * (a + 1)) / 2 + (b - a - 1);
  for (let a = 0; a < d; a++) {
    const p = a < d - 1 ? pairOf(a, a + 1) : pairOf(d - 2, d - 1);
    const r = layout.r[p];
    const k = layout.k[p];
    const off = layout.offset[p];
    if (a < d - 1) {
      const o = new Float64Array(r);
      for (let i = 0; i < r; i++) {
        let s = 0;
        for (let j = 0; j < k; j++) s += pair[off + i * k + j];
        o[i] = s;
      }
      out.push(o);
    } else {
      const o = new Float64Array(k);
      for (let i = 0; i < r; i++) for (let j = 0; j < k; j++) o[j] += pair[off + i * k + j];
      out.push(o);
    }
  }
  return out;
}

/** Sum of a count vector (or of a slice of it). */
export function total(c: ArrayLike<number>, offset = 0, size = c.length - offset): number {
  let s = 0;
  for (let i = offset; i < offset + size; i++) s += c[i];
  return s;
}
