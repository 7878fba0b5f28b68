// Privacy budgets of the DP generators: parse epsilon/delta, risk (membership advantage) or rho, deduct private
// preprocessing, and turn the spent budget into a PrivacyClaim (src/dp.ts; docs/definitions.md#differential-privacy-accounting).
//
// Two accountings, chosen by how the user states privacy:
// - `risk` A (a bound on membership advantage, as risksyn's Risk.from_advantage): everything is accounted in Gaussian DP,
//   mu = 2 PhiInv((1 + A)/2). Gaussian measurements cost 1/sigma each (per count vector), pure-DP steps (exponential
//   mechanism, Laplace bounds) cost pureDpToMu(eps) each; composition in quadrature. The claim's maxAdvantage is exactly A and
//   its (epsilon, delta) is the Dong-Roth-Su conversion of mu at delta.
// - `epsilon` (+ `delta`) or `rho`: zCDP as MST does. rho = epsilonDeltaToRho(eps, delta, 'tight') (CKS conversion, as MST),
//   Gaussian 1/(2 sigma^2), exponential mechanism eps^2/8, Laplace eps^2/2; the claim's maxAdvantage comes from the
//   (epsilon, delta(epsilon)) profile of rho, minimised over epsilon (looser than GDP, as the definitions sheet says).
// Generators made only of Gaussian measurements (`independent`) are always accounted in GDP (exact), whatever the input.
// Default delta = 1e-5, fixed rather than 1/n^2 so that the parameter does not depend on the private row count; choose a
// smaller delta for tables of more than about 100,000 rows (delta should stay well below 1/n).

import { UserError } from '../errors.js';
import {
  advantageToMu,
  epsilonDeltaToRho,
  gdpEpsilon,
  gdpMu,
  muToAdvantage,
  pureDpToMu,
  pureDpToRho,
  zcdpAdvantage,
  zcdpToEpsilonTight,
} from '../dp.js';
import type { PrivacyClaim } from './generator.js';
import { optNumber } from './common.js';

export const DEFAULT_DELTA = 1e-5;

export type Budget =
  | {
      accounting: 'gdp';
      /** Total mu of the release (preprocessing + generation). */
      mu: number;
      /** mu left for generation after preprocessing. */
      muGen: number;
      delta: number;
      procEpsilons: number[];
      given: { epsilon?: number; risk?: number; rho?: number };
    }
  | {
      accounting: 'zcdp';
      rho: number;
      rhoGen: number;
      delta: number;
      procEpsilons: number[];
      given: { epsilon?: number; rho?: number };
    };

const cache = new Map<string, number>();
function memo(key: string, f: () => number): number {
  let v = cache.get(key);
  if (v === undefined) {
    v = f();
    if (cache.size > 10000) cache.clear();
    cache.set(key, v);
  }
  return v;
}

function procList(gen: string, v: unknown): number[] {
  if (v === undefined || v === null) return [];
  const arr = Array.isArray(v) ? v : [v];
  for (const x of arr) if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new UserError(`generator ${gen}: option procEpsilon must be a non-negative number or a list of them (got ${JSON.stringify(v)})`);
  return (arr as number[]).filter((x) => x > 0);
}

/**
 * Read the privacy options. Returns null when none is given (a non-private fit, allowed only where `required` is false).
 * `gaussianOnly` generators get GDP accounting for every input.
 */
export function parseBudget(gen: string, opts: Record<string, unknown>, gaussianOnly: boolean, required: boolean): Budget | null {
  const epsilon = optNumber(gen, opts, 'epsilon', { min: 0, exclusiveMin: true });
  const risk = optNumber(gen, opts, 'risk', { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  const rho = optNumber(gen, opts, 'rho', { min: 0, exclusiveMin: true });
  const deltaOpt = optNumber(gen, opts, 'delta', { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  const given = [epsilon !== undefined && 'epsilon', risk !== undefined && 'risk', rho !== undefined && 'rho'].filter(Boolean);
  if (given.length > 1) throw new UserError(`generator ${gen}: give one of epsilon, risk or rho (got ${given.join(' and ')})`);
  const procEpsilons = procList(gen, opts.procEpsilon);
  if (given.length === 0) {
    if (required) throw new UserError(`generator ${gen}: needs a privacy budget: epsilon (with optional delta) or risk (a bound on membership advantage)`);
    if (deltaOpt !== undefined || procEpsilons.length) throw new UserError(`generator ${gen}: delta / procEpsilon given without epsilon, risk or rho`);
    return null;
  }
  const delta = deltaOpt ?? DEFAULT_DELTA;
  if (risk !== undefined || gaussianOnly) {
    const mu =
      risk !== undefined
        ? advantageToMu(risk)
        : rho !== undefined
          ? Math.sqrt(2 * rho)
          : memo(`gdpMu:${epsilon}:${delta}`, () => gdpMu(epsilon!, delta));
    let procMu2 = 0;
    for (const e of procEpsilons) procMu2 += pureDpToMu(e) ** 2;
    if (!(mu * mu - procMu2 > 0)) throw new UserError(`generator ${gen}: the preprocessing budget (procEpsilon ${procEpsilons.map((e) => +e.toPrecision(4)).join(' + ')}) uses up the whole privacy budget`);
    return { accounting: 'gdp', mu, muGen: Math.sqrt(mu * mu - procMu2), delta, procEpsilons, given: { epsilon, risk, rho } };
  }
  const total = rho ?? memo(`rho:${epsilon}:${delta}`, () => epsilonDeltaToRho(epsilon!, delta, 'tight'));
  let procRho = 0;
  for (const e of procEpsilons) procRho += pureDpToRho(e);
  if (!(total - procRho > 0)) throw new UserError(`generator ${gen}: the preprocessing budget (procEpsilon ${procEpsilons.map((e) => +e.toPrecision(4)).join(' + ')}) uses up the whole privacy budget`);
  return { accounting: 'zcdp', rho: total, rhoGen: total - procRho, delta, procEpsilons, given: { epsilon, rho } };
}

/** The claim a budget supports (numbers from src/dp.ts; `note` says what the guarantee covers). */
export function budgetClaim(b: Budget, note: string, allGaussian = false): PrivacyClaim {
  if (b.accounting === 'gdp') {
    const epsilon = b.given.epsilon ?? memo(`gdpEps:${b.mu}:${b.delta}`, () => gdpEpsilon(b.mu, b.delta));
    return {
      kind: 'dp',
      accounting: 'gdp',
      epsilon,
      delta: b.delta,
      mu: b.mu,
      // mu-GDP equals (mu^2/2)-zCDP only when every step is Gaussian; pure-DP steps are not bounded that way
      ...(allGaussian && b.procEpsilons.length === 0 ? { rho: (b.mu * b.mu) / 2 } : {}),
      maxAdvantage: b.given.risk ?? muToAdvantage(b.mu),
      neighbours: 'add-remove',
      note,
    };
  }
  const epsilon = b.given.epsilon ?? memo(`zEps:${b.rho}:${b.delta}`, () => zcdpToEpsilonTight(b.rho, b.delta));
  // conversions are the tight CKS ones: the simple bound of the definitions sheet would report a larger epsilon
  return {
    kind: 'dp',
    accounting: 'zcdp',
    epsilon,
    delta: b.delta,
    rho: b.rho,
    maxAdvantage: memo(`zAdv:${b.rho}`, () => zcdpAdvantage(b.rho)),
    neighbours: 'add-remove',
    note,
  };
}

/** What a DP generator's claim covers, depending on where its Domain came from. */
export function domainNote(publicDomain: boolean): string {
  return publicDomain
    ? 'domain built DP-safely: numeric bounds are user-given or privately estimated and bin edges come from a private histogram (that cost is composed here); column kinds, integer-valued columns and category level sets are treated as public metadata'
    : 'covers the use of the rows given the Domain; the audit Domain (numeric bin edges, min/max, category levels) was built from the real table without DP, so this is not an end-to-end guarantee unless that Domain is public (synthaudit generate builds a DP-safe domain instead)';
}
