// Quasi-identifier match membership (docs/definitions.md#quasi-identifier-match-membership): an attacker who knows a
// person's quasi-identifiers calls them a member when some synthetic row has exactly the same quasi-identifier values on
// the audit encoding (categorical codes, distinct unseen labels kept distinct; numeric columns on their bins; missing
// matches missing). The match rate of the training rows (members) stands beside that of the holdout rows (non-members),
// each with a Wilson interval; their difference has a Newcombe interval and a one-sided Fisher exact p-value.
// O(n): the synthetic tuples go into one open-addressing hash set over the typed-array codes (no per-row objects).

import { exactCodes, type Encoded } from '../src/domain.js';
import { baseline } from '../src/measure.js';
import { wilson } from './stats.js';
import { fisherGreater, newcombeDiff } from './leak-tests.js';
import { ivMeasure, baselineFrom, type Measure } from './measures.js';
import { columnIndices } from './dcr.js';

export interface QiMatchOptions {
  /** Columns the attacker knows (domain names); default every analysed column except `secret`. */
  quasiIdentifiers?: string[];
  /** The secret (target) column, left out of the default quasi-identifiers; null or not analysed: none left out. */
  secret?: string | null;
  confidence?: number;
}

/** A match rate: `matches` of `n` rows have their quasi-identifier tuple in the synthetic table (a baseline, if any, is the holdout rate). */
export interface QiMatchRate extends Measure<'holdout'> {
  matches: number;
  n: number;
}

export interface QiMatchResult {
  quasiIdentifiers: string[];
  /** Match rate of the training rows (members), beside the holdout rows' rate (baseline kind 'holdout', with its interval). */
  train: QiMatchRate;
  /** Match rate of the holdout rows (non-members): the baseline of train; no baseline of its own. */
  holdout: QiMatchRate;
  /**
   * train rate - holdout rate (a plain difference, not Anonymeter's normalised risk) with Newcombe's hybrid score interval,
   * beside its ideal 0; pValue = one-sided Fisher exact test that members match more often than non-members.
   */
  risk: Measure<'ideal'> & { pValue: number };
  /** Distinct quasi-identifier tuples among the synthetic rows. */
  syntheticTuples: number;
  method: string;
}

/** The quasi-identifier columns (domain indices): the given names, else every analysed column but the secret. */
export function qiColumns(e: Encoded, opts: Pick<QiMatchOptions, 'quasiIdentifiers' | 'secret'>): number[] {
  if (opts.quasiIdentifiers) return columnIndices(e, opts.quasiIdentifiers);
  return e.domain.columns.map((_, j) => j).filter((j) => e.domain.columns[j].name !== opts.secret);
}

/** MurmurHash3 (x86, 32-bit) of row i's codes, one 32-bit word per column. */
function rowHash(cols: Int32Array[], i: number): number {
  let h = 0x9747b28c;
  for (let t = 0; t < cols.length; t++) {
    let k = Math.imul(cols[t][i], 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= cols.length << 2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

function sameRow(A: Int32Array[], i: number, B: Int32Array[], j: number): boolean {
  for (let t = 0; t < A.length; t++) if (A[t][i] !== B[t][j]) return false;
  return true;
}

/**
 * The distinct tuples of a table's columns: linear probing on a 32-bit hash, load at most 1/2, each slot holding a row of
 * the table; rows with equal hashes are compared code by code, so membership is exact (a hash collision is never a match).
 */
export class TupleSet {
  /** Distinct tuples. */
  readonly size: number;
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;

  constructor(
    private readonly cols: Int32Array[],
    n: number,
  ) {
    let cap = 2;
    while (cap < 2 * n) cap *= 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.hashes = new Int32Array(cap);
    this.mask = cap - 1;
    let size = 0;
    for (let i = 0; i < n; i++) {
      const h = rowHash(cols, i);
      let p = h & this.mask;
      let dup = false;
      while (this.slots[p] !== -1) {
        if (this.hashes[p] === h && sameRow(cols, this.slots[p], cols, i)) {
          dup = true;
          break;
        }
        p = (p + 1) & this.mask;
      }
      if (!dup) {
        this.slots[p] = i;
        this.hashes[p] = h;
        size++;
      }
    }
    this.size = size;
  }

  /** Whether row i of `cols` (the same columns, of any table on the same domain) is one of the tuples. */
  has(cols: Int32Array[], i: number): boolean {
    const h = rowHash(cols, i);
    let p = h & this.mask;
    while (this.slots[p] !== -1) {
      if (this.hashes[p] === h && sameRow(this.cols, this.slots[p], cols, i)) return true;
      p = (p + 1) & this.mask;
    }
    return false;
  }

  /** How many of the n rows of `cols` are among the tuples. */
  count(cols: Int32Array[], n: number): number {
    let c = 0;
    for (let i = 0; i < n; i++) if (this.has(cols, i)) c++;
    return c;
  }
}

export function qiMatch(real: Encoded, holdout: Encoded, synthetic: Encoded, opts: QiMatchOptions = {}): QiMatchResult {
  const cl = opts.confidence ?? 0.95;
  const qi = qiColumns(real, opts);
  if (qi.length === 0) throw new Error('qiMatch: no quasi-identifier columns');
  const codesOf = (e: Encoded) => qi.map((j) => exactCodes(e, j));
  const set = new TupleSet(codesOf(synthetic), synthetic.n);
  const kT = set.count(codesOf(real), real.n);
  const kH = set.count(codesOf(holdout), holdout.n);
  const hold = ivMeasure<{ matches: number; n: number }, 'holdout'>(wilson(kH, holdout.n, cl), null, { matches: kH, n: holdout.n });
  return {
    quasiIdentifiers: qi.map((j) => real.domain.columns[j].name),
    train: ivMeasure(wilson(kT, real.n, cl), baselineFrom('holdout', hold), { matches: kT, n: real.n }),
    holdout: hold,
    risk: ivMeasure(newcombeDiff(kT, real.n, kH, holdout.n, cl), baseline('ideal', 0), { pValue: fisherGreater(kT, real.n, kH, holdout.n) }),
    syntheticTuples: set.size,
    method:
      'a row matches when some synthetic row has exactly its quasi-identifier values on the audit encoding (categorical codes, distinct unseen labels distinct; numeric columns on their bins; missing matches missing); train and holdout rates with Wilson intervals; risk = train rate - holdout rate with a Newcombe interval; pValue = one-sided Fisher exact test (members match more often)',
  };
}
