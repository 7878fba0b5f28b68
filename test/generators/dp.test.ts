// DP accounting against closed forms and values computed independently with scipy 1.17 (norm.cdf / norm.ppf, brentq,
// minimize_scalar over the CKS formula), never against this code's own output.
import { describe, expect, it } from 'vitest';
import {
  Phi,
  PhiInv,
  advantageToMu,
  composeGdp,
  composeZcdp,
  epsilonDeltaAdvantage,
  epsilonDeltaToRho,
  expMechRho,
  gaussianRho,
  gdpDelta,
  gdpEpsilon,
  gdpMu,
  ledgerMu,
  ledgerRho,
  logPhi,
  muToAdvantage,
  muToPureDp,
  pureDpToMu,
  pureDpToRho,
  zcdpAdvantage,
  zcdpDelta,
  zcdpToEpsilon,
  zcdpToEpsilonTight,
} from '../../src/dp.js';
import { Rng } from '../../src/rng.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('normal CDF and its inverse', () => {
  it('matches scipy to ~1e-12 relative, tails included', () => {
    const ref: [number, number][] = [
      [0, 0.5],
      [-1, 0.15865525393145707],
      [0.5, 0.6914624612740131],
      [1.96, 0.9750021048517795],
      [-2.9999, 0.001350341282954925],
      [-3, 0.0013498980316300933],
      [-3.0001, 0.0013494549132607172],
      [-5, 2.866515718791933e-7],
      [-10, 7.61985302416047e-24],
      [-20, 2.7536241186061556e-89],
      [3.5, 0.9997673709209645],
    ];
    for (const [x, p] of ref) expect(rel(Phi(x), p)).toBeLessThan(1e-12);
    expect(logPhi(-40)).toBeCloseTo(-804.6084420137539, 9);
    expect(Phi(-Infinity)).toBe(0);
    expect(Phi(Infinity)).toBe(1);
  });

  it('PhiInv(0.975) = 1.959963984540054 and other scipy values', () => {
    expect(Math.abs(PhiInv(0.975) - 1.959963984540054)).toBeLessThan(1e-12);
    const ref: [number, number][] = [
      [1e-300, -37.0470962993612],
      [1e-20, -9.262340089798409],
      [1e-10, -6.361340902404056],
      [0.001, -3.090232306167813],
      [0.02425, -1.972961051311885],
      [0.3, -0.5244005127080409],
      [0.999999, 4.753424308817087],
    ];
    for (const [p, x] of ref) expect(rel(PhiInv(p), x)).toBeLessThan(1e-12);
    expect(PhiInv(0.5)).toBe(0);
    expect(PhiInv(0)).toBe(-Infinity);
    expect(PhiInv(1)).toBe(Infinity);
  });

  it('PhiInv inverts Phi across the range (upper tail through symmetry: 1 - Phi(x) rounds for x >> 0)', () => {
    for (let x = -30; x <= 3; x += 0.37) expect(Math.abs(PhiInv(Phi(x)) - x)).toBeLessThan(1e-10 * Math.max(1, Math.abs(x)));
    for (let x = 0.1; x <= 30; x += 0.37) expect(Math.abs(PhiInv(Phi(-x)) + x)).toBeLessThan(1e-10 * x);
  });
});

describe('Gaussian DP', () => {
  it('advantage <-> mu: 2 Phi(mu/2) - 1 and its inverse', () => {
    expect(muToAdvantage(0)).toBe(0);
    expect(muToAdvantage(1)).toBeCloseTo(2 * 0.6914624612740131 - 1, 14);
    expect(advantageToMu(0.2)).toBeCloseTo(2 * 0.2533471031357997, 12); // 2 * norm.ppf(0.6)
    for (const a of [0.01, 0.1, 0.5, 0.9, 0.999]) expect(muToAdvantage(advantageToMu(a))).toBeCloseTo(a, 12);
    expect(() => advantageToMu(1)).toThrow();
  });

  it('the advantage bound is what an optimal threshold attack on the Gaussian mechanism achieves (simulation)', () => {
    // members ~ N(mu, 1), non-members ~ N(0, 1): best threshold mu/2 gives TPR - FPR = 2 Phi(mu/2) - 1
    const rng = new Rng(5);
    const mu = 1.3;
    const m = 200000;
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < m; i++) {
      if (mu + rng.normal() > mu / 2) tp++;
      if (rng.normal() > mu / 2) fp++;
    }
    const se = Math.sqrt(2 * 0.25 / m);
    expect(Math.abs((tp - fp) / m - muToAdvantage(mu))).toBeLessThan(5 * se);
  });

  it('delta(eps) of mu-GDP by Dong-Roth-Su: mu = 1, eps = 1 equals Phi(-0.5) - e Phi(-1.5)', () => {
    // scipy: norm.cdf(-0.5) - e * norm.cdf(-1.5)
    expect(rel(gdpDelta(1, 1), 0.12693673750664392)).toBeLessThan(1e-12);
    expect(rel(gdpDelta(1, 1), 0.3085375387259869 - Math.E * 0.0668072012688581)).toBeLessThan(1e-12);
    // at eps = 0 delta is the advantage bound
    expect(gdpDelta(0, 0.7)).toBeCloseTo(muToAdvantage(0.7), 14);
  });

  it('gdpEpsilon and gdpMu invert delta(eps) (scipy brentq)', () => {
    expect(rel(gdpEpsilon(1, 1e-5), 4.377178095681227)).toBeLessThan(1e-10);
    expect(rel(gdpMu(1, 1e-5), 0.2680511232112941)).toBeLessThan(1e-10);
    for (const mu of [0.1, 0.5, 2]) {
      const e = gdpEpsilon(mu, 1e-6);
      expect(rel(gdpDelta(e, mu), 1e-6)).toBeLessThan(1e-8);
    }
    expect(gdpEpsilon(0.5, 0.9)).toBe(0);
  });

  it('composition in quadrature; pure DP -> GDP keeps the advantage', () => {
    expect(composeGdp(3, 4)).toBe(5);
    expect(composeGdp(0.5, 0.5, 0.5, 0.5)).toBeCloseTo(1, 15);
    expect(rel(pureDpToMu(1), 1.232035385344901)).toBeLessThan(1e-12);
    for (const e of [0.01, 0.3, 1, 4]) {
      expect(muToAdvantage(pureDpToMu(e))).toBeCloseTo(epsilonDeltaAdvantage(e, 0), 12);
      expect(muToPureDp(pureDpToMu(e))).toBeCloseTo(e, 10);
    }
  });
});

describe('zCDP', () => {
  it('simple conversion is the closed form rho + 2 sqrt(rho ln(1/delta))', () => {
    expect(zcdpToEpsilon(0.5, 1e-5)).toBeCloseTo(0.5 + 2 * Math.sqrt(0.5 * Math.log(1e5)), 14);
    expect(epsilonDeltaToRho(1, 1e-5, 'simple')).toBeCloseTo((Math.sqrt(1 + Math.log(1e5)) - Math.sqrt(Math.log(1e5))) ** 2, 14);
    expect(zcdpToEpsilon(epsilonDeltaToRho(2, 1e-6, 'simple'), 1e-6)).toBeCloseTo(2, 12);
    // the defaults are the simple pair and invert each other
    expect(zcdpToEpsilon(epsilonDeltaToRho(0.7, 1e-5), 1e-5)).toBeCloseTo(0.7, 12);
  });

  it('tight (Canonne-Kamath-Steinke) conversion matches scipy and is never looser', () => {
    expect(rel(zcdpToEpsilonTight(0.5, 1e-5), 4.728386984943313)).toBeLessThan(1e-9);
    expect(rel(zcdpDelta(0.5, 3), 0.005143184063862148)).toBeLessThan(1e-8);
    expect(rel(epsilonDeltaToRho(1, 1e-5, 'tight'), 0.030556595197639633)).toBeLessThan(1e-8);
    expect(zcdpToEpsilon(0.5, 1e-5, 'tight')).toBe(zcdpToEpsilonTight(0.5, 1e-5));
    for (const rho of [0.001, 0.03, 0.5, 3]) for (const d of [1e-3, 1e-5, 1e-9]) expect(zcdpToEpsilonTight(rho, d)).toBeLessThanOrEqual(zcdpToEpsilon(rho, d) + 1e-12);
    // round trips
    const r = epsilonDeltaToRho(3, 1e-6, 'tight');
    expect(zcdpToEpsilonTight(r, 1e-6)).toBeCloseTo(3, 9);
    expect(zcdpDelta(r, 3)).toBeLessThanOrEqual(1e-6 * (1 + 1e-6));
  });

  it('composition adds rho; mechanism costs', () => {
    expect(composeZcdp(0.1, 0.2, 0.3)).toBeCloseTo(0.6, 15);
    expect(gaussianRho(2)).toBe(1 / 8);
    expect(expMechRho(2)).toBe(0.5);
    expect(pureDpToRho(2)).toBe(2);
    const ledger = [
      { label: 'a', mechanism: 'gaussian' as const, sigma: 2, count: 3 },
      { label: 'b', mechanism: 'exponential' as const, epsilon: 0.4, count: 5 },
      { label: 'c', mechanism: 'laplace' as const, epsilon: 0.1 },
    ];
    expect(ledgerRho(ledger)).toBeCloseTo(3 / 8 + (5 * 0.16) / 8 + 0.01 / 2, 15);
    expect(ledgerMu(ledger)).toBeCloseTo(Math.sqrt(3 / 4 + 5 * pureDpToMu(0.4) ** 2 + pureDpToMu(0.1) ** 2), 14);
  });
});

describe('membership advantage bounds', () => {
  it('(eps, delta): (e^eps - 1 + 2 delta)/(e^eps + 1)', () => {
    expect(epsilonDeltaAdvantage(0, 0)).toBe(0);
    expect(epsilonDeltaAdvantage(Math.log(3), 0)).toBeCloseTo(0.5, 15);
    expect(epsilonDeltaAdvantage(1, 1e-5)).toBeCloseTo((Math.E - 1 + 2e-5) / (Math.E + 1), 15);
    expect(epsilonDeltaAdvantage(1000, 0)).toBe(1);
  });

  it('zCDP advantage through the (eps, delta(eps)) profile lies between the exact Gaussian value and any single (eps, delta) point', () => {
    for (const rho of [0.005, 0.05, 0.5]) {
      const a = zcdpAdvantage(rho);
      // a Gaussian mechanism with this rho has exact advantage muToAdvantage(sqrt(2 rho)); the profile bound cannot be below it
      expect(a).toBeGreaterThanOrEqual(muToAdvantage(Math.sqrt(2 * rho)) - 1e-12);
      expect(a).toBeLessThan(1);
      for (const d of [1e-2, 1e-5]) expect(a).toBeLessThanOrEqual(epsilonDeltaAdvantage(zcdpToEpsilonTight(rho, d), d) + 1e-9);
    }
    expect(zcdpAdvantage(0.05)).toBeLessThan(zcdpAdvantage(0.5));
  });
});
