// Gate rule checks (issue 17): thresholds must be finite (a rule "< 1e999" can never fail) and a [*] path without an
// aggregate is a policy error (exit 2), not a failed rule (exit 1).

import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRule, parsePolicy, gateRun } from '../../src/app/gate.js';
import { UserError } from '../../src/errors.js';
import { baseResult } from './fixtures.js';

const sink = () => {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
};

function setup(policy: string): { res: string; pol: string } {
  const d = mkdtempSync(join(tmpdir(), 'synthaudit-gate-rules-'));
  const res = join(d, 'results.json');
  writeFileSync(res, JSON.stringify({ ...baseResult(), privacy: { t: [{ auc: 0.5 }, { auc: 0.7 }], x: 0.3 } }));
  const pol = join(d, 'policy.yml');
  writeFileSync(pol, policy);
  return { res, pol };
}

describe('gate rules: finite thresholds', () => {
  it('rejects infinite thresholds in rule strings, as numbers and in relative rules', () => {
    expect(() => parseRule('fidelity.x < 1e999')).toThrow(/finite/);
    expect(() => parseRule('fidelity.x > -1e999')).toThrow(/finite/);
    expect(() => parseRule('fidelity.x < 1e999 * baseline')).toThrow(/finite/);
    expect(() => parseRule('fidelity.x < baseline + 1e999')).toThrow(/finite/);
    expect(() => parseRule({ path: 'fidelity.x', op: '<', value: Infinity })).toThrow(/finite/);
    expect(() => parseRule({ path: 'fidelity.x', op: '<', value: '1e999' })).toThrow(/finite/);
    expect(() => parseRule({ path: 'fidelity.x', op: '<', value: NaN })).toThrow(/finite/);
    // ordinary exponents still read
    expect(parseRule('fidelity.x < 1e-3').value).toBe(0.001);
    expect(() => parsePolicy({ rules: ['fidelity.x < 1e999'] })).toThrow(UserError);
  });
  it('gate exits 2 with one line on an infinite threshold (YAML .inf, 1e999 in a string rule)', () => {
    for (const pol of ['rules:\n  - privacy.x < 1e999\n', 'rules:\n  - {path: privacy.x, op: "<", value: .inf}\n', 'rules:\n  - {path: privacy.x, op: "<", value: 1e999}\n']) {
      const a = setup(pol);
      const err = sink();
      expect(gateRun(a.res, a.pol, undefined, sink(), err), pol).toBe(2);
      expect(err.text()).toMatch(/^synthaudit gate: .*policy\.yml: rule 1: .*finite.*\n$/);
    }
  });
});

describe('gate rules: [*] without an aggregate', () => {
  it('is a policy error in rule strings (it was a failed rule)', () => {
    expect(() => parseRule('privacy.t[*].auc < 0.6')).toThrow(/needs an aggregate/);
    expect(parseRule('max(privacy.t[*].auc) < 0.6').agg).toBe('max');
  });
  it('gate exits 2, not 1', () => {
    const a = setup('rules:\n  - privacy.t[*].auc < 0.6\n');
    const err = sink();
    const out = sink();
    expect(gateRun(a.res, a.pol, undefined, out, err)).toBe(2);
    expect(err.text()).toMatch(/^synthaudit gate: .*rule 1: .*\[\*\] path needs an aggregate.*\n$/);
    expect(out.text()).toBe('');
    // with an aggregate the rule parses (the hand-built results file is then refused for its shape, not the rule)
    const ok = setup('rules:\n  - max(privacy.t[*].auc) < 0.6\n');
    const okErr = sink();
    gateRun(ok.res, ok.pol, undefined, sink(), okErr);
    expect(okErr.text()).not.toMatch(/needs an aggregate|rule 1/);
  });
});
