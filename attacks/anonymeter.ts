// Anonymeter-style attacks with a control set (Giomi et al. 2023): nearest-neighbour attribute inference, singling out
// (univariate and multivariate predicates) and linkability; each success rate on train targets vs holdout (control) targets, Wilson intervals, risk.

import { exactCodes, type Encoded } from '../src/domain.js';
import type { Rng } from '../src/rng.js';
import { buildIndex, gowerSpace, nearest } from './distance.js';
import { controlRisk, wilson } from './stats.js';
import { ivMeasure, baselineFrom, controlRiskMeasure, type ControlRisk, type Measure } from './measures.js';
import { columnIndices } from './dcr.js';

/** An attack's success rate with its Wilson interval (lower is better). */
export interface RateWithInterval extends Measure {
  successes: number;
  attacks: number;
}

export interface ControlAttackResult {
  /** Success rate on train targets (rows the generator saw), beside the control rate (baseline kind 'holdout', with its interval). */
  train: RateWithInterval;
  /** Success rate on control targets (holdout rows it never saw): the baseline of train; no baseline of its own. */
  control: RateWithInterval;
  /** (r_train - r_control) / (1 - r_control) with propagated error, beside its ideal 0 (null if r_control = 1). */
  risk: ControlRisk | null;
}

/** A success rate; `base` is the control rate it stands beside (train), none for the control itself. */
function rateOf(k: number, n: number, cl: number, base: Measure | null = null): RateWithInterval {
  return ivMeasure(wilson(k, n, cl), base && baselineFrom('holdout', base), { successes: k, attacks: n });
}

function controlResult(kT: number, nT: number, kC: number, nC: number, cl: number): ControlAttackResult {
  const control = rateOf(kC, nC, cl);
  return { train: rateOf(kT, nT, cl, control), control, risk: nT > 0 && nC > 0 ? controlRiskMeasure(controlRisk(kT, nT, kC, nC, cl)) : null };
}

/** Equal-size seeded target sets from train and holdout. */
function targets(real: Encoded, holdout: Encoded, n: number, rng: Rng): { t: Int32Array; c: Int32Array; n: number } {
  const m = Math.min(n, real.n, holdout.n);
  return { t: rng.fork('targets.train').sampleWithoutReplacement(real.n, m).sort(), c: rng.fork('targets.control').sampleWithoutReplacement(holdout.n, m).sort(), n: m };
}

// ---------------------------------------------------------------- inference

export interface InferenceOptions {
  /** Secret column (domain name). */
  secret: string;
  /** Columns the attacker knows (default all other columns). */
  quasiIdentifiers?: string[];
  /** Targets per side (default 2,000, capped by the tables). */
  attacks?: number;
  /** Numeric secrets: a guess is correct when |guess - true| <= tolerance * |true| (default 0.05; relative to the TRUE value). */
  tolerance?: number;
  confidence?: number;
}

export interface InferenceResult extends ControlAttackResult {
  secret: string;
  quasiIdentifiers: string[];
  /** Naive baseline: guess the secret of a random synthetic row (Anonymeter's baseline attack), on the train targets (no baseline of its own). */
  randomGuess: RateWithInterval;
  convention: string;
}

function secretMatcher(e: Encoded, j: number, tol: number) {
  const cd = e.domain.columns[j];
  if (cd.kind === 'categorical') {
    // raw labels of unseen categories compared (exactCodes): a guessed "Lima" is not a holdout row's "Oslo"
    return (A: Encoded, a: number, B: Encoded, b: number) => exactCodes(A, j)[a] === exactCodes(B, j)[b];
  }
  return (A: Encoded, a: number, B: Encoded, b: number) => {
    const x = A.values[j]![a];
    const g = B.values[j]![b];
    if (x !== x || g !== g) return x !== x && g !== g;
    return Math.abs(g - x) <= tol * Math.abs(x);
  };
}

export function inferenceAttack(real: Encoded, holdout: Encoded, synthetic: Encoded, rng: Rng, opts: InferenceOptions): InferenceResult {
  const cl = opts.confidence ?? 0.95;
  const tol = opts.tolerance ?? 0.05;
  const sj = real.domain.index.get(opts.secret);
  if (sj === undefined) throw new Error(`inference: unknown secret column "${opts.secret}"`);
  const qi = opts.quasiIdentifiers ? columnIndices(real, opts.quasiIdentifiers) : real.domain.columns.map((_, j) => j).filter((j) => j !== sj);
  if (qi.includes(sj)) throw new Error('inference: the secret cannot be a quasi-identifier');
  const space = gowerSpace(real, qi);
  const idx = buildIndex(synthetic, space);
  const { t, c, n } = targets(real, holdout, opts.attacks ?? 2000, rng.fork('inference'));
  const ok = secretMatcher(real, sj, tol);
  const guessT = nearest(idx, real, { k: 1, rows: t }).idx;
  const guessC = nearest(idx, holdout, { k: 1, rows: c }).idx;
  let kT = 0;
  let kC = 0;
  let kR = 0;
  const rr = rng.fork('inference.random');
  for (let i = 0; i < n; i++) {
    if (ok(real, t[i], synthetic, guessT[i])) kT++;
    if (ok(holdout, c[i], synthetic, guessC[i])) kC++;
    if (ok(real, t[i], synthetic, rr.int(synthetic.n))) kR++;
  }
  return {
    secret: opts.secret,
    quasiIdentifiers: qi.map((j) => real.domain.columns[j].name),
    ...controlResult(kT, n, kC, n, cl),
    randomGuess: rateOf(kR, n, cl),
    convention: `guess = secret of the nearest synthetic row on the quasi-identifiers (Gower); numeric secrets correct within ${tol} x |true value| (Anonymeter divides by the guess instead)`,
  };
}

// ---------------------------------------------------------------- singling out

export interface SinglingOutOptions {
  /** 'univariate' or 'multivariate' predicates. */
  mode?: 'univariate' | 'multivariate';
  /** Predicates to attempt (default 500). */
  attacks?: number;
  /** Columns per multivariate predicate (default 3). */
  nColumns?: number;
  /** Draws tried per requested predicate before giving up (default 100). */
  maxAttemptsFactor?: number;
  confidence?: number;
}

/** A predicate: conjunction of per-column conditions on the encoding. */
export interface Condition {
  column: number;
  /** 'eq' on codes (categorical, or numeric value equality), 'le'/'ge' on numeric values, 'missing'. */
  op: 'eq' | 'le' | 'ge' | 'missing';
  value: number;
}

export interface SinglingOutResult extends ControlAttackResult {
  mode: 'univariate' | 'multivariate';
  /** Predicates found that isolate exactly one synthetic row (= attacks). */
  predicates: number;
  /** Rows per side the predicates were checked on (train subsampled to the control's size, seeded). */
  rowsPerSide: number;
  convention: string;
  /** Up to 5 predicates that singled out a train row, as text (for the report). */
  examples: string[];
}

function matches(e: Encoded, rows: Int32Array | null, conds: Condition[], limit = 2): number {
  const m = rows ? rows.length : e.n;
  let count = 0;
  for (let ii = 0; ii < m; ii++) {
    const i = rows ? rows[ii] : ii;
    let ok = true;
    for (let t = 0; t < conds.length && ok; t++) {
      const c = conds[t];
      if (c.op === 'eq') {
        const v = e.values[c.column];
        ok = v ? v[i] === c.value : e.codes[c.column][i] === c.value;
      } else if (c.op === 'missing') {
        const v = e.values[c.column];
        ok = v ? v[i] !== v[i] : e.codes[c.column][i] === c.value;
      } else {
        const x = e.values[c.column]![i];
        ok = c.op === 'le' ? x <= c.value : x >= c.value;
      }
    }
    if (ok && ++count >= limit) return count;
  }
  return count;
}

function describe(e: Encoded, conds: Condition[]): string {
  return conds
    .map((c) => {
      const cd = e.domain.columns[c.column];
      if (c.op === 'missing') return `${cd.name} is missing`;
      if (cd.kind === 'categorical') return `${cd.name} == ${JSON.stringify(cd.labels[c.value])}`;
      return `${cd.name} ${c.op === 'eq' ? '==' : c.op === 'le' ? '<=' : '>='} ${c.value}`;
    })
    .join(' AND ');
}

function conditionFor(e: Encoded, j: number, i: number, median: number[]): Condition {
  const cd = e.domain.columns[j];
  if (cd.kind === 'categorical') return { column: j, op: 'eq', value: e.codes[j][i] };
  const x = e.values[j]![i];
  if (x !== x) return { column: j, op: 'missing', value: cd.missingCode };
  return { column: j, op: x > median[j] ? 'ge' : 'le', value: x };
}

export function singlingOut(real: Encoded, holdout: Encoded, synthetic: Encoded, rng: Rng, opts: SinglingOutOptions = {}): SinglingOutResult {
  const cl = opts.confidence ?? 0.95;
  const mode = opts.mode ?? 'univariate';
  const want = opts.attacks ?? 500;
  const r = rng.fork(`singling-out.${mode}`);
  const d = synthetic.domain.columns.length;
  const preds: Condition[][] = [];
  if (mode === 'univariate') {
    // every univariate predicate that isolates one synthetic row: unique categorical codes, unique numeric values, and the
    // extremes (<= min, >= max) when attained once
    const cands: Condition[][] = [];
    for (let j = 0; j < d; j++) {
      const cd = synthetic.domain.columns[j];
      if (cd.kind === 'categorical') {
        const cnt = new Int32Array(cd.nCodes);
        for (const c of synthetic.codes[j]) cnt[c]++;
        for (let c = 0; c < cd.nCodes; c++) if (cnt[c] === 1) cands.push([{ column: j, op: c === cd.missingCode ? 'missing' : 'eq', value: c }]);
      } else {
        const v = synthetic.values[j]!;
        const cnt = new Map<number, number>();
        let nMiss = 0;
        for (const x of v) {
          if (x !== x) nMiss++;
          else cnt.set(x, (cnt.get(x) ?? 0) + 1);
        }
        const keys = [...cnt.keys()].sort((a, b) => a - b);
        for (const x of keys) if (cnt.get(x) === 1) cands.push([{ column: j, op: 'eq', value: x }]);
        if (keys.length > 1) {
          if (cnt.get(keys[0]) === 1) cands.push([{ column: j, op: 'le', value: keys[0] }]);
          if (cnt.get(keys[keys.length - 1]) === 1) cands.push([{ column: j, op: 'ge', value: keys[keys.length - 1] }]);
        }
        if (nMiss === 1) cands.push([{ column: j, op: 'missing', value: cd.missingCode }]);
      }
    }
    const pick = r.permutation(cands.length);
    for (let i = 0; i < pick.length && preds.length < want; i++) preds.push(cands[pick[i]]);
  } else {
    const k = Math.min(opts.nColumns ?? 3, d);
    const median = synthetic.domain.columns.map((cd, j) => {
      if (cd.kind !== 'numeric') return 0;
      const v = Float64Array.from(synthetic.values[j]!.filter((x) => x === x)).sort();
      return v.length ? v[Math.floor(v.length / 2)] : 0;
    });
    const seen = new Set<string>();
    const maxAttempts = want * (opts.maxAttemptsFactor ?? 100);
    for (let a = 0; a < maxAttempts && preds.length < want; a++) {
      const i = r.int(synthetic.n);
      const cols = Array.from(r.sampleWithoutReplacement(d, k)).sort((x, y) => x - y);
      const conds = cols.map((j) => conditionFor(synthetic, j, i, median));
      const key = JSON.stringify(conds);
      if (seen.has(key)) continue;
      seen.add(key);
      if (matches(synthetic, null, conds) === 1) preds.push(conds);
    }
  }
  // equal-size sides: train subsampled to the control's size (singling out gets easier in smaller tables)
  const m = Math.min(real.n, holdout.n);
  const tRows = real.n > m ? r.fork('rows.train').sampleWithoutReplacement(real.n, m).sort() : null;
  const cRows = holdout.n > m ? r.fork('rows.control').sampleWithoutReplacement(holdout.n, m).sort() : null;
  let kT = 0;
  let kC = 0;
  const examples: string[] = [];
  for (const p of preds) {
    if (matches(real, tRows, p) === 1) {
      kT++;
      if (examples.length < 5) examples.push(describe(real, p));
    }
    if (matches(holdout, cRows, p) === 1) kC++;
  }
  const n = preds.length;
  // no predicate found, so no attack made: rates 0 with the uninformative interval [0, 1], the train rate beside the control's
  const noAttack = (control: Measure | null) => ivMeasure({ value: 0, lo: 0, hi: 1 }, control && baselineFrom('holdout', control), { successes: 0, attacks: 0 });
  const control0 = noAttack(null);
  const base: ControlAttackResult = n > 0 ? controlResult(kT, n, kC, n, cl) : { train: noAttack(control0), control: control0, risk: null };
  return {
    mode,
    ...base,
    predicates: n,
    rowsPerSide: m,
    convention:
      mode === 'univariate'
        ? 'predicates from values attained by exactly one synthetic row (category, numeric value, or min/max extreme); success = the predicate isolates exactly one row'
        : `conjunctions of ${Math.min(opts.nColumns ?? 3, d)} random columns of a random synthetic row (category ==, numeric >= value above the synthetic median else <=), kept when they isolate one synthetic row; success = isolates exactly one row`,
    examples,
  };
}

// ---------------------------------------------------------------- linkability

export interface LinkabilityOptions {
  /** The two halves of the auxiliary columns (domain names); default: columns in domain order split at the middle. */
  columnsA?: string[];
  columnsB?: string[];
  /** Neighbours per half whose sets must intersect (default 1). */
  neighbours?: number;
  attacks?: number;
  confidence?: number;
}

export interface LinkabilityResult extends ControlAttackResult {
  columnsA: string[];
  columnsB: string[];
  neighbours: number;
  convention: string;
}

export function linkability(real: Encoded, holdout: Encoded, synthetic: Encoded, rng: Rng, opts: LinkabilityOptions = {}): LinkabilityResult {
  const cl = opts.confidence ?? 0.95;
  const all = real.domain.columns.map((_, j) => j);
  const A = opts.columnsA ? columnIndices(real, opts.columnsA) : all.slice(0, Math.ceil(all.length / 2));
  const B = opts.columnsB ? columnIndices(real, opts.columnsB) : all.slice(Math.ceil(all.length / 2));
  if (A.length === 0 || B.length === 0) throw new Error('linkability: both column halves must be non-empty');
  const k = opts.neighbours ?? 1;
  const iA = buildIndex(synthetic, gowerSpace(real, A));
  const iB = buildIndex(synthetic, gowerSpace(real, B));
  const { t, c, n } = targets(real, holdout, opts.attacks ?? 2000, rng.fork('linkability'));
  const linked = (e: Encoded, rows: Int32Array) => {
    const a = nearest(iA, e, { k, rows }).idx;
    const b = nearest(iB, e, { k, rows }).idx;
    let s = 0;
    for (let i = 0; i < rows.length; i++) {
      let hit = false;
      for (let x = 0; x < k && !hit; x++) for (let y = 0; y < k && !hit; y++) if (a[i * k + x] >= 0 && a[i * k + x] === b[i * k + y]) hit = true;
      if (hit) s++;
    }
    return s;
  };
  return {
    columnsA: A.map((j) => real.domain.columns[j].name),
    columnsB: B.map((j) => real.domain.columns[j].name),
    neighbours: k,
    ...controlResult(linked(real, t), n, linked(holdout, c), n, cl),
    convention: 'a target is linked when its nearest synthetic rows under the two column halves (Gower on each half) share a row',
  };
}
