// results.json (canonical bytes, rounding, refusal of NaN/typed arrays, schema validation), JUnit XML (strictly
// well-formed, one testcase per rule, failures with value and threshold) and summary.md (escaping, skipped sections).

import { describe, it, expect } from 'vitest';
import { renderJson, validateResult, canonicalize, roundForJson } from '../../reports/json.js';
import { renderJunit } from '../../reports/junit.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { escapeMarkdown } from '../../reports/util.js';
import { evaluatePolicy, parsePolicy } from '../../src/app/gate.js';
import type { AuditResult } from '../../reports/result.js';
import { baseResult, HOSTILE } from './fixtures.js';
import { parseXml, findAll } from './xml.js';

describe('renderJson', () => {
  it('writes the same bytes regardless of key insertion order, top level in the documented order', () => {
    const a = baseResult();
    const b = JSON.parse(JSON.stringify(a));
    // rebuild b with reversed key order everywhere
    const reverse = (x: any): any => (Array.isArray(x) ? x.map(reverse) : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).reverse().map((k) => [k, reverse(x[k])])) : x);
    const ra = renderJson({ ...a, privacy: { skipped: true, reason: 'r' } });
    const rb = renderJson(reverse({ ...b, privacy: { skipped: true, reason: 'r' } }));
    expect(rb).toBe(ra);
    expect(ra.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(ra))).toEqual(['version', 'meta', 'data', 'privacy']);
    expect(ra).toContain('{\n  "version": 2,\n  "meta": {\n    "inputs": [');
  });
  it('rounds non-integers to 6 significant digits and keeps integers exact', () => {
    expect(roundForJson(0.123456789)).toBe(0.123457);
    expect(roundForJson(1234567.891)).toBe(1234570);
    expect(roundForJson(123456789)).toBe(123456789);
    expect(roundForJson(1.23456789e-12)).toBe(1.23457e-12);
    expect(Object.is(roundForJson(-0), 0)).toBe(true);
    expect(Object.is(roundForJson(-1e-30 * 1e-300), 0)).toBe(true);
    const out = JSON.parse(renderJson({ ...baseResult(), fidelity: { x: 1 / 3, n: 2 ** 40, arr: [2 / 3, 7] } }));
    expect(out.fidelity).toEqual({ arr: [0.666667, 7], n: 1099511627776, x: 0.333333 });
  });
  it('refuses NaN, Infinity and typed arrays, naming the path; drops undefined', () => {
    expect(() => renderJson({ ...baseResult(), fidelity: { a: { b: NaN } } })).toThrow(/non-finite number \(NaN\) at fidelity\.a\.b/);
    expect(() => renderJson({ ...baseResult(), fidelity: { a: [1, Infinity] } })).toThrow(/at fidelity\.a\[1\]/);
    expect(() => renderJson({ ...baseResult(), fidelity: { a: new Float64Array(2) } })).toThrow(/typed array at fidelity\.a/);
    const out = JSON.parse(renderJson({ ...baseResult(), fidelity: { a: undefined, b: 1 } }));
    expect(out.fidelity).toEqual({ b: 1 });
  });
  it('canonicalize is idempotent (re-writing a read results.json gives the same bytes)', () => {
    const r = { ...baseResult(), fidelity: { x: Math.PI } };
    const once = renderJson(r);
    expect(renderJson(JSON.parse(once))).toBe(once);
    expect(canonicalize(JSON.parse(once))).toEqual(JSON.parse(once));
  });
});

describe('validateResult', () => {
  it('accepts a well-formed result, with sections present or skipped', () => {
    expect(validateResult(baseResult())).toEqual({ valid: true, errors: [] });
    expect(validateResult({ ...baseResult(), utility: { skipped: true, reason: 'no --target' } }).valid).toBe(true);
  });
  it('rejects a broken meta or data part with readable paths', () => {
    const r = baseResult() as any;
    delete r.meta.seed;
    r.data.columns[0].kind = 'text';
    r.meta.inputs[0].sha256 = 'xyz';
    const v = validateResult(r);
    expect(v.valid).toBe(false);
    expect(v.errors).toContain("meta: must have required property 'seed'");
    expect(v.errors.some((e) => e.startsWith('data.columns.0.kind: must be equal to one of the allowed values'))).toBe(true);
    expect(v.errors.some((e) => e.startsWith('meta.inputs.0.sha256: must match pattern'))).toBe(true);
  });
  it('rejects a skipped marker without a reason and unknown top-level keys', () => {
    expect(validateResult({ ...baseResult(), privacy: { skipped: true } }).errors).toContain("privacy: must have required property 'reason'");
    expect(validateResult({ ...baseResult(), extra: 1 } as AuditResult).valid).toBe(false);
  });
  it('reports NaN as invalid instead of throwing', () => {
    const v = validateResult({ ...baseResult(), fidelity: { a: NaN } });
    expect(v.valid).toBe(false);
    expect(v.errors[0]).toMatch(/non-finite/);
  });
});

function hostileVerdict() {
  const result: any = { ...baseResult({ column: HOSTILE[5] }), fidelity: { v: { value: 0.3, interval: [0.2, 0.4] }, ok: 0.01 } };
  const policy = parsePolicy({
    name: `p<&>"'`,
    rules: [
      { name: HOSTILE[0], path: 'fidelity.v', op: '<', value: 0.1, description: HOSTILE[1] },
      { name: HOSTILE[2], path: 'fidelity.ok', op: '<', value: 0.1 },
      { name: HOSTILE[4], path: 'utility.x', op: '>', value: 1, optional: true },
      { name: HOSTILE[3], path: 'privacy.y', op: '<', value: 1 },
    ],
  });
  return { result, verdict: evaluatePolicy(result, policy) };
}

describe('renderJunit', () => {
  it('is strictly well-formed XML with one testcase per rule and the right counts', () => {
    const { result, verdict } = hostileVerdict();
    const xml = renderJunit(result, verdict);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '4', failures: '2', errors: '0', skipped: '1' });
    const suites = findAll(root, 'testsuite');
    expect(suites).toHaveLength(1);
    expect(suites[0].attrs.name).toBe(`synthaudit policy: p<&>"'`);
    const cases = findAll(root, 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual([HOSTILE[0], HOSTILE[2], HOSTILE[4], HOSTILE[3]]);
    // failure carries value, threshold and interval
    const f0 = cases[0].children.find((c) => c.name === 'failure')!;
    expect(f0.attrs.type).toBe('threshold');
    expect(f0.attrs.message).toBe('fidelity.v = 0.3, needs < 0.1 (is >=)');
    expect(f0.text).toContain('value: 0.3');
    expect(f0.text).toContain('threshold: < 0.1');
    expect(f0.text).toContain('interval: [0.2, 0.4]');
    expect(f0.text).toContain(`meaning: ${HOSTILE[1]}`);
    expect(cases[1].children).toHaveLength(0);
    expect(cases[2].children[0].name).toBe('skipped');
    const f3 = cases[3].children[0];
    expect(f3.name).toBe('failure');
    expect(f3.attrs.type).toBe('missing');
    expect(f3.text).toContain('value: null');
    // properties carry the inputs
    const props = findAll(root, 'property');
    expect(props.find((p) => p.attrs.name === 'input.real')!.attrs.value).toContain('real.csv (666 rows');
  });
  it('escapes control characters and lone surrogates out of the document', () => {
    const result = baseResult();
    const verdict = evaluatePolicy(result, parsePolicy({ rules: [{ name: 'bell\u0007 \uD800 tab\there\nnext', path: 'a.b', op: '<', value: 1 }] }));
    const root = parseXml(renderJunit(result, verdict));
    expect(findAll(root, 'testcase')[0].attrs.name).toBe('bell \uFFFD tab\there\nnext');
    expect(renderJunit(result, verdict)).toContain('tab&#9;here&#10;next');
  });
});

describe('renderMarkdown', () => {
  it('shows the verdict, each rule and not-run sections, with data strings escaped', () => {
    const { result, verdict } = hostileVerdict();
    const md = renderMarkdown({ ...result, utility: { skipped: true, reason: 'no <target> given' } }, verdict, { load: 12, fidelity: 65_000 });
    expect(md).toMatch(/^## ❌ synthaudit: policy `p<&>"'` failed/);
    expect(md).toContain('1 passed, 2 failed, 1 not evaluated.');
    expect(md).toContain('_Not run: no &lt;target&gt; given_');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('</svg>');
    // a pipe in a data string must not split a table row
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && l.includes('pipe'));
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBeLessThanOrEqual(8);
    expect(md).toContain('| fidelity | 1 min 5 s |');
    expect(md).toContain('| load | 12 ms |');
  });
  it('escapes data strings without mangling ordinary text and numbers', () => {
    expect(escapeMarkdown('a|b *c* _d_ [l](x) `e` ~f~ <g> & h')).toBe('a\\|b \\*c\\* \\_d\\_ \\[l\\](x) \\`e\\` \\~f\\~ &lt;g&gt; &amp; h');
    expect(escapeMarkdown('see http://evil.example and www.evil.example or me@x.org')).toBe('see http:\\/\\/evil.example and www\\.evil.example or me\\@&#8203;x.org');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('# head')).toBe('\\# head');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
    expect(escapeMarkdown('line1\nline2')).toBe('line1 line2');
    expect(escapeMarkdown('-0.25')).toBe('-0.25');
    expect(escapeMarkdown('capital-gain 0.07 (x): y.')).toBe('capital-gain 0.07 (x): y.');
  });
  it('says there is no verdict without a policy, and "Not run." for absent sections', () => {
    const md = renderMarkdown(baseResult());
    expect(md).toContain('No policy was given');
    expect(md.match(/_Not run\._/g)).toHaveLength(3);
  });
});
