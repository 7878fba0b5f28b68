// Test setup for the learners: Designs and Targets from the shared tables through the real prepare() path, the
// sklearn golden values, and tiny hand-made designs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { prepare } from '../../src/prepare.js';
import { designFrom, type Design, type Target } from '../../src/learners/learner.js';
import type { Encoded } from '../../src/domain.js';
import type { Table } from '../../src/table.js';
import { loadShared, type Dataset } from '../helpers/data.js';

export const goldens = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/sklearn/goldens.json'), 'utf8'));

export interface Split {
  X: Design;
  target: Target;
}

function targetOf(e: Encoded, t: number): Target {
  const cd = e.domain.columns[t];
  if (cd.kind === 'numeric') return { kind: 'regression', y: Float64Array.from(e.values[t]!) };
  const K = cd.levels.length;
  const y = e.codes[t];
  for (let i = 0; i < e.n; i++) if (y[i] >= K) throw new Error(`row ${i}: target ${cd.name} is missing/unseen`);
  return { kind: 'classification', y: Int32Array.from(y), nClasses: K };
}

/** Train (domain source) and holdout designs with every other column as a feature. */
export function splitFor(trainT: Table, holdT: Table, target: string): { train: Split; holdout: Split; numNames: string[] } {
  const pr = prepare(trainT, holdT, holdT);
  const t = pr.domain.index.get(target)!;
  const cols = pr.domain.columns.map((_, j) => j).filter((j) => j !== t);
  const train = { X: designFrom(pr.real, cols), target: targetOf(pr.real, t) };
  const holdout = { X: designFrom(pr.holdout, cols), target: targetOf(pr.holdout, t) };
  return { train, holdout, numNames: train.X.numNames };
}

export function sharedSplit(dataset: Dataset, target: string) {
  return splitFor(loadShared(dataset, 'train'), loadShared(dataset, 'holdout'), target);
}

/** A design from plain arrays. */
export function makeDesign(num: number[][], cat: number[][] = [], catSizes: number[] = []): Design {
  const n = num.length ? num[0].length : cat[0].length;
  return {
    n,
    num: num.map((c) => Float64Array.from(c)),
    numNames: num.map((_, j) => `x${j}`),
    cat: cat.map((c) => Int32Array.from(c)),
    catSizes: catSizes.length ? catSizes : cat.map((c) => Math.max(...c) + 1),
    catNames: cat.map((_, j) => `c${j}`),
  };
}

export function classTarget(y: number[], nClasses?: number): Target {
  return { kind: 'classification', y: Int32Array.from(y), nClasses: nClasses ?? Math.max(...y) + 1 };
}

/** Rows repeated by integer counts (for weights == duplicated rows). */
export function repeatRows(X: Design, y: Int32Array | Float64Array, counts: number[]): { X: Design; y: any } {
  const rows: number[] = [];
  counts.forEach((c, i) => {
    for (let k = 0; k < c; k++) rows.push(i);
  });
  const pick = <T extends Float64Array | Int32Array>(a: T): T => {
    const o = new (a.constructor as any)(rows.length) as T;
    rows.forEach((r, k) => (o[k] = a[r]));
    return o;
  };
  return {
    X: { ...X, n: rows.length, num: X.num.map(pick), cat: X.cat.map(pick) },
    y: pick(y),
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
