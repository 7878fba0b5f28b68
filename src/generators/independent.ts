// The independent-marginals generator: each column drawn from its own 1-way distribution, optionally with Gaussian noise
// on the 1-way counts (mu-GDP, Dong-Roth-Su 2022; docs/definitions.md#differential-privacy-accounting): the no-correlation baseline.
//
// Without privacy options categorical codes follow the exact counts and numeric values are resampled from the column's
// real values (option numeric: 'resample', the default) or drawn uniformly inside a bin drawn from the counts ('bin').
// With epsilon/delta, rho or risk, each column's count vector gets N(0, sigma^2) per cell (L2 sensitivity 1 under
// add/remove), d columns => mu = sqrt(d)/sigma; the noisy counts are projected onto the non-negative simplex whose total is
// the inverse-variance estimate of n, and numeric values are drawn inside their bin (resampling real values is not private).

import { UserError } from '../errors.js';
import type { Domain, Encoded } from '../domain.js';
import { binOf } from '../domain.js';
import type { Rng } from '../rng.js';
import type { Generator, GeneratorSpec, GeneratorState, PrivacyClaim } from './generator.js';
import {
  allowedCodes,
  checkBounds,
  checkColumnList,
  checkSameDomain,
  domainBinRanges,
  drawCdf,
  emptyEncoded,
  fillNumericValues,
  optBoolean,
  projectSimplex,
  toCdf,
  type BinRanges,
  type Bounds,
} from './common.js';
import { budgetClaim, domainNote, parseBudget, type Budget } from './budget.js';

const KNOWN = ['epsilon', 'delta', 'rho', 'risk', 'procEpsilon', 'numeric', 'bounds', 'publicDomain', 'noMissing'];

interface IndependentState {
  version: 1;
  /** Per column, probability of each code. */
  probs: number[][];
  /** Per column, the real values to resample (null = draw inside the bin); null entries in the list are missing. */
  resample: ((number | null)[] | null)[];
  sigma: number | null;
}

export class IndependentGenerator implements Generator {
  readonly name = 'independent';
  readonly spec: GeneratorSpec;
  readonly budget: Budget | null;
  private readonly numericMode: 'resample' | 'bin';
  private readonly bounds: Bounds;
  private readonly ranges: (BinRanges | null)[];
  private readonly publicDomain: boolean;
  private readonly noMissing: Set<string>;
  private state: IndependentState | null = null;
  private cdfs: Float64Array[] = [];
  private pools: (Float64Array | null)[] = [];
  /** Noise sd per cell of the last fit (null without DP). */
  sigma: number | null = null;
  /** Noisy 1-way counts of the last fit, per column over all codes (NaN for codes that are never generated); for tests. */
  lastNoisy: Float64Array[] | null = null;

  constructor(
    spec: GeneratorSpec,
    readonly domain: Domain,
  ) {
    const o = spec.options ?? {};
    for (const k of Object.keys(o)) if (!KNOWN.includes(k)) throw new UserError(`generator independent: unknown option "${k}" (${KNOWN.join(', ')})`);
    this.budget = parseBudget('independent', o, true, false);
    const nm = o.numeric ?? (this.budget ? 'bin' : 'resample');
    if (nm !== 'resample' && nm !== 'bin') throw new UserError(`generator independent: option numeric must be "resample" or "bin" (got ${JSON.stringify(nm)})`);
    if (nm === 'resample' && this.budget) throw new UserError('generator independent: numeric "resample" copies real values and cannot be combined with a privacy budget; use numeric "bin"');
    this.numericMode = nm;
    this.bounds = checkBounds('independent', domain, o.bounds);
    this.ranges = domainBinRanges(domain, this.bounds);
    this.publicDomain = optBoolean('independent', o, 'publicDomain') ?? false;
    this.noMissing = checkColumnList('independent', domain, 'noMissing', o.noMissing);
    this.spec = { name: 'independent', options: { ...o } };
  }

  claim(): PrivacyClaim {
    if (!this.budget) return { kind: 'none', note: 'exact 1-way marginals of the real table, no noise' + (this.numericMode === 'resample' ? '; numeric values are copies of real values' : '') };
    return budgetClaim(this.budget, domainNote(this.publicDomain), true);
  }

  fit(data: Encoded, rng: Rng): this {
    checkSameDomain('independent', this.domain, data);
    const cols = this.domain.columns;
    const d = cols.length;
    const b = this.budget;
    const sigma = b ? Math.sqrt(d) / (b.accounting === 'gdp' ? b.muGen : Math.sqrt(2 * b.rhoGen)) : null;
    const noiseRng = rng.fork('independent.noise');
    const counts: Float64Array[] = [];
    const allowed: Uint8Array[] = [];
    for (let j = 0; j < d; j++) {
      const cd = cols[j];
      const a = allowedCodes(cd, this.ranges[j], !this.noMissing.has(cd.name));
      const cnt = new Float64Array(cd.nCodes);
      const c = data.codes[j];
      for (let i = 0; i < data.n; i++) if (a[c[i]]) cnt[c[i]]++;
      if (sigma !== null) for (let k = 0; k < cnt.length; k++) cnt[k] = a[k] ? cnt[k] + sigma * noiseRng.normal() : NaN;
      counts.push(cnt);
      allowed.push(a);
    }
    let probs: number[][];
    if (sigma !== null) {
      this.lastNoisy = counts.map((c) => Float64Array.from(c));
      // inverse-variance estimate of n from the d noisy totals (variance = allowed cells * sigma^2)
      let num = 0;
      let den = 0;
      for (let j = 0; j < d; j++) {
        let t = 0;
        let m = 0;
        for (let k = 0; k < counts[j].length; k++) if (allowed[j][k]) (t += counts[j][k]), m++;
        num += t / m;
        den += 1 / m;
      }
      const nHat = Math.max(1, num / den);
      probs = counts.map((cnt, j) => {
        const idx: number[] = [];
        for (let k = 0; k < cnt.length; k++) if (allowed[j][k]) idx.push(k);
        const proj = projectSimplex(idx.map((k) => cnt[k]), nHat);
        const p = new Array<number>(cnt.length).fill(0);
        idx.forEach((k, t) => (p[k] = proj[t] / nHat));
        if (!p.some((x) => x > 0)) idx.forEach((k) => (p[k] = 1 / idx.length));
        return p;
      });
    } else {
      this.lastNoisy = null;
      probs = counts.map((cnt) => {
        let s = 0;
        for (const x of cnt) s += x;
        return Array.from(cnt, (x) => (s > 0 ? x / s : 0));
      });
    }
    const resample = cols.map((cd, j) => {
      if (cd.kind !== 'numeric' || this.numericMode !== 'resample') return null;
      return Array.from(data.values[j]!, (x) => (Number.isNaN(x) ? null : x));
    });
    this.sigma = sigma;
    this.setState({ version: 1, probs, resample, sigma });
    return this;
  }

  private setState(s: IndependentState): void {
    this.state = s;
    this.cdfs = s.probs.map((p) => {
      const c = Float64Array.from(p);
      toCdf(c, 0, c.length);
      return c;
    });
    this.pools = s.resample.map((r) => (r && r.length > 0 ? Float64Array.from(r, (x) => (x === null ? NaN : x)) : null));
  }

  sample(n: number, rng: Rng): Encoded {
    if (!this.state) throw new Error('independent: sample() before fit()');
    const out = emptyEncoded(this.domain, n, 'synthetic(independent)');
    const cols = this.domain.columns;
    for (let j = 0; j < cols.length; j++) {
      const cd = cols[j];
      const c = out.codes[j];
      const pool = this.pools[j];
      if (pool && pool.length > 0 && cd.kind === 'numeric') {
        const v = out.values[j]!;
        for (let i = 0; i < n; i++) {
          const x = pool[rng.int(pool.length)];
          v[i] = x;
          c[i] = Number.isNaN(x) ? cd.missingCode : binOf(cd.edges, x);
        }
      } else {
        const cdf = this.cdfs[j];
        for (let i = 0; i < n; i++) c[i] = drawCdf(cdf, 0, cdf.length, rng.nextU32() * 2.3283064365386963e-10);
      }
    }
    // values for numeric columns drawn by bin (resampled columns already have theirs)
    fillNumericValues(
      out,
      this.ranges.map((r, j) => (this.pools[j] ? null : r)),
      rng,
    );
    return out;
  }

  toJSON(): GeneratorState {
    if (!this.state) throw new Error('independent: toJSON() before fit()');
    return { spec: this.spec, state: this.state };
  }

  static load(state: GeneratorState, domain: Domain): IndependentGenerator {
    const g = new IndependentGenerator(state.spec, domain);
    const s = state.state as IndependentState;
    if (!s || s.version !== 1 || s.probs?.length !== domain.columns.length) throw new UserError('saved independent generator does not match the domain');
    g.sigma = s.sigma;
    g.setState(s);
    return g;
  }
}
