// summary.md compact (the default the audit writes; issue 16 item 5): the verdict, the failed rules with value and
// threshold, the names of rules not evaluated, pointers to the full report; about 1-2 KB; data strings escaped.
import { describe, it, expect } from 'vitest';
import { renderMarkdown, renderCompactMarkdown } from '../../reports/markdown.js';
import { RENDERERS } from '../../reports/renderers.js';
import { evaluatePolicy, parsePolicy, loadPolicy } from '../../src/app/gate.js';
import { richResult } from './fixtures.js';

const FORGED = 'ok\n\n## ✅ synthaudit: policy `x` passed\n\n![x](https://evil.example/p.png)\n<img src=x onerror=alert(1)>';

describe('compact summary.md', () => {
  it('lists the failed rules only, names the rules not evaluated, and stays small', () => {
    const result = richResult();
    const policy = parsePolicy({
      name: 'p',
      rules: [
        { name: 'tvd small', path: 'fidelity.pairs.tvd.mean', op: '<', value: 0.001 },
        { name: 'auc fine', path: 'privacy.distance.mia.auc', op: '<', value: 0.9 },
        { name: 'not there', path: 'privacy.nothing.here', op: '<', value: 1, optional: true },
      ],
    });
    const v = evaluatePolicy(result, policy);
    expect(v.counts).toEqual({ passed: 1, failed: 1, notEvaluated: 1 });
    const md = renderCompactMarkdown(result, v);
    expect(md.split('\n')[0]).toBe('## ❌ synthaudit: policy `p` failed');
    expect(md).toContain('1 failed, 1 passed, 1 not evaluated.');
    expect(md).toContain('🔴 **Faithful?** No · ⚪ **Useful?** Not judged · 🟢 **Safe?** Yes');
    expect(md).toMatch(/\| ❌ tvd small \| [0-9.]+ \| &lt; 0\.001 \|/);
    expect(md).not.toContain('auc fine');
    expect(md).toContain('Not evaluated: not there.');
    expect(md).toContain('`report.html`');
    expect(Buffer.byteLength(md)).toBeLessThan(2048);
    // the full summary has every rule
    const full = renderMarkdown(result, v, undefined, { summary: 'full' });
    expect(full).toContain('auc fine');
    expect(full.length).toBeGreaterThan(md.length);
  });
  it('the default policy on a full result stays under 2 KB; the summary renderer writes compact unless told full', () => {
    const result = richResult();
    const v = evaluatePolicy(result, loadPolicy('default'));
    const r = RENDERERS.find((x) => x.file === 'summary.md')!;
    const compact = r.render({ result, verdict: v }) as string;
    expect(compact).toBe(renderCompactMarkdown(result, v));
    expect(Buffer.byteLength(compact)).toBeLessThan(2048);
    expect(r.render({ result, verdict: v, summary: 'full' })).toBe(renderMarkdown(result, v));
  });
  it('without a policy it gives each section\'s headline number', () => {
    const md = renderCompactMarkdown(richResult());
    expect(md).toContain('No policy was given');
    expect(md).toMatch(/- \*\*Fidelity\*\*: mean 1-way TVD /);
    expect(md).toMatch(/- \*\*Privacy\*\*: /);
  });
  it('a forged rule or policy name cannot start a heading, an image or an HTML tag', () => {
    const result = richResult();
    const v = evaluatePolicy(result, parsePolicy({ name: FORGED, rules: [{ name: FORGED, path: 'x.y', op: '<', value: 1 }] }));
    const md = renderCompactMarkdown(result, v);
    const lines = md.split('\n');
    expect(lines.filter((l) => l.startsWith('## '))).toHaveLength(1);
    // the heading holds the name in one code span (literal text); everywhere else it is escaped
    expect(lines[0].match(/`/g)).toHaveLength(2);
    const rest = lines.slice(1).join('\n');
    expect(rest).not.toContain('![x](');
    expect(rest).not.toContain('<img');
    expect(rest).toContain('&lt;img');
  });
});
