// The default policy and the vitest matchers on real audits of Adult (5,000-row samples): a fresh sample of the population
// passes, independent marginals fail on the pair-wise fidelity rules only, a copy of the training rows fails on privacy only.

import { describe, it, expect } from 'vitest';
import { scenarioResult as benchScenario, type Scenario } from '../../bench/reports.js';
import { loadShared } from '../helpers/data.js';
import { evaluatePolicy, loadPolicy, DEFAULT_POLICY_PATH, type PolicyVerdict } from '../../src/app/gate.js';
import { validateResult } from '../../reports/json.js';
import '../../src/app/vitest.js';

/** The benchmark's scenarios on the tables shipped with the project (byte-identical to ../shared/data's). */
const scenarioResult = (dataset: 'adult', scenario: Scenario, nReal: number, seed: number) => benchScenario(dataset, scenario, nReal, seed, false, loadShared);

function failure(f: () => void): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the assertion to fail');
}

function outcome(v: PolicyVerdict): Record<string, boolean | null> {
  return Object.fromEntries(v.rules.map((r) => [r.name, r.passed]));
}

describe('default policy on Adult', () => {
  const policy = loadPolicy(DEFAULT_POLICY_PATH);
  const optional = { 'no recognisable target (shadow models)': null, 'differential-privacy claim not contradicted': null, 'attribute inference risk low': null };

  it('passes a fresh sample of the population', async () => {
    const r = await scenarioResult('adult', 'fresh', 5000, 1);
    // the real fidelity section validates against its schema under results.schema.json (privacy here holds only the
    // distance attacks, which the full privacy schema rightly rejects as incomplete)
    expect(validateResult({ ...r, privacy: undefined }).errors).toEqual([]);
    expect(validateResult(r).errors).toContain("privacy: must have required property 'shadowMia'");
    const v = evaluatePolicy(r, policy);
    expect(outcome(v)).toEqual({
      '1-way TVD near its floor': true,
      '2-way TVD near its floor': true,
      'associations kept': true,
      'no more training-row copies than a fresh sample': true,
      'no copies of real non-members': true,
      'no training row singled out at FPR 0.1%': true,
      'not closer to training rows': true,
      'distance membership inference near a coin toss': true,
      ...optional,
    });
    expect(v.passed).toBe(true);
  });

  it('fails independent marginals on the pair-wise fidelity rules, not on privacy', async () => {
    const v = evaluatePolicy(await scenarioResult('adult', 'independent', 5000, 1), policy);
    expect(outcome(v)).toEqual({
      '1-way TVD near its floor': true,
      '2-way TVD near its floor': false,
      'associations kept': false,
      'no more training-row copies than a fresh sample': true,
      'no copies of real non-members': true,
      'no training row singled out at FPR 0.1%': true,
      'not closer to training rows': true,
      'distance membership inference near a coin toss': true,
      ...optional,
    });
    const assoc = v.rules.find((r) => r.name === 'associations kept')!;
    expect(assoc.message).toMatch(/needs < .* \(2 × baseline \+ 0\.02 with baseline /);
  });

  it('fails a copy of the training rows on the privacy rules, not on fidelity', async () => {
    const v = evaluatePolicy(await scenarioResult('adult', 'identity', 5000, 1), policy);
    expect(outcome(v)).toEqual({
      '1-way TVD near its floor': true,
      '2-way TVD near its floor': true,
      'associations kept': true,
      'no more training-row copies than a fresh sample': false,
      // every synthetic row is a training row: copies of holdout rows are exactly the training rows found in the holdout
      'no copies of real non-members': true,
      'no training row singled out at FPR 0.1%': false,
      'not closer to training rows': false,
      'distance membership inference near a coin toss': false,
      ...optional,
    });
    expect(v.rules.find((r) => r.name === 'distance membership inference near a coin toss')!.value).toBeGreaterThan(0.99);
  });
});

describe('matchers on real audits (Adult, 5,000-row samples)', () => {
  it('a fresh sample has fidelity near its floor and resists membership inference', async () => {
    const r = await scenarioResult('adult', 'fresh', 5000, 1);
    expect(r).toHaveFidelity({ maxMeanTVD: 0.03, maxMean2WayTVD: 0.06 });
    expect(r).toResistMembershipInference({ maxAUC: 0.55 });
  });
  it('independent marginals fail the 2-way limit, naming the worst pairs; a copy fails membership inference', async () => {
    const ind = await scenarioResult('adult', 'independent', 5000, 1);
    const msg = failure(() => expect(ind).toHaveFidelity({ maxMeanTVD: 0.03, maxMean2WayTVD: 0.06 }));
    expect(msg).toMatch(/mean 2-way TVD = 0\.09\d* \[[^\]]+\] \(holdout floor 0\.04\d*\), max allowed 0\.06: TOO HIGH/);
    expect(msg).toMatch(/worst pairs by 2-way TVD: \S+ x \S+ 0\.\d+ \(floor 0\.\d+\)/);
    const copy = await scenarioResult('adult', 'identity', 5000, 1);
    const m2 = failure(() => expect(copy).toResistMembershipInference({ maxAUC: 0.6 }));
    expect(m2).toMatch(/TOO HIGH  privacy\.distance\.mia: AUC 0\.99\d* \[0\.99\d*, 1\]/);
  });
});
