// report.html on hand-built results: every section id, "not run: reason" for skipped or absent sections, hostile
// labels inert in HTML and SVG, no external resources or scripts, examples only on request, deterministic bytes, size caps.

import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from '../../reports/html.js';
import { evaluatePolicy, parsePolicy } from '../../src/app/gate.js';
import type { AuditResult } from '../../reports/result.js';
import { baseResult, richResult, fullFidelitySection, fullPrivacySection, utilitySection, HOSTILE } from './fixtures.js';
import { htmlStartTags, decodeHtml } from './xml.js';

const SECTION_IDS = ['verdict', 'fidelity', 'utility', 'privacy', 'data', 'meta'];
const ALLOWED_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'p', 'nav', 'ol', 'ul', 'li', 'strong', 'a', 'main', 'section', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  'span', 'br', 'code', 'div', 'figure', 'figcaption', 'details', 'summary', 'dl', 'dt', 'dd', 'pre', 'footer',
  // inline SVG from vega
  'svg', 'g', 'path', 'rect', 'line', 'text', 'defs', 'clippath', 'circle', 'lineargradient', 'stop',
]);

/** Text content of the page with tags removed and entities decoded (style content dropped). */
function visibleText(html: string): string {
  return decodeHtml(html.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<[^>]*>/g, ' '));
}

function policyFor(result: AuditResult, names: string[] = ['fidelity.pairs.tvd.mean < 0.05', 'privacy.distance.dcrShare.upper < 0.75', 'utility.ranking.sra > 0.5']) {
  return evaluatePolicy(result, parsePolicy({ name: 'test', rules: names }));
}

describe('renderHtml', () => {
  it('has every section with its stable id, the scorecard and headline numbers', async () => {
    const r = richResult();
    const html = await renderHtml(r, { verdict: policyFor(r), timings: { load: 12.5, fidelity: 2500 } });
    for (const id of SECTION_IDS) expect(html, id).toContain(`<section id="${id}" class="card">`);
    const text = visibleText(html);
    expect(text).toMatch(/Failed policy “test”: 1 of 3 rules failed\./);
    expect(text).toContain('fidelity.pairs.tvd.mean < 0.05');
    expect(text).toContain('2.5 s');
    // fidelity headlines from the section's own summary, each with floor and meaning
    expect(text).toContain('mean 1-way TVD');
    expect(text).toContain('holdout floor 0.03');
    // privacy headline with its ideal and a percentage
    expect(text).toContain('DCR share (closer to train than holdout)');
    expect(text).toContain('ideal 66.6%');
    // utility table and per-target shadow table
    expect(text).toContain('TSTR vs TRTR per model (accuracy)');
    expect(text).toContain('Empirical ε lower bound vs the claim');
    // skipped sub-parts are shown as not run with their reason
    expect(text).toContain('Not run: pMSE not wired yet');
    expect(text).toContain('Mean overlap -0.75 (clipped at 0: 0.25) over 2 of 3 coefficients; same sign: 50%.');
    expect(text).toContain('— not estimated on real data');
    expect(text).toContain('Shadow-model attribute inference');
    expect(text).toContain('Not run: no generator given');
    // charts are inline SVG
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(7);
  });

  it('shows "not run: reason" for skipped sections and absent ones, and works with no verdict', async () => {
    const r: any = { ...baseResult(), fidelity: { skipped: true, reason: 'turned off by --sections' }, utility: { skipped: true, reason: 'no --target given' } };
    const html = await renderHtml(r);
    for (const id of SECTION_IDS) expect(html, id).toContain(`id="${id}"`);
    const text = visibleText(html);
    expect(text).toContain('Not run: turned off by --sections');
    expect(text).toContain('Not run: no --target given');
    expect(text).toContain('Not run: not in the results');
    expect(text).toContain('No policy was given');
  });

  it('ignores unknown extra fields and tolerates odd shapes without throwing', async () => {
    const r: any = richResult();
    r.fidelity.surprise = { nested: [1, 2, { x: 'y' }] };
    r.fidelity.columns.push({ name: 'weird', tvd: 'not a measure' });
    r.privacy.distance.dcr.syntheticToTrain = null;
    r.utility.models.push({ label: 'broken' });
    r.privacy.shadowMia.targets.push(42);
    const html = await renderHtml(r);
    expect(html).toContain('id="privacy"');
    expect(visibleText(html)).not.toContain('surprise');
  });

  it('keeps hostile labels inert: no injected element, literal text present, {{x}} not expanded', async () => {
    const [script, svgClose, mustache, quotes, emoji, md] = HOSTILE;
    const r: any = richResult({ column: script, category: svgClose });
    // hostile strings in every kind of place: column names in charts and tables, pair names, notices, rule names, model labels, file names
    r.fidelity = fullFidelitySection(['age', script, svgClose, mustache, quotes, emoji]);
    r.fidelity.columns[0].counts = { labels: [script, svgClose], real: [3, 4], synthetic: [4, 3] };
    r.utility = utilitySection([script, mustache, emoji]);
    r.privacy = fullPrivacySection(svgClose);
    r.privacy.distance.notes = [quotes];
    r.data.notices.push(mustache, md);
    r.meta.inputs[2].file = `${script}.csv`;
    r.meta.options = { note: svgClose };
    const verdict = evaluatePolicy(r, parsePolicy({ name: quotes, rules: [{ name: script, path: 'fidelity.pairs.tvd.mean', op: '<', value: 0.01, description: svgClose }, { name: mustache, path: 'utility.nope', op: '<', value: 1 }] }));
    const html = await renderHtml(r, { verdict, showExamples: true, timings: { [script]: 5 } });
    const tags = htmlStartTags(html);
    const names = new Set(tags.map((t) => t.name));
    expect([...names].filter((n) => !ALLOWED_TAGS.has(n))).toEqual([]);
    expect(names.has('script')).toBe(false);
    // no event-handler or javascript: attributes anywhere
    for (const t of tags) {
      expect(t.raw, t.raw).not.toMatch(/\son[a-z]+\s*=/i);
      expect(t.raw, t.raw).not.toMatch(/javascript:/i);
    }
    // exactly one html/svg structure per chart: every <svg opens once and closes once
    expect((html.match(/<svg /g) ?? []).length).toBe((html.match(/<\/svg>/g) ?? []).length);
    const text = visibleText(html);
    for (const s of HOSTILE) expect(text, s).toContain(s);
    // the literal mustache survived (templates never see data as source)
    expect(html).toContain('{{x}}');
    expect(html).not.toContain('<script>alert(1)</script>');
    // in SVG text, the label is escaped as well (vega-lite bar chart and heat map labels)
    const svgs = html.match(/<svg [\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.some((s) => s.includes('&lt;script&gt;'))).toBe(true);
    expect(svgs.some((s) => s.includes('&lt;/svg&gt;'))).toBe(true);
  });

  it('loads nothing from the network and runs no script', async () => {
    const r = richResult();
    const html = await renderHtml(r, { verdict: policyFor(r), showExamples: true });
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed|image|use|foreignObject)\b/i);
    expect(html).not.toMatch(/\b(src|srcset|action|formaction|poster)\s*=/i);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    for (const h of hrefs) expect(h, h).toMatch(/^#/);
    const urls = [...html.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]);
    for (const u of urls) expect(u, u).toMatch(/^#/);
    expect(html).not.toMatch(/@import|@font-face|https?:\/\/(?!www\.w3\.org\/)/);
  });

  it('shows values that may reproduce real records only with showExamples', async () => {
    const r = richResult({ category: 'Never-worked-EXAMPLE' });
    const hidden = visibleText(await renderHtml(r));
    const shown = visibleText(await renderHtml(r, { showExamples: true }));
    expect(hidden).not.toContain('Never-worked-EXAMPLE');
    expect(hidden).not.toContain('row 4: 12');
    expect(hidden).toContain('Example values are hidden');
    expect(shown).toContain('Never-worked-EXAMPLE');
    expect(shown).toContain('row 4: 12');
  });

  it('is deterministic: the same input gives the same bytes, also after other reports rendered', async () => {
    const r = richResult();
    const a = await renderHtml(r, { verdict: policyFor(r) });
    await renderHtml(baseResult());
    const b = await renderHtml(JSON.parse(JSON.stringify(r)), { verdict: policyFor(r) });
    expect(b).toBe(a);
    // chart ids are unique within the page
    const ids = [...a.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays small for a wide table: bars and heat maps are capped', async () => {
    const names = Array.from({ length: 40 }, (_, j) => `column_${j}`);
    const r: any = { ...richResult(), fidelity: fullFidelitySection(names) };
    const html = await renderHtml(r);
    const text = visibleText(html);
    expect(text).toContain('The 30 worst of 40 columns.');
    expect(text).toContain('15 of 40 columns');
    expect(Buffer.byteLength(html)).toBeLessThan(600_000);
    mkdirSync(join(__dirname, '../artifacts'), { recursive: true });
    writeFileSync(join(__dirname, '../artifacts/report-wide.html'), html);
  });

  it('templates never use triple-stash (data is always escaped; SVG and CSS arrive as SafeString)', () => {
    const dir = join(__dirname, '../../templates');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.hbs'))) {
      expect(readFileSync(join(dir, f), 'utf8'), f).not.toContain('{{{');
      expect(readFileSync(join(dir, f), 'utf8'), f).not.toContain('{{&');
    }
  });
});
