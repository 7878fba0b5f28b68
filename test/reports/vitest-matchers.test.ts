// The 'synthaudit/vitest' matchers on hand-built results: pass and fail cases, .not, and failure messages that name
// the value, the threshold, the holdout floor and the worst offenders.

import { describe, it, expect } from 'vitest';
import '../../src/app/vitest.js';
import { haveFidelity, resistMembershipInference, passPolicy } from '../../src/app/vitest.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseResult, fidelitySection, privacySection } from './fixtures.js';

function result(): any {
  return { ...baseResult(), fidelity: fidelitySection(), privacy: privacySection() };
}

function failure(f: () => void): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the assertion to fail');
}

describe('toHaveFidelity', () => {
  it('passes within the limits and fails outside them', () => {
    const r = result(); // mean 1-way TVD = 0.06, mean 2-way = 0.07
    expect(r).toHaveFidelity({ maxMeanTVD: 0.06 });
    expect(r).toHaveFidelity({ maxMeanTVD: 0.1, maxMean2WayTVD: 0.08 });
    expect(r).not.toHaveFidelity({ maxMeanTVD: 0.05 });
    expect(r).not.toHaveFidelity({ maxMeanTVD: 0.1, maxMean2WayTVD: 0.06 });
  });
  it('shows value, interval, floor, threshold and the worst columns and pairs', () => {
    const msg = failure(() => expect(result()).toHaveFidelity({ maxMeanTVD: 0.05, maxMean2WayTVD: 0.06 }));
    expect(msg).toContain('mean 1-way TVD = 0.06 [0.048, 0.078] (holdout floor 0.03), max allowed 0.05: TOO HIGH');
    expect(msg).toContain('worst columns by TVD: workclass 0.12 (floor 0.03), income 0.04 (floor 0.03), age 0.02 (floor 0.03)');
    expect(msg).toContain('mean 2-way TVD = 0.07');
    expect(msg).toContain('max allowed 0.06: TOO HIGH');
    expect(msg).toContain('worst pairs by 2-way TVD: workclass x income 0.08 (floor 0.03)');
  });
  it('fails with a reason when fidelity did not run', () => {
    const r = { ...baseResult(), fidelity: { skipped: true, reason: 'turned off' } };
    expect(haveFidelity(r, { maxMeanTVD: 1 }).pass).toBe(false);
    expect(failure(() => expect(r).toHaveFidelity({ maxMeanTVD: 1 }))).toContain('fidelity not run: turned off');
  });
});

describe('toResistMembershipInference', () => {
  it('judges the worst attack (point value by default, upper bound when asked)', () => {
    const r = result(); // distance MIA 0.52 [0.49, 0.55], DOMIAS 0.61 [0.58, 0.64]
    expect(r).toResistMembershipInference({ maxAUC: 0.62 });
    expect(r).not.toResistMembershipInference({ maxAUC: 0.6 });
    expect(r).not.toResistMembershipInference({ maxAUC: 0.62, useUpperBound: true });
    expect(r).toResistMembershipInference({ maxAUC: 0.65, useUpperBound: true });
  });
  it('lists every attack worst first with its interval', () => {
    const msg = failure(() => expect(result()).toResistMembershipInference({ maxAUC: 0.55 }));
    expect(msg).toContain('AUC <= 0.55');
    const i1 = msg.indexOf('TOO HIGH  privacy.domias: AUC 0.61 [0.58, 0.64]');
    const i2 = msg.indexOf('ok        privacy.distance.mia: AUC 0.52 [0.49, 0.55]');
    expect(i1).toBeGreaterThan(0);
    expect(i2).toBeGreaterThan(i1);
  });
  it('fails when privacy did not run or has no membership attack', () => {
    expect(resistMembershipInference(baseResult(), { maxAUC: 0.9 }).message()).toContain('the privacy section is not in the results');
    expect(resistMembershipInference({ ...baseResult(), privacy: { skipped: true, reason: 'no generator' } }, { maxAUC: 0.9 }).message()).toContain('privacy not run: no generator');
    expect(resistMembershipInference({ ...baseResult(), privacy: { dcr: { share: 0.5 } } }, { maxAUC: 0.9 }).pass).toBe(false);
  });
});

describe('toPassPolicy', () => {
  it('accepts rule lists, policy objects and policy files', () => {
    const r = result();
    expect(r).toPassPolicy(['fidelity.pairs.tvd.mean < 0.1', 'privacy.distance.mia.auc.hi < 0.6']);
    expect(r).not.toPassPolicy(['privacy.domias.auc < 0.6']);
    expect(r).toPassPolicy({ name: 'obj', rules: [{ name: 'mia', path: 'privacy.distance.mia.auc', op: '<', value: 0.6 }] });
    const d = mkdtempSync(join(tmpdir(), 'synthaudit-m-'));
    writeFileSync(join(d, 'p.yml'), 'name: file\nrules:\n  - fidelity.summary.overall[metric=mean 1-way TVD] < 0.07\n');
    expect(r).toPassPolicy(join(d, 'p.yml'));
  });
  it('lists the failing rules with value, threshold and interval', () => {
    const msg = failure(() => expect(result()).toPassPolicy(['fidelity.pairs.tvd.mean < 0.05', 'privacy.domias.auc < 0.6', 'utility.x > 1']));
    expect(msg).toContain('3 of 3 rule(s) failed');
    expect(msg).toContain('FAIL  privacy.domias.auc < 0.6: privacy.domias.auc = 0.61, needs < 0.6 (is >=) [0.58, 0.64]');
    expect(msg).toContain('FAIL  utility.x > 1: missing: the utility section is not in the results (not run)');
    expect(passPolicy(result(), ['fidelity.pairs.tvd.mean < 0.05']).verdict.rules[0].value).toBeCloseTo(0.07, 12);
  });
  it('works as an asymmetric matcher inside objects', () => {
    expect({ run: result() }).toEqual({ run: expect.toPassPolicy(['fidelity.pairs.tvd.mean < 0.1']) });
  });
});
