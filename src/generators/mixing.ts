// mixing: RMD-Mix ("Randomized Mixing for Differential Privacy", the seed paper in shared/reference/rmd-mix-paper.txt),
// read as simply as the text allows: randomised transformation, k subsets, cross-subset recombination of attribute blocks, Laplace noise on aggregates, rescaling.
//
// The paper gives no pseudo-code, sensitivities or proof; each choice below is ours and is listed in docs/rmd-mix.md:
// 1. Randomised transformation: rows are put in a random order, and every numeric value gets Gaussian jitter with sd
//    `jitter` (default 0.1) times the column's standard deviation, clamped to the column's range (integers rounded).
// 2. Partition: the shuffled rows are cut into `subsets` (default 5) contiguous, nearly equal parts (a random partition).
// 3. Attribute blocks: the columns are dealt at random into `blocks` (default 3) blocks, fixed at fit time.
// 4. Laplace noise on aggregates: each numeric column's mean and standard deviation (of the untransformed values) get
//    Laplace noise with scale range / (n * epsilon_q), epsilon_q = epsilon / (2 * numeric columns), epsilon default 1. The
//    paper says "based on the dataset's sensitivity"; range/n is the sensitivity of a clamped mean under replace-one, and we
//    use it for the standard deviation too without proof.
// 5. Recombination (at sampling): each synthetic row takes each attribute block from a random row of a different subset
//    (distinct subsets while blocks <= subsets, otherwise drawn with replacement).
// 6. Rescaling: each numeric column of the sample is standardised and rescaled to the noisy mean and sd, clamped to the
//    column's range, integers rounded, and re-binned. Categorical columns are not rescaled.
// Privacy claim: none. Synthetic rows are made of copied blocks of real (jittered) rows; the Laplace noise protects only the
// two aggregates per column. The paper's epsilon-DP claim is not proven and is not repeated here.

import { UserError } from '../errors.js';
import type { Domain, Encoded } from '../domain.js';
import type { Rng } from '../rng.js';
import type { Generator, GeneratorSpec, GeneratorState, PrivacyClaim } from './generator.js';
import { checkBounds, checkSameDomain, emptyEncoded, encodedFromJSON, encodedToJSON, optNumber, recodeNumeric, recountUnseen, type Bounds, type EncodedJSON } from './common.js';

const KNOWN = ['subsets', 'blocks', 'epsilon', 'jitter', 'bounds'];

interface MixingState {
  version: 1;
  /** Transformed (shuffled, jittered) rows. */
  rows: EncodedJSON;
  /** Subset s holds rows [starts[s], starts[s + 1]). */
  starts: number[];
  /** Column indices of each attribute block. */
  blocks: number[][];
  /** Per column: noisy [mean, sd] for numeric columns, null for categorical. */
  noisy: ([number, number] | null)[];
}

export class MixingGenerator implements Generator {
  readonly name = 'mixing';
  readonly spec: GeneratorSpec;
  readonly subsets: number;
  readonly blocks: number;
  readonly epsilon: number;
  readonly jitter: number;
  private readonly bounds: Bounds;
  private state: MixingState | null = null;
  private rows: Encoded | null = null;

  constructor(
    spec: GeneratorSpec,
    readonly domain: Domain,
  ) {
    const o = spec.options ?? {};
    if (o.risk !== undefined) throw new UserError('generator mixing: has no privacy guarantee, so a risk target cannot be met; use marginal-dp');
    for (const k of Object.keys(o)) if (!KNOWN.includes(k)) throw new UserError(`generator mixing: unknown option "${k}" (${KNOWN.join(', ')})`);
    this.subsets = optNumber('mixing', o, 'subsets', { min: 1, integer: true }) ?? 5;
    this.blocks = optNumber('mixing', o, 'blocks', { min: 1, integer: true }) ?? 3;
    this.epsilon = optNumber('mixing', o, 'epsilon', { min: 0, exclusiveMin: true }) ?? 1;
    this.jitter = optNumber('mixing', o, 'jitter', { min: 0 }) ?? 0.1;
    this.bounds = checkBounds('mixing', domain, o.bounds);
    this.spec = { name: 'mixing', options: { ...o } };
  }

  claim(): PrivacyClaim {
    return {
      kind: 'none',
      note: `RMD-Mix: synthetic rows are recombined blocks of real rows; Laplace noise (epsilon ${this.epsilon}) covers only per-column means and sds, and the paper's DP claim has no proof`,
    };
  }

  private range(j: number): [number, number] {
    const cd = this.domain.columns[j];
    if (cd.kind !== 'numeric') return [NaN, NaN];
    return (Object.hasOwn(this.bounds, cd.name) ? this.bounds[cd.name] : undefined) ?? [cd.min, cd.max];
  }

  fit(data: Encoded, rng: Rng): this {
    checkSameDomain('mixing', this.domain, data);
    const n = data.n;
    if (n === 0) throw new UserError('generator mixing: cannot fit on an empty table');
    const cols = this.domain.columns;
    const d = cols.length;
    // 1. randomised transformation
    const perm = rng.fork('mixing.permute').permutation(n);
    const rows = emptyEncoded(this.domain, n, 'mixing(transformed rows)');
    const rj = rng.fork('mixing.jitter');
    for (let j = 0; j < d; j++) {
      const src = data.codes[j];
      const dst = rows.codes[j];
      for (let i = 0; i < n; i++) dst[i] = src[perm[i]];
      const cd = cols[j];
      if (cd.kind !== 'numeric') continue;
      const [lo, hi] = this.range(j);
      const sv = data.values[j]!;
      const dv = rows.values[j]!;
      for (let i = 0; i < n; i++) {
        let x = sv[perm[i]];
        if (!Number.isNaN(x) && this.jitter > 0) {
          x = Math.min(hi, Math.max(lo, x + this.jitter * cd.std * rj.normal()));
          if (cd.isInteger) x = Math.round(x);
        }
        dv[i] = x;
      }
      recodeNumeric(rows, j);
    }
    recountUnseen(rows);
    // 2. partition
    const k = Math.min(this.subsets, n);
    const starts: number[] = [];
    for (let s = 0; s <= k; s++) starts.push(Math.floor((s * n) / k));
    // 3. attribute blocks
    const b = Math.min(this.blocks, d);
    const order = rng.fork('mixing.blocks').permutation(d);
    const blocks: number[][] = Array.from({ length: b }, () => []);
    order.forEach((j, t) => blocks[t % b].push(j));
    blocks.forEach((bl) => bl.sort((p, q) => p - q));
    // 4. Laplace noise on aggregates of the untransformed values
    const numeric = cols.filter((c) => c.kind === 'numeric').length;
    const epsQ = numeric > 0 ? this.epsilon / (2 * numeric) : this.epsilon;
    const rl = rng.fork('mixing.laplace');
    const noisy = cols.map((cd, j): [number, number] | null => {
      if (cd.kind !== 'numeric') return null;
      const [lo, hi] = this.range(j);
      const v = data.values[j]!;
      let s = 0;
      let m = 0;
      for (let i = 0; i < n; i++) if (!Number.isNaN(v[i])) (s += Math.min(hi, Math.max(lo, v[i]))), m++;
      const mean = m > 0 ? s / m : (lo + hi) / 2;
      let ss = 0;
      for (let i = 0; i < n; i++) if (!Number.isNaN(v[i])) ss += (Math.min(hi, Math.max(lo, v[i])) - mean) ** 2;
      const sd = m > 0 ? Math.sqrt(ss / m) : 0;
      const scale = (hi - lo) / (n * epsQ);
      return [mean + rl.laplace(scale), Math.max(0, sd + rl.laplace(scale))];
    });
    this.setState({ version: 1, rows: encodedToJSON(rows), starts, blocks, noisy }, rows);
    return this;
  }

  private setState(s: MixingState, rows?: Encoded): void {
    this.state = s;
    this.rows = rows ?? encodedFromJSON(s.rows, this.domain, 'mixing(transformed rows)');
  }

  sample(n: number, rng: Rng): Encoded {
    const s = this.state;
    const src = this.rows;
    if (!s || !src) throw new Error('mixing: sample() before fit()');
    const cols = this.domain.columns;
    const out = emptyEncoded(this.domain, n, 'synthetic(mixing)');
    const k = s.starts.length - 1;
    const b = s.blocks.length;
    const pick = new Int32Array(k);
    // 5. cross-subset recombination
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < k; t++) pick[t] = t;
      for (let t = 0; t < b; t++) {
        let sub: number;
        if (b <= k) {
          const r = t + rng.int(k - t);
          sub = pick[r];
          pick[r] = pick[t];
          pick[t] = sub;
        } else sub = rng.int(k);
        const row = s.starts[sub] + rng.int(s.starts[sub + 1] - s.starts[sub]);
        for (const j of s.blocks[t]) {
          out.codes[j][i] = src.codes[j][row];
          if (src.values[j]) out.values[j]![i] = src.values[j]![row];
        }
      }
    }
    // 6. rescaling of numeric columns to the noisy aggregates
    cols.forEach((cd, j) => {
      if (cd.kind !== 'numeric') return;
      const [lo, hi] = this.range(j);
      const [nm, ns] = s.noisy[j]!;
      const v = out.values[j]!;
      let sum = 0;
      let m = 0;
      for (let i = 0; i < n; i++) if (!Number.isNaN(v[i])) (sum += v[i]), m++;
      if (m === 0) return;
      const mean = sum / m;
      let ss = 0;
      for (let i = 0; i < n; i++) if (!Number.isNaN(v[i])) ss += (v[i] - mean) ** 2;
      const sd = Math.sqrt(ss / m);
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(v[i])) continue;
        let x = sd > 0 ? ((v[i] - mean) / sd) * ns + nm : nm;
        x = Math.min(hi, Math.max(lo, x));
        v[i] = cd.isInteger ? Math.round(x) : Number(x.toPrecision(8));
      }
      recodeNumeric(out, j);
    });
    return recountUnseen(out);
  }

  toJSON(): GeneratorState {
    if (!this.state) throw new Error('mixing: toJSON() before fit()');
    return { spec: this.spec, state: this.state };
  }

  static load(state: GeneratorState, domain: Domain): MixingGenerator {
    const g = new MixingGenerator(state.spec, domain);
    const s = state.state as MixingState;
    if (!s || s.version !== 1 || s.noisy?.length !== domain.columns.length) throw new UserError('saved mixing generator does not match the domain');
    g.setState(s);
    return g;
  }
}
