// aim (AIM, McKenna et al. 2022): the exponential mechanism samples exp(eps q / (2 sensitivity)); the noise actually added
// has the variance the accounting states (1-ways and every round, annealing included); the ledger composes exactly to the
// stated rho (zCDP) or mu (GDP, risk mode), preprocessing included; the workload's downward closure has Private-PGM's weights;
// the model-size limit is never exceeded; store/load reproduces samples; samples stay in the domain; a known structure is found.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/rng.js';
import type { Encoded } from '../../src/domain.js';
import { createGenerator, loadGenerator } from '../../src/generators/index.js';
import { AimGenerator, compileWorkload, exponentialMechanism } from '../../src/generators/aim/aim.js';
import { advantageToMu, epsilonDeltaToRho, ledgerMu, ledgerRho, zcdpAdvantage } from '../../src/dp.js';
import { UserError } from '../../src/errors.js';
import { chainTable, expectSameEncoded, expectValidSample, germanTrain, sampleVariance, tvd2 } from './util.js';

/** A -> B -> C chain (copy with probability 0.85), D independent; 4 levels each. */
function chain(n: number, seed: number): Encoded {
  return chainTable(n, seed, 0.85);
}

const fast = { iters: 15, finalIters: 30 };

function fitAim(data: Encoded, options: Record<string, unknown>, seed: number): AimGenerator {
  return createGenerator({ name: 'aim', options: { ...fast, ...options } }, data.domain).fit(data, new Rng(seed)) as AimGenerator;
}

/** True counts of a measurement's cells over model codes. */
function truth(data: Encoded, g: AimGenerator, vars: number[]): Float64Array {
  const f = g.lastFit!;
  const K = f.models.map((m) => m.k);
  const x = new Float64Array(vars.reduce((s, v) => s * K[v], 1));
  for (let i = 0; i < data.n; i++) {
    let idx = 0;
    let ok = true;
    for (const v of vars) {
      const c = f.models[v].map[data.codes[v][i]];
      if (c < 0) ok = false;
      idx = idx * K[v] + c;
    }
    if (ok) x[idx]++;
  }
  return x;
}

describe('mechanisms and accounting', () => {
  it('the exponential mechanism draws index i with probability proportional to exp(eps q_i / (2 sensitivity))', () => {
    const q = [0, 3, 6, 7.5, -2];
    const eps = 2;
    const sens = 3;
    const w = q.map((x) => Math.exp((eps * x) / (2 * sens)));
    const tot = w.reduce((a, b) => a + b, 0);
    const rng = new Rng(11);
    const m = 40000;
    const hits = q.map(() => 0);
    for (let t = 0; t < m; t++) hits[exponentialMechanism(q, eps, sens, rng)]++;
    q.forEach((_, i) => {
      const p = w[i] / tot;
      expect(Math.abs(hits[i] / m - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / m));
    });
  });

  it('the candidates are the downward closure of the workload, weighted sum_W |c & W|', () => {
    const { cliques, weights } = compileWorkload([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    const byKey = new Map(cliques.map((c, i) => [c.join(','), weights[i]]));
    // singles: each in two workload pairs -> 2; pairs: 2 for itself + 1 for each of the two others sharing one column -> 4
    expect(Object.fromEntries(byKey)).toEqual({ '0': 2, '1': 2, '2': 2, '0,1': 4, '0,2': 4, '1,2': 4 });
    // weighted: w(c) = sum_W weight(W) |c & W|
    const wl = compileWorkload(
      [
        [0, 1],
        [1, 2],
      ],
      [3, 0.5],
    );
    expect(Object.fromEntries(wl.cliques.map((c, i) => [c.join(','), wl.weights[i]]))).toEqual({ '0': 3, '1': 3.5, '2': 0.5, '0,1': 6.5, '1,2': 4 });
    const tri = compileWorkload([[0, 1, 2]]);
    expect(tri.cliques.length).toBe(7);
    expect(tri.weights).toEqual(tri.cliques.map((c) => c.length));
  });

  it('noise actually added has the variance the accounting states, in every round (annealing included)', () => {
    const data = chain(400, 3);
    const z: number[] = [];
    let annealed = 0;
    for (let seed = 0; seed < 25; seed++) {
      const g = fitAim(data, { epsilon: 2, compress: false, rounds: 16 }, seed);
      const f = g.lastFit!;
      // 1-ways: sigma0 on every allowed code
      f.oneWay.forEach((y, j) => {
        const t = truth(data, g, [j]);
        const map = f.models[j].map;
        y.forEach((v, k) => Number.isNaN(v) || z.push((v - t[map[k]]) / f.sigma0));
      });
      // rounds: the round's sigma
      f.measurements.slice(data.domain.columns.length).forEach((m, r) => {
        const t = truth(data, g, m.vars);
        const s = f.rounds[r].sigma;
        m.w.forEach((w) => expect(w).toBeCloseTo(1 / (s * s), 12));
        m.y.forEach((v, k) => z.push((v - t[k]) / s));
      });
      annealed += f.rounds.filter((r) => r.annealed).length;
    }
    const v = sampleVariance(z);
    expect(z.length).toBeGreaterThan(1500);
    expect(Math.abs(v.variance - 1)).toBeLessThan(6 * Math.sqrt(2 / z.length));
    expect(Math.abs(v.mean)).toBeLessThan(6 / Math.sqrt(z.length));
    expect(annealed).toBeGreaterThan(0); // the annealed (smaller) sigmas were exercised too
  });

  it('the ledger composes exactly to the stated rho, preprocessing and annealing included (zCDP)', () => {
    const data = chain(300, 5);
    const rho = epsilonDeltaToRho(1.5, 1e-6, 'tight');
    for (const seed of [1, 2, 3]) {
      const g = fitAim(data, { epsilon: 1.5, delta: 1e-6, procEpsilon: [0.05, 0.1], rounds: 8 }, seed);
      const c = g.claim();
      if (c.kind !== 'dp') throw new Error('expected dp');
      expect(c.epsilon).toBe(1.5);
      expect(c.delta).toBe(1e-6);
      expect(c.rho).toBeCloseTo(rho, 14);
      expect(c.maxAdvantage).toBeCloseTo(zcdpAdvantage(rho), 12);
      const L = g.lastFit!.ledger;
      expect(ledgerRho(L)).toBeCloseTo(rho, 12);
      expect(L.filter((e) => e.mechanism === 'laplace').map((e) => e.epsilon)).toEqual([0.05, 0.1]);
      // every round is one selection and one measurement; the last one spends what was left
      const rounds = g.lastFit!.rounds.length;
      expect(L.filter((e) => e.mechanism === 'exponential').length).toBe(rounds);
      expect(L.filter((e) => e.mechanism === 'gaussian').length).toBe(rounds + 1);
      // the first sigma is the 0.9 / 0.1 split over `rounds` rounds of the generation budget
      const rhoGen = rho - (0.05 ** 2 + 0.1 ** 2) / 2;
      expect(g.lastFit!.sigma0).toBeCloseTo(Math.sqrt(8 / (2 * 0.9 * rhoGen)), 10);
      expect(g.lastFit!.epsilon0).toBeCloseTo(Math.sqrt((8 * 0.1 * rhoGen) / 8), 12);
    }
  });

  it('risk mode is Gaussian DP end to end: the ledger composes to mu = advantageToMu(A), advantage exactly A', () => {
    const data = chain(300, 6);
    const g = fitAim(data, { risk: 0.2, procEpsilon: 0.1, rounds: 6 }, 4);
    const c = g.claim();
    if (c.kind !== 'dp') throw new Error('expected dp');
    expect(c.accounting).toBe('gdp');
    expect(c.maxAdvantage).toBe(0.2);
    expect(ledgerMu(g.lastFit!.ledger)).toBeCloseTo(advantageToMu(0.2), 12);
  });

  it('a given workload restricts the measured marginals to its downward closure', () => {
    const data = chain(800, 9);
    const g = fitAim(data, { epsilon: 10, workload: [['A', 'B'], { columns: ['C', 'D'], weight: 2 }] }, 1);
    for (const c of g.cliques()) expect(['AB', 'CD']).toContain(c.join(''));
    expect(() => createGenerator({ name: 'aim', options: { epsilon: 1, workload: [['A', 'Z']] } }, data.domain)).toThrow(/not in the domain/);
    expect(() => createGenerator({ name: 'aim', options: { epsilon: 1, workload: [{ columns: ['A', 'B'], weight: -1 }] } }, data.domain)).toThrow(/positive/);
  });

  it('rejects bad options with a one-line UserError', () => {
    const dom = germanTrain().domain;
    expect(() => createGenerator({ name: 'aim' }, dom)).toThrow(UserError);
    expect(() => createGenerator({ name: 'aim', options: { epsilon: 1, degree: 4 } }, dom)).toThrow(/degree/);
    expect(() => createGenerator({ name: 'aim', options: { epsilon: 1, maxModelSize: 0 } }, dom)).toThrow(/maxModelSize/);
    expect(() => createGenerator({ name: 'aim', options: { epsilon: 1, colour: 1 } }, dom)).toThrow(/unknown option/);
    expect(() => createGenerator({ name: 'aim', options: { epsilon: 1, sampling: 'exact' } }, dom)).toThrow(/sampling/);
  });
});

describe('model and samples', () => {
  it('the model-size limit is never exceeded, in any round', () => {
    const data = germanTrain();
    // the 1-way model alone (sum of the column sizes x 8 bytes) is below both limits
    const oneWayMb = (data.domain.columns.reduce((s, c) => s + c.nCodes, 0) * 8) / 2 ** 20;
    expect(oneWayMb).toBeLessThan(0.002);
    for (const maxModelSize of [0.002, 0.02]) {
      const g = fitAim(data, { epsilon: 5, maxModelSize, rounds: 80, iters: 5, finalIters: 0 }, 1);
      const rounds = g.lastFit!.rounds;
      expect(rounds.length).toBeGreaterThan(3);
      let grew = 0;
      let prev = (g.lastFit!.models.reduce((s, m) => s + m.k, 0) * 8) / 2 ** 20; // the 1-way model (compressed codes)
      for (const r of rounds) {
        expect(r.limitMb).toBeLessThanOrEqual(maxModelSize * (1 + 1e-12));
        // a round may keep a model already above its (growing) limit only by measuring inside it
        if (r.sizeMb > prev) {
          expect(r.sizeMb).toBeLessThanOrEqual(r.limitMb);
          grew++;
        }
        prev = r.sizeMb;
      }
      expect(grew).toBeGreaterThan(1);
      expect(g.modelSizeMb()).toBeLessThanOrEqual(maxModelSize);
    }
  });

  it('store/load gives identical samples for a seed; samples stay in the domain', () => {
    const data = germanTrain();
    const g = fitAim(data, { epsilon: 3, rounds: 12 }, 7);
    const json = JSON.parse(JSON.stringify(g.toJSON()));
    const h = loadGenerator(json, data.domain);
    const a = g.sample(500, new Rng(9));
    const b = h.sample(500, new Rng(9));
    expectSameEncoded(a, b);
    expectValidSample(a, data.domain);
    expect(h.claim()).toEqual(g.claim());
    // a different seed gives different rows
    const c = g.sample(500, new Rng(10));
    expect(c.codes.some((col, j) => col.some((x, i) => x !== a.codes[j][i]))).toBe(true);
    // plain multinomial draws (sampling: 'draw') are valid and reproducible too
    const gd = loadGenerator({ ...json, spec: { name: 'aim', options: { ...json.spec.options, sampling: 'draw' } } }, data.domain);
    const d1 = gd.sample(300, new Rng(4));
    expectValidSample(d1, data.domain);
    expectSameEncoded(d1, gd.sample(300, new Rng(4)));
  });

  it('finds a chain A-B-C at a large budget and reproduces its 2-way tables (D stays independent)', () => {
    const data = chain(3000, 8);
    const g = fitAim(data, { epsilon: 20, iters: 30, finalIters: 200 }, 2);
    const cl = g.cliques().map((c) => c.join(''));
    expect(cl).toContain('AB');
    expect(cl).toContain('BC');
    const s = g.sample(3000, new Rng(1));
    expect(tvd2(data, s, 0, 1)).toBeLessThan(0.05);
    expect(tvd2(data, s, 1, 2)).toBeLessThan(0.05);
    expect(tvd2(data, s, 0, 2)).toBeLessThan(0.06);
  });
});
