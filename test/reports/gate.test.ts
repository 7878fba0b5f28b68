// Gate: rule parsing (strings and objects), path resolution (bounds, selectors, aggregates), verdicts on hand-built
// results, policy-file errors as one-line UserErrors, and gateCommand exit codes and rewritten outputs.

import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parseRule,
  parsePolicy,
  loadPolicy,
  evaluatePolicy,
  evaluateRule,
  valueAt,
  gateRun,
  DEFAULT_POLICY_PATH,
  type Policy,
} from '../../src/app/gate.js';
import { UserError } from '../../src/errors.js';
import { baseResult } from './fixtures.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'synthaudit-gate-'));
}

// hand-built results: partial section shapes on purpose (the gate reads any path)
function result(extra: Record<string, unknown> = {}): any {
  return {
    ...baseResult(),
    fidelity: {
      tvd: { mean: 0.04, max: 0.2, columns: [{ name: 'age', tvd: 0.02 }, { name: 'job', tvd: 0.2 }] },
      auc: { value: 0.55, interval: [0.52, 0.58], better: 'lower', hi: 0.58 },
      // a version-1 spelling: the path reader reads results v2 only (v1 files are converted first)
      v1auc: { value: 0.55, lo: 0.52, hi: 0.58, floor: 0.5 },
      nothing: { value: null, reason: 'only one class' },
      boundObj: { upper: 0.3, value: 0.1 },
    },
    utility: { skipped: true, reason: 'no --target given' },
    // privacy as results v2 writes it: measures with interval, a baseline object with its kind, better
    privacy: {
      dcr: { share: { value: 0.51, interval: [0.49, 0.53], baseline: { kind: 'ideal', value: 0.5 }, better: 'lower' } },
      membership: {
        targets: [
          { id: 't1', auc: { value: 0.5, interval: [0.4, 0.6], baseline: { kind: 'chance', value: 0.5 }, better: 'lower' } },
          { id: 't2', auc: { value: 0.7, interval: [0.62, 0.78], baseline: { kind: 'chance', value: 0.5 }, better: 'lower' } },
        ],
      },
    },
    ...extra,
  };
}

describe('rule parsing', () => {
  it('reads "path op number" strings with every operator, exponents and aggregates', () => {
    expect(parseRule('fidelity.tvd.mean < 0.05')).toEqual({ name: 'fidelity.tvd.mean < 0.05', path: 'fidelity.tvd.mean', op: '<', value: 0.05 });
    expect(parseRule('a.b<=1e-3').op).toBe('<=');
    expect(parseRule('a.b<=1e-3').value).toBe(0.001);
    expect(parseRule('a.b >= -2').value).toBe(-2);
    expect(parseRule('a.b > .5').value).toBe(0.5);
    const r = parseRule('max(privacy.membership.targets[*].auc.upper) < 0.6');
    expect(r).toMatchObject({ path: 'privacy.membership.targets[*].auc.upper', op: '<', value: 0.6, agg: 'max' });
  });
  it('reads objects, defaulting the name and keeping optional/description', () => {
    const r = parseRule({ path: 'privacy.dcr.share', op: '<', value: 0.55, optional: true, description: 'closer  to\ntrain' });
    expect(r).toEqual({ name: 'privacy.dcr.share < 0.55', path: 'privacy.dcr.share', op: '<', value: 0.55, optional: true, description: 'closer to train' });
    expect(parseRule({ name: 'dcr', path: 'x.y', op: '>=', value: '0.3' }).value).toBe(0.3);
  });
  it('rejects malformed rules with a reason', () => {
    expect(() => parseRule('fidelity.tvd.mean ~ 0.05')).toThrow(/path op number/);
    expect(() => parseRule('fidelity.tvd.mean < abc')).toThrow(/path op number/);
    expect(() => parseRule('fidelity..mean < 1')).toThrow(/bad path segment/);
    expect(() => parseRule({ path: 'a', op: '=', value: 1 })).toThrow(/op must be/);
    expect(() => parseRule({ path: 'a', op: '<', value: 'x' })).toThrow(/finite number/);
    expect(() => parseRule({ path: 'a[*].b', op: '<', value: 1 })).toThrow(/needs agg/);
    expect(() => parseRule({ path: 'a', op: '<', value: 1, threshold: 2 })).toThrow(/unknown rule field "threshold"/);
    expect(() => parseRule(42)).toThrow(/must be a string/);
  });
});

describe('path resolution', () => {
  const r = result();
  it('reads plain numbers and results-v2 measures with their intervals and baselines (not version-1 spellings)', () => {
    expect(valueAt(r, 'fidelity.tvd.mean').measure).toEqual({ value: 0.04 });
    expect(valueAt(r, 'fidelity.auc').measure).toEqual({ value: 0.55, interval: [0.52, 0.58] });
    expect(valueAt(r, 'fidelity.v1auc').measure).toEqual({ value: 0.55 });
    expect(valueAt(r, 'privacy.dcr.share').measure).toEqual({ value: 0.51, interval: [0.49, 0.53], baseline: 0.5 });
  });
  it('takes an interval bound when the path ends in upper/lower/hi/lo and that is not a field', () => {
    expect(valueAt(r, 'fidelity.auc.hi').measure?.value).toBe(0.58); // a real field here
    expect(valueAt(r, 'privacy.dcr.share.upper').measure?.value).toBe(0.53);
    expect(valueAt(r, 'privacy.dcr.share.upper').bound).toBe('upper');
    expect(valueAt(r, 'privacy.dcr.share.lower').measure?.value).toBe(0.49);
    // a real field named upper wins over the interval
    expect(valueAt(r, 'fidelity.boundObj.upper').measure?.value).toBe(0.3);
    // a bound of a measure with no interval is null with a reason
    const noIv = valueAt({ a: { b: 0.2 } }, 'a.b.upper');
    expect(noIv.measure).toMatchObject({ value: null, reason: 'the measure has no interval' });
  });
  it('selects list items by index and by field, and aggregates wildcards', () => {
    expect(valueAt(r, 'fidelity.tvd.columns[1].tvd').measure?.value).toBe(0.2);
    expect(valueAt(r, 'fidelity.tvd.columns[name=age].tvd').measure?.value).toBe(0.02);
    expect(valueAt(r, 'privacy.membership.targets[*].auc', 'max').measure).toEqual({ value: 0.7, interval: [0.62, 0.78], baseline: 0.5 });
    expect(valueAt(r, 'privacy.membership.targets[*].auc', 'min').measure?.value).toBe(0.5);
    expect(valueAt(r, 'privacy.membership.targets[*].auc', 'mean').measure?.value).toBeCloseTo(0.6, 12);
    expect(valueAt(r, 'privacy.membership.targets[*].auc.upper', 'max').measure?.value).toBe(0.78);
    expect(valueAt(r, 'privacy.membership.targets[*].auc').found).toBe(false);
    expect(valueAt(r, 'privacy.membership.targets[*].auc').why).toMatch(/matches 2 values/);
  });
  it('reports missing paths', () => {
    expect(valueAt(r, 'fidelity.tvd.median').found).toBe(false);
    expect(valueAt(r, 'fidelity.tvd.columns[7].tvd').found).toBe(false);
    expect(valueAt(r, 'fidelity.tvd.columns[name=zzz].tvd').found).toBe(false);
  });
});

describe('evaluatePolicy', () => {
  it('passes and fails on the value, at the boundary by the operator', () => {
    const r = result();
    expect(evaluateRule(r, parseRule('fidelity.tvd.mean < 0.05')).passed).toBe(true);
    expect(evaluateRule(r, parseRule('fidelity.tvd.mean < 0.04')).passed).toBe(false);
    expect(evaluateRule(r, parseRule('fidelity.tvd.mean <= 0.04')).passed).toBe(true);
    expect(evaluateRule(r, parseRule('fidelity.tvd.mean > 0.04')).passed).toBe(false);
    expect(evaluateRule(r, parseRule('fidelity.tvd.mean >= 0.04')).passed).toBe(true);
  });
  it('judges an interval bound, not the point, when asked', () => {
    const r = result();
    // point 0.51 < 0.52 passes; upper bound 0.53 does not
    expect(evaluateRule(r, parseRule('privacy.dcr.share < 0.52')).passed).toBe(true);
    const v = evaluateRule(r, parseRule('privacy.dcr.share.upper < 0.52'));
    expect(v).toMatchObject({ passed: false, value: 0.53, threshold: 0.52, interval: [0.49, 0.53], baseline: 0.5 });
    expect(v.message).toContain('upper bound of privacy.dcr.share = 0.53');
    expect(v.message).toContain('needs < 0.52');
  });
  it('fails a missing path with a message naming a skipped section, unless optional', () => {
    const r = result();
    const miss = evaluateRule(r, parseRule('utility.tstr.ratio > 0.9'));
    expect(miss.passed).toBe(false);
    expect(miss.value).toBeNull();
    expect(miss.message).toBe('missing: the utility section was not run: no --target given');
    const opt = evaluateRule(r, parseRule({ path: 'utility.tstr.ratio', op: '>', value: 0.9, optional: true }));
    expect(opt.passed).toBeNull();
    expect(opt.message).toMatch(/^not evaluated \(optional\): the utility section was not run/);
    const absent = evaluateRule({ ...r, privacy: undefined }, parseRule('privacy.dcr.share < 0.6'));
    expect(absent.message).toBe('missing: the privacy section is not in the results (not run)');
    const sub = evaluateRule({ ...r, privacy: { shadowMia: { skipped: true, reason: 'no generator given' } } }, parseRule('max(privacy.shadowMia.targets[*].auc) < 0.6'));
    expect(sub.message).toBe('missing: privacy.shadowMia was not run: no generator given');
    const deep = evaluateRule(r, parseRule('fidelity.tvd.median < 1'));
    expect(deep.message).toBe('missing: fidelity.tvd.median not found in the results');
  });
  it('fails a null value with its reason', () => {
    const v = evaluateRule(result(), parseRule('fidelity.nothing < 1'));
    expect(v).toMatchObject({ passed: false, value: null });
    expect(v.message).toBe('no value: fidelity.nothing is null: only one class');
  });
  it('aggregates per-target values and keeps the interval of the worst one', () => {
    const v = evaluateRule(result(), parseRule('max(privacy.membership.targets[*].auc) < 0.6'));
    expect(v).toMatchObject({ passed: false, value: 0.7, interval: [0.62, 0.78], agg: 'max' });
  });
  it('counts and combines rule outcomes', () => {
    const policy = parsePolicy({ name: 'p', rules: ['fidelity.tvd.mean < 0.05', 'fidelity.tvd.max < 0.1', { path: 'utility.x', op: '>', value: 0, optional: true }] });
    const verdict = evaluatePolicy(result(), policy);
    expect(verdict.passed).toBe(false);
    expect(verdict.counts).toEqual({ passed: 1, failed: 1, notEvaluated: 1 });
    expect(verdict.rules.map((r) => r.passed)).toEqual([true, false, null]);
    const ok = evaluatePolicy(result(), parsePolicy({ rules: ['fidelity.tvd.mean < 0.05'] }));
    expect(ok.passed).toBe(true);
  });
});

describe('relative rules (against the measure\'s baseline)', () => {
  it('parses "k * baseline + c" forms in strings and objects', () => {
    expect(parseRule('fidelity.pairs.tvd.mean < 1.5 * baseline')).toMatchObject({ op: '<', value: 1.5, relativeTo: 'baseline' });
    expect(parseRule('a.b <= floor + 0.02')).toMatchObject({ value: 1, relativeTo: 'baseline', offset: 0.02 });
    expect(parseRule('a.b > 2x ideal - .1')).toMatchObject({ op: '>', value: 2, relativeTo: 'baseline', offset: -0.1 });
    expect(parseRule({ path: 'a.b', op: '<', value: 2, relativeTo: 'baseline', offset: 0.01 })).toEqual({ name: 'a.b < 2 * baseline + 0.01', path: 'a.b', op: '<', value: 2, relativeTo: 'baseline', offset: 0.01 });
    expect(() => parseRule('a.b < 2 * floors')).toThrow(/path op number/);
    expect(() => parseRule({ path: 'a.b', op: '<', value: 1, offset: 0.1 })).toThrow(/needs relativeTo/);
  });
  it('computes the threshold from the floor, the ideal or a carried baseline', () => {
    const r = result();
    // dcr share 0.51 [0.49, 0.53], baseline 0.5
    const a = evaluateRule(r, parseRule('privacy.dcr.share < baseline + 0.02'));
    expect(a).toMatchObject({ passed: true, threshold: 0.52, thresholdRule: 'baseline + 0.02', value: 0.51 });
    expect(a.message).toBe('privacy.dcr.share = 0.51 < 0.52 (baseline + 0.02 with baseline 0.5)');
    const b = evaluateRule(r, parseRule('privacy.dcr.share.upper < baseline + 0.02'));
    expect(b).toMatchObject({ passed: false, threshold: 0.52, value: 0.53 });
    // a fidelity measure: 2-way TVD 0.06 beside its holdout floor 0.03 (rules may call the baseline "floor")
    const f = { ...r, fidelity: { pairs: { tvd: { mean: { value: 0.06, interval: [0.05, 0.07], baseline: { kind: 'holdout', value: 0.03 }, better: 'lower' } } } } };
    expect(evaluateRule(f, parseRule('fidelity.pairs.tvd.mean < 2 * floor')).passed).toBe(false);
    expect(evaluateRule(f, parseRule('fidelity.pairs.tvd.mean <= 2 * floor')).passed).toBe(true);
    expect(evaluateRule(f, parseRule('fidelity.pairs.tvd.mean < 2 * floor')).threshold).toBeCloseTo(0.06, 12);
  });
  it('fails a relative rule whose measure has no baseline (or leaves it unevaluated when optional)', () => {
    const v = evaluateRule(result(), parseRule('fidelity.tvd.mean < 2 * baseline'));
    expect(v).toMatchObject({ passed: false, threshold: null, value: 0.04 });
    expect(v.message).toBe('no baseline: fidelity.tvd.mean has no baseline to compare with (the rule is relative to it)');
    expect(evaluateRule(result(), parseRule({ path: 'fidelity.tvd.mean', op: '<', value: 2, relativeTo: 'baseline', optional: true })).passed).toBeNull();
  });
  it('reads booleans as 1 / 0', () => {
    const r = { ...result(), privacy: { check: { violation: true }, ok: { violation: false } } };
    expect(evaluateRule(r, parseRule('privacy.check.violation < 1')).passed).toBe(false);
    expect(evaluateRule(r, parseRule('privacy.ok.violation < 1')).passed).toBe(true);
  });
});

describe('loadPolicy', () => {
  it('loads YAML and JSON, strings and objects', () => {
    const d = tmp();
    writeFileSync(join(d, 'p.yml'), 'name: strict\nrules:\n  - fidelity.tvd.mean < 0.05\n  - name: dcr\n    path: privacy.dcr.share\n    op: "<"\n    value: 0.55\n');
    const p = loadPolicy(join(d, 'p.yml'));
    expect(p.name).toBe('strict');
    expect(p.rules).toHaveLength(2);
    expect(p.rules[1]).toEqual({ name: 'dcr', path: 'privacy.dcr.share', op: '<', value: 0.55 });
    writeFileSync(join(d, 'q.json'), JSON.stringify({ rules: ['a.b < 1'] }));
    expect(loadPolicy(join(d, 'q.json'))).toMatchObject({ name: 'q', rules: [{ path: 'a.b' }] });
    writeFileSync(join(d, 'list.yaml'), '- a.b < 1\n- c.d >= 2\n');
    expect(loadPolicy(join(d, 'list.yaml')).rules).toHaveLength(2);
  });
  it('throws one-line UserErrors naming the file and the rule', () => {
    const d = tmp();
    const cases: [string, string, RegExp][] = [
      ['missing.yml', '', /missing\.yml: policy file not found$/],
      ['bad.yml', 'rules: [a.b < 1\n', /bad\.yml: not valid YAML: /],
      ['bad.json', '{"rules": [', /bad\.json: not valid JSON: /],
      ['empty.yml', 'name: x\n', /empty\.yml: the policy has no rules/],
      ['rule.yml', 'rules:\n  - a.b < 1\n  - "a.b ! 2"\n', /rule\.yml: rule 2: cannot read rule "a\.b ! 2"/],
      ['field.yml', 'rulez: []\n', /field\.yml: unknown policy field "rulez"/],
      ['dup.yml', 'rules:\n  - a.b < 1\n  - a.b < 1\n', /dup\.yml: rule 2: duplicate rule name/],
      ['scalar.yml', '42\n', /scalar\.yml: a policy must be a mapping/],
    ];
    for (const [name, text, re] of cases) {
      if (text) writeFileSync(join(d, name), text);
      let err: unknown;
      try {
        loadPolicy(join(d, name));
      } catch (e) {
        err = e;
      }
      expect(err, name).toBeInstanceOf(UserError);
      expect((err as Error).message, name).toMatch(re);
      expect((err as Error).message, name).not.toContain('\n');
    }
  });
  it('the default policy loads and every rule reads a documented path', () => {
    const p = loadPolicy(DEFAULT_POLICY_PATH);
    expect(p.rules.length).toBeGreaterThanOrEqual(4);
    const doc = readFileSync(join(DEFAULT_POLICY_PATH, '../../docs/policy.md'), 'utf8');
    for (const r of p.rules) {
      expect(r.description, r.name).toBeTruthy();
      expect(doc, `docs/policy.md documents ${r.path}`).toContain(r.path);
    }
  });
});

describe('gateCommand', () => {
  const sink = () => {
    const chunks: string[] = [];
    return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
  };
  function setup(policy: string): { d: string; res: string; pol: string } {
    const d = tmp();
    const res = join(d, 'results.json');
    writeFileSync(res, JSON.stringify(result()));
    writeFileSync(join(d, 'timings.json'), JSON.stringify({ stages: { fidelity: 1234.5 } }));
    const pol = join(d, 'policy.yml');
    writeFileSync(pol, policy);
    return { d, res, pol };
  }
  it('exits 0 on pass and 1 on fail, printing one line per rule, and rewrites junit.xml and summary.md', () => {
    const valid = setup('rules:\n  - meta.seed < 10\n');
    writeFileSync(valid.res, JSON.stringify({ ...baseResult(), privacy: { skipped: true, reason: 'off' } }));
    const out = sink();
    const err0 = sink();
    expect(gateRun(valid.res, valid.pol, undefined, out, err0)).toBe(0);
    expect(out.text()).toContain('PASS  meta.seed < 10: meta.seed = 7 < 10');
    expect(err0.text()).toBe('');
    const b = setup('rules:\n  - meta.seed < 10\n  - max(data.columns[*].nMissing) < 2\n');
    writeFileSync(b.res, JSON.stringify({ ...baseResult(), privacy: { skipped: true, reason: 'off' } }));
    const outDir = join(b.d, 'ci');
    const out2 = sink();
    expect(gateRun(b.res, b.pol, outDir, out2, sink())).toBe(1);
    expect(out2.text()).toMatch(/FAILED \(1 passed, 1 failed, 0 not evaluated\)/);
    expect(out2.text()).toContain('FAIL  max(data.columns[*].nMissing) < 2');
    const junit = readFileSync(join(outDir, 'junit.xml'), 'utf8');
    expect(junit).toContain('failures="1"');
    expect(junit).toContain('max(data.columns[*].nMissing) &lt; 2');
    const md = readFileSync(join(outDir, 'summary.md'), 'utf8');
    expect(md).toMatch(/failed/i);
    expect(md).toContain('max(data.columns\\[\\*\\].nMissing) &lt; 2'); // the compact summary names the failed rule
    // --summary full: timings.json beside results.json is picked up
    expect(gateRun(b.res, b.pol, outDir, sink(), sink(), undefined, 'text', 'full')).toBe(1);
    expect(readFileSync(join(outDir, 'summary.md'), 'utf8')).toContain('1.2 s');
  });
  it('a results file that does not match the schema (hand-built sections) is a one-line error, judged and written never', () => {
    // issue 17: a wrongly shaped results.json gave an internal error and a half-written folder
    const a = setup('rules:\n  - fidelity.tvd.mean < 0.05\n');
    const outDir = join(a.d, 'ci');
    const out = sink();
    const err = sink();
    expect(gateRun(a.res, a.pol, outDir, out, err)).toBe(2);
    expect(err.text()).toMatch(/^synthaudit gate: .*results\.json: does not match schema\/results\.schema\.json; written by synthaudit 0\.1\.0: .+\n$/);
    expect(out.text()).toBe('');
    expect(existsSync(outDir)).toBe(false);
  });
  it('exits 2 with a one-line message on a bad results file or policy, writing nothing', () => {
    const a = setup('rules:\n  - fidelity.tvd.mean < 0.05\n');
    const err = sink();
    expect(gateRun(join(a.d, 'nope.json'), a.pol, undefined, sink(), err)).toBe(2);
    expect(err.text()).toMatch(/^synthaudit gate: .*nope\.json: results file not found\n$/);
    writeFileSync(join(a.d, 'garbage.json'), '{"meta": ');
    const err2 = sink();
    expect(gateRun(join(a.d, 'garbage.json'), a.pol, undefined, sink(), err2)).toBe(2);
    expect(err2.text()).toMatch(/garbage\.json: not valid JSON/);
    writeFileSync(join(a.d, 'other.json'), '{"a": 1}');
    const err3 = sink();
    expect(gateRun(join(a.d, 'other.json'), a.pol, undefined, sink(), err3)).toBe(2);
    expect(err3.text()).toMatch(/not a synthaudit results file/);
    writeFileSync(a.pol, 'rules: 3\n');
    const outDir = join(a.d, 'ci');
    const err4 = sink();
    expect(gateRun(a.res, a.pol, outDir, sink(), err4)).toBe(2);
    expect(err4.text()).toMatch(/policy\.yml: the policy has no rules/);
    expect(existsSync(outDir)).toBe(false);
  });
  it('gives the same verdict on the in-memory result and on its saved results.json, even at a threshold', async () => {
    const { renderJson } = await import('../../reports/json.js');
    const r: any = { ...result(), fidelity: { x: 0.0500000001, y: { value: 0.0499999999, interval: [0.04, 0.0600000004] } } };
    const saved = JSON.parse(renderJson(r));
    const policy = parsePolicy({ rules: ['fidelity.x < 0.05', 'fidelity.x <= 0.05', 'fidelity.y >= 0.05', 'fidelity.y.upper <= 0.06'] });
    const a = evaluatePolicy(r, policy);
    expect(a.rules.map((x) => x.passed)).toEqual([false, true, true, true]);
    expect(evaluatePolicy(saved, policy)).toEqual(a);
  });
  it('judges saved results without recomputing: the same file and policy give the same verdict', () => {
    const policy: Policy = parsePolicy({ rules: ['fidelity.tvd.mean < 0.05', 'max(privacy.membership.targets[*].auc) < 0.6'] });
    const r = result();
    const saved = JSON.parse(JSON.stringify(r));
    expect(evaluatePolicy(saved, policy)).toEqual(evaluatePolicy(r, policy));
  });
});
