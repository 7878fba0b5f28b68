// The DP-safe domain's private bin edges: the fine grid, the Laplace cell counts (noise scale), multiscale denoising and
// quantile/point-mass edges worked by hand, the ledger of every preprocessing mechanism, and point masses kept end to end.
import { describe, expect, it } from 'vitest';
import { buildDomain, encode, type Domain, type NumericDomain } from '../../src/domain.js';
import { inferSchema } from '../../src/schema.js';
import { Rng } from '../../src/rng.js';
import type { Table } from '../../src/table.js';
import { ledgerMu, ledgerRho, pureDpToMu, pureDpToRho, epsilonDeltaToRho, advantageToMu } from '../../src/dp.js';
import { decodeTable, nextDown, numericBinRanges, type DensityDomain } from '../../src/generators/common.js';
import {
  buildDpDomain,
  denoiseCounts,
  domainFromJSON,
  domainToJSON,
  edgesFromHistogram,
  fineGrid,
  fuseTails,
  boundBucketIndex,
  BOUND_BUCKETS,
  noisyCellCounts,
  procEpsilonForShare,
  uniformNumericDomain,
  DEFAULT_PROC_SHARE,
  FINE_CELLS,
} from '../../src/generators/dp-domain.js';
import { MarginalDpGenerator } from '../../src/generators/marginal-dp.js';
import { loadShared, subsample } from '../helpers/data.js';
import { tvd1 } from './util.js';

describe('fine grid', () => {
  it('one cell per integer on a short integer range; 256 asinh cells rounded to integers otherwise', () => {
    expect(Array.from(fineGrid(3, 7, true))).toEqual([3, 4, 5, 6, 7]);
    const g = fineGrid(0, 1 << 20, true);
    expect(g.length).toBeLessThanOrEqual(FINE_CELLS);
    expect(g[g.length - 1]).toBe(1 << 20);
    for (let k = 0; k < g.length; k++) {
      expect(Number.isInteger(g[k])).toBe(true);
      if (k) expect(g[k]).toBeGreaterThan(g[k - 1]);
    }
    // asinh spacing: one cell per integer near 0, wide cells near the top
    expect(Array.from(g.slice(0, 6))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(g[g.length - 1] - g[g.length - 2]).toBeGreaterThan(10000);
  });

  it('a real column whose range contains 0 gets the one-value cell (nextDown(0), 0]; [0, 0] when 0 is the lower bound', () => {
    const g = fineGrid(-10, 10, false);
    const k = g.indexOf(0);
    expect(k).toBeGreaterThan(0);
    expect(g[k - 1]).toBe(nextDown(0));
    const h = fineGrid(0, 10, false);
    expect(h[0]).toBe(0);
    expect(h[1]).toBeGreaterThan(0);
  });
});

describe('Laplace cell counts', () => {
  it('noise is Laplace(1/epsilon): mean ~0 and mean |noise| ~1/epsilon (sensitivity 1: a row moves one count by 1)', () => {
    const upper = Float64Array.from([1, 2, 3]);
    const vals = Float64Array.from([1, 1, 2, 3, 3, 3, 7, -5, NaN]); // 7 and -5 are clamped into the outer cells
    const eps = 0.5;
    const rng = new Rng(11);
    const reps = 20000;
    let sum = 0;
    let abs = 0;
    const truth = [3, 1, 4];
    for (let r = 0; r < reps; r++) {
      const y = noisyCellCounts(vals, upper, eps, rng);
      for (let k = 0; k < 3; k++) {
        sum += y[k] - truth[k];
        abs += Math.abs(y[k] - truth[k]);
      }
    }
    const m = reps * 3;
    // Laplace(b): mean 0, sd b sqrt(2); mean |x| = b, sd of |x| = b
    expect(Math.abs(sum / m)).toBeLessThan((5 * 2 * Math.SQRT2) / Math.sqrt(m));
    expect(Math.abs(abs / m - 1 / eps)).toBeLessThan((5 * 2) / Math.sqrt(m));
  });
});

describe('multiscale denoising', () => {
  it('a strong cell keeps its count, empty cells stay 0', () => {
    expect(Array.from(denoiseCounts(Float64Array.from([0, 0, 500, 0, 0]), 1))).toEqual([0, 0, 500, 0, 0]);
  });

  it('a thin tail next to kept cells is kept at the smallest scale where its sum clears 2 sd (worked by hand)', () => {
    // epsilon 1, G = 8: t1 = ln(80) = 4.38 keeps cell 0; 1.5 < tw = ln 10 keeps nothing more; scale 2: [1, 3) sums 3 < 2 sqrt(4) = 4;
    // scale 4: [1, 5) sums 6 > 2 sqrt(8) = 5.66 -> 1.5 each; [5, 8) sums 0
    const y = Float64Array.from([100, 1.5, 1.5, 1.5, 1.5, 0, 0, 0]);
    expect(Array.from(denoiseCounts(y, 1))).toEqual([100, 1.5, 1.5, 1.5, 1.5, 0, 0, 0]);
    // hysteresis: neighbours above ln(10) = 2.30 keep their own counts, growing outward; a hole inside the bulk is filled
    const z = Float64Array.from([0, 2.5, 50, 2.4, 60, 3, 2.31, 1, 0, 0]);
    expect(Array.from(denoiseCounts(z, 1))).toEqual([0, 2.5, 50, 2.4, 60, 3, 2.31, 0, 0, 0]);
  });

  it('pure noise is dropped: few grids keep any false cell (beta = 0.01 per scale)', () => {
    const rng = new Rng(3);
    let kept = 0;
    let grids = 0;
    const reps = 200;
    for (let r = 0; r < reps; r++) {
      const y = new Float64Array(256);
      for (let k = 0; k < 256; k++) y[k] = rng.laplace(1);
      let any = 0;
      for (const v of denoiseCounts(y, 1)) if (v > 0) (kept++, (any = 1));
      grids += any;
    }
    expect(grids / reps).toBeLessThan(0.12);
    expect(kept / (reps * 256)).toBeLessThan(0.01);
  });
});

describe('tails from the bounds histogram', () => {
  it("an octave's excess over the kept fine mass decays geometrically from a continuous edge, evenly elsewhere (worked by hand)", () => {
    const upper = fineGrid(0, 16, true); // {0}, {1}, ..., {16}
    const mass = new Float64Array(17);
    mass[2] = 50;
    mass[3] = 50;
    mass[4] = 40;
    const oct = new Float64Array(BOUND_BUCKETS);
    oct[boundBucketIndex(2)] = 100; // [2, 4): no excess
    oct[boundBucketIndex(4)] = 100; // [4, 8): excess 60 over the kept 40, sd sqrt(2 + 2) = 2
    oct[boundBucketIndex(8)] = 30; // [8, 16): excess 30, sd sqrt(2); 16 = hi is counted with it
    fuseTails(0, 16, upper, mass, oct, 1, 1, 2);
    // 40 (r + r^2 + r^3) = 60
    const r = 0.6914139797817368; // root of r + r^2 + r^3 = 1.5 (bisection in Python)
    expect(Array.from(mass.slice(0, 5))).toEqual([0, 0, 50, 50, 40]);
    expect(mass[5]).toBeCloseTo(40 * r, 9);
    expect(mass[6]).toBeCloseTo(40 * r * r, 9);
    expect(mass[7]).toBeCloseTo(40 * r ** 3, 9);
    expect(mass[5] + mass[6] + mass[7]).toBeCloseTo(60, 9);
    for (let k = 8; k <= 16; k++) expect(mass[k]).toBeCloseTo(30 / 9, 12);
    // below 3 sd nothing changes; a point-mass edge (>= 1/bins of the mass) spreads evenly
    const m2 = new Float64Array(17);
    m2[4] = 40;
    const o2 = new Float64Array(BOUND_BUCKETS);
    o2[boundBucketIndex(4)] = 45; // excess 5 < 3 * 2
    fuseTails(0, 16, upper, m2, o2, 1, 1, 2);
    expect(m2.reduce((a, b) => a + b, 0)).toBe(40);
    o2[boundBucketIndex(4)] = 100;
    fuseTails(0, 16, upper, m2, o2, 1, 1, 1);
    expect(Array.from(m2.slice(5, 8))).toEqual([20, 20, 20]);
  });
});

describe('bin edges from the histogram', () => {
  it('integer column: a point mass gets its own bin, the rest is cut at its quantiles (worked by hand)', () => {
    // cells {0}..{10}; 90 at 0, 1 elsewhere; bins 4: 0 is a point mass (90 >= 100/4) -> edges 0 (and -1, below lo);
    // remaining 10 in 3 bins: targets 3.33 -> inside {4}: 3 + round(0.33) = 3; 6.67 -> inside {7}: 6 + round(0.67) = 7
    const upper = Float64Array.from({ length: 11 }, (_, k) => k);
    const mass = Float64Array.from({ length: 11 }, (_, k) => (k === 0 ? 90 : 1));
    expect(Array.from(edgesFromHistogram(0, 10, true, upper, mass, 4))).toEqual([0, 3, 7]);
    // the same mass at 5: bin (4, 5]; the rest (cells 0-4, 6-10) targets 3.33 -> inside {3}: 2 + round(0.33) = 2, 6.67 -> 7
    const m5 = Float64Array.from({ length: 11 }, (_, k) => (k === 5 ? 90 : 1));
    expect(Array.from(edgesFromHistogram(0, 10, true, upper, m5, 4))).toEqual([2, 4, 5, 7]);
  });

  it('real column: the zero cell is a point mass bin (nextDown(0), 0]; quantiles are linear inside cells', () => {
    const z = nextDown(0);
    const upper = Float64Array.from([z, 0, 1]);
    const mass = Float64Array.from([10, 80, 10]);
    // rest 20 in 3 bins: 6.67 inside [-1, z] -> -1 + 0.667 (z - -1); 13.33 inside (0, 1] -> 0.333
    const e = Array.from(edgesFromHistogram(-1, 1, false, upper, mass, 4));
    expect(e.length).toBe(4);
    expect(e[0]).toBeCloseTo(-1 / 3, 12);
    expect(e[1]).toBe(z);
    expect(e[2]).toBe(0);
    expect(e[3]).toBeCloseTo(1 / 3, 12);
  });

  it('nothing above the noise: edges evenly over the grid', () => {
    const upper = fineGrid(0, 1000, true);
    const e = edgesFromHistogram(0, 1000, true, upper, new Float64Array(upper.length), 4);
    expect(e.length).toBe(3);
    expect(Array.from(e)).toEqual([upper[Math.round(upper.length / 4) - 1], upper[Math.round(upper.length / 2) - 1], upper[Math.round((3 * upper.length) / 4) - 1]]);
  });
});

/** Adult subsample plus a real-valued column `z` with 90% exact zeros and 10% log-normal amounts in cents (median ~400). */
function adultWithZeros(n: number, seed: number): Table {
  const t = subsample(loadShared('adult', 'train'), n, seed);
  const rng = new Rng(seed).fork('z');
  const z = Array.from({ length: t.nRows }, () => (rng.random() < 0.9 ? '0' : Math.exp(6 + 0.5 * rng.normal()).toFixed(2)));
  return { name: t.name, columns: [...t.columns, 'z'], cells: [...t.cells, z], nRows: t.nRows };
}

function fitSample(t: Table, domain: Domain, procEpsilons: number[], epsilon: number, seed: number) {
  const g = new MarginalDpGenerator({ name: 'marginal-dp', options: { epsilon, procEpsilon: procEpsilons, publicDomain: true } }, domain);
  const rng = new Rng(seed);
  g.fit(encode(t, domain), rng.fork('fit'));
  return { g, syn: decodeTable(g.sample(t.nRows, rng.fork('sample')), 'syn') };
}

const zeroShare = (t: Table, col: string) => {
  const c = t.cells[t.columns.indexOf(col)];
  let z = 0;
  for (const v of c) if (v !== null && Number(v) === 0) z++;
  return z / t.nRows;
};

describe('the ledger of preprocessing', () => {
  it('one Laplace entry per mechanism (bounds and bin edges of every column) and it sums to the claim, zCDP and GDP', () => {
    const t = subsample(loadShared('adult', 'train'), 3000, 2);
    const schema = inferSchema(t);
    for (const options of [{ epsilon: 2 }, { risk: 0.3 }]) {
      const r = buildDpDomain(t, schema, { generator: { name: 'marginal-dp', options }, rng: new Rng(7) });
      expect(r.mechanisms.length).toBeGreaterThanOrEqual(6); // 6 numeric columns, each bounds (+ bins)
      const g = new MarginalDpGenerator({ name: 'marginal-dp', options: { ...options, procEpsilon: r.procEpsilons, publicDomain: true } }, r.domain);
      const plan = g.plan();
      const pre = plan.ledger.filter((e) => e.mechanism === 'laplace');
      expect(pre.map((e) => e.epsilon)).toEqual(r.procEpsilons);
      const claim = g.claim();
      if (claim.kind !== 'dp') throw new Error('expected a dp claim');
      if ('epsilon' in options) {
        const rho = epsilonDeltaToRho(2, 1e-5, 'tight');
        expect(ledgerRho(plan.ledger)).toBeCloseTo(rho, 12);
        expect(claim.rho).toBeCloseTo(rho, 14);
        // planned: half of eps_c on bounds, half on bins for each of the 6 columns, costing 10% of rho in total
        const epsC = Math.sqrt((2 * DEFAULT_PROC_SHARE * rho) / (6 * 0.5));
        for (const m of r.mechanisms) expect(m.epsilon).toBeCloseTo(epsC / 2, 14);
        const spent = r.procEpsilons.reduce((a, e) => a + pureDpToRho(e), 0);
        expect(spent).toBeLessThanOrEqual(DEFAULT_PROC_SHARE * rho * (1 + 1e-12));
        if (r.mechanisms.length === 12) expect(spent).toBeCloseTo(DEFAULT_PROC_SHARE * rho, 14);
      } else {
        const mu = advantageToMu(0.3);
        expect(ledgerMu(plan.ledger)).toBeCloseTo(mu, 12);
        expect(claim.maxAdvantage).toBe(0.3);
        const planned = procEpsilonForShare({ name: 'marginal-dp', options }, Array.from({ length: 6 }, () => [0.5, 0.5]));
        let mu2 = 0;
        for (let k = 0; k < 12; k++) mu2 += pureDpToMu(planned / 12) ** 2;
        expect(mu2).toBeCloseTo(DEFAULT_PROC_SHARE * mu * mu, 10);
        for (const m of r.mechanisms) expect(m.epsilon).toBeCloseTo(planned / 12, 12);
      }
    }
  });
});

describe('point masses end to end (buildDpDomain -> marginal-dp -> audit quantile domain)', () => {
  const t = adultWithZeros(5000, 3);
  const schema = inferSchema(t);
  const audit = buildDomain(t, schema);
  const real = encode(t, audit);
  // 5,000 rows are few for private bounds: spend procEpsilon 1 (7 numeric columns), as a user would with --proc-epsilon
  const r = buildDpDomain(t, schema, { procEpsilon: 1, rng: new Rng(21) });
  const { syn } = fitSample(t, r.domain, r.procEpsilons, 2, 22);

  it('the 90% zeros of a real column and the ~92% of capital_gain keep their share within 3 points; zeros are exactly 0', () => {
    expect(zeroShare(t, 'z')).toBeGreaterThan(0.88);
    expect(Math.abs(zeroShare(syn, 'z') - zeroShare(t, 'z'))).toBeLessThan(0.03);
    expect(Math.abs(zeroShare(syn, 'capital_gain') - zeroShare(t, 'capital_gain'))).toBeLessThan(0.03);
    const zc = syn.cells[syn.columns.indexOf('z')];
    for (const v of zc) if (v !== null && Number(v) === 0) expect(v).toBe('0');
    // the point mass has a bin of its own in the DP domain: [0, 0] (0 is the lower bound) or (nextDown(0), 0]
    const zr = numericBinRanges(r.domain.columns[r.domain.index.get('z')!] as NumericDomain);
    let own = 0;
    for (let b = 0; b < zr.lo.length; b++) if (zr.hi[b] === 0 && (zr.closedLo[b] ? zr.lo[b] === 0 : zr.lo[b] === nextDown(0))) own++;
    expect(own).toBe(1);
  });

  it('over the audit domain the point-mass columns match closely and the other numeric columns reasonably', () => {
    const s = encode(syn, audit);
    // (for scale: the same generator over the audit domain itself gets 0.003-0.035 here; 5,000 rows, epsilon 2)
    for (const name of ['z', 'capital_gain']) expect(tvd1(real, s, audit.index.get(name)!), name).toBeLessThan(0.03);
    let sum = 0;
    const names = ['z', 'capital_gain', 'capital_loss', 'hours_per_week', 'age', 'education_num', 'fnlwgt'];
    for (const name of names) {
      const v = tvd1(real, s, audit.index.get(name)!);
      expect(v, name).toBeLessThan(0.08);
      sum += v;
    }
    expect(sum / names.length).toBeLessThan(0.035);
  });

  it('contrast: uniform bins over the same bounds (the old domain) lose the point masses', () => {
    const columns = r.domain.columns.map((cd) => (cd.kind === 'numeric' ? uniformNumericDomain(cd.name, r.bounds[cd.name].lo, r.bounds[cd.name].hi, cd.isInteger) : cd));
    const uni: Domain = { columns, index: r.domain.index, bins: r.domain.bins };
    const { syn: u } = fitSample(t, uni, r.procEpsilons, 2, 22);
    expect(Math.abs(zeroShare(u, 'z') - zeroShare(t, 'z'))).toBeGreaterThan(0.5);
  });

  it('same seed, same domain; the density survives the JSON round trip and decodes identically', () => {
    const again = buildDpDomain(t, schema, { procEpsilon: 1, rng: new Rng(21) });
    expect(JSON.stringify(domainToJSON(again.domain))).toBe(JSON.stringify(domainToJSON(r.domain)));
    const back = domainFromJSON(JSON.parse(JSON.stringify(domainToJSON(r.domain))));
    let withDensity = 0;
    r.domain.columns.forEach((cd, j) => {
      if (cd.kind !== 'numeric') return;
      const b = back.columns[j] as DensityDomain;
      expect(Array.from(b.edges)).toEqual(Array.from(cd.edges));
      const dens = (cd as DensityDomain).density;
      if (dens) {
        expect(Array.from(b.density!.mass)).toEqual(Array.from(dens.mass));
        expect(Array.from(b.density!.upper)).toEqual(Array.from(dens.upper));
        withDensity++;
      } else expect(b.density).toBeUndefined();
      const ra = numericBinRanges(cd);
      const rb = numericBinRanges(b);
      expect(Array.from(rb.pieceCdf)).toEqual(Array.from(ra.pieceCdf));
      expect(Array.from(rb.pieceLo)).toEqual(Array.from(ra.pieceLo));
    });
    expect(withDensity).toBeGreaterThanOrEqual(4);
  });
});
