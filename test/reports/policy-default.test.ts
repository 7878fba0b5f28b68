// The default policy on real audits of Adult (5,000-row samples): a fresh sample of the population passes, independent
// marginals fail on the pair-wise fidelity rules only, a copy of the training rows fails on the privacy rules only.

import { describe, it, expect } from 'vitest';
import { scenarioResult } from '../../bench/reports.js';
import { evaluatePolicy, loadPolicy, DEFAULT_POLICY_PATH, type PolicyVerdict } from '../../src/gate.js';
import { validateResult } from '../../reports/json.js';

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
      'not closer to training rows': false,
      'distance membership inference near a coin toss': false,
      ...optional,
    });
    expect(v.rules.find((r) => r.name === 'distance membership inference near a coin toss')!.value).toBeGreaterThan(0.99);
  });
});
