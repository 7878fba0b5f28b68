// Charts for the HTML report: vega-lite specs compiled with vega to static, inline SVG (no JavaScript, no network),
// with element ids namespaced per chart and renderer noise stripped so a report stays small and deterministic.

import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import * as vl from 'vega-lite';

/** A vega-lite spec (kept loose: vega-lite's own types are very wide). */
export type VlSpec = Record<string, unknown>;

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Palette used across the report: real / holdout / synthetic, pass / fail. */
export const COLORS = {
  real: '#2b6cb0',
  holdout: '#8a8a8a',
  synthetic: '#dd6b20',
  pass: '#2f855a',
  fail: '#c53030',
  floor: '#4a5568',
  neutral: '#4c78a8',
};

const CONFIG = {
  font: FONT,
  background: null,
  aria: false,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', labelLimit: 160, gridColor: '#eee', domainColor: '#888', tickColor: '#888' },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 160, orient: 'bottom' },
  title: { fontSize: 12, fontWeight: 'bold', anchor: 'start' },
  header: { labelFontSize: 11, titleFontSize: 11 },
};

// attribute noise vega writes on every element; removed inside tags only (text content is escaped, so `<...>` is always a tag)
const NOISE = [/ pointer-events="none"/g, / class="[^"]*"/g, / role="[^"]*"/g, / aria-roledescription="[^"]*"/g, / aria-hidden="true"/g, / opacity="1"/g, / stroke-miterlimit="4"/g];

const FONT_ATTR = new RegExp(` font-family="${FONT.replace(/"/g, '&quot;').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'g');

function clean(svg: string, prefix: string): string {
  // vega numbers clip paths and gradients with process-wide counters: renumber them per chart, in order of appearance,
  // so the same chart gives the same bytes whatever rendered before it, and ids never collide within a page
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/<[^>]* id="([^"]*)"/g)) if (!ids.has(m[1])) ids.set(m[1], `${prefix}-${ids.size + 1}`);
  const rename = (id: string) => ids.get(id) ?? `${prefix}-${id}`;
  let out = svg.replace(/<[^>]*>/g, (tag) => {
    let t = tag;
    for (const re of NOISE) t = t.replace(re, '');
    t = t.replace(FONT_ATTR, '');
    t = t.replace(/ aria-label="[^"]*"/g, '');
    t = t.replace(/(\d+\.\d{2})\d+/g, '$1');
    t = t.replace(/ id="([^"]*)"/g, (_m, id) => ` id="${rename(id)}"`);
    t = t.replace(/url\(#([^)]*)\)/g, (_m, id) => `url(#${rename(id)})`);
    t = t.replace(/ (xlink:)?href="#([^"]*)"/g, (_m, x, id) => ` ${x ?? ''}href="#${rename(id)}"`);
    return t;
  });
  // empty background / foreground paths vega draws for every group
  out = out.replace(/<path d="M0,0h0v0h0Z"\/>/g, '').replace(/<path d=""( display="none")?\/>/g, '').replace(/<path display="none" d=""\/>/g, '');
  // text with opacity 0 (overlapping axis labels vega hid) is invisible: drop it
  out = out.replace(/<text [^>]*opacity="0"[^>]*>[^<]*<\/text>/g, '');
  // drop empty groups left behind (repeat: they nest)
  for (let i = 0; i < 6; i++) {
    const next = out.replace(/<g>(<g><\/g>)*<\/g>/g, '').replace(/<g( transform="[^"]*")?><\/g>/g, '');
    if (next === out) break;
    out = next;
  }
  return out;
}

/**
 * Compile a vega-lite spec and render it to an SVG string. `id` namespaces the SVG's internal ids (clip paths,
 * gradients) so several charts can sit in one page; `label` becomes the SVG's accessible name (escaped here).
 */
export async function chartSvg(spec: VlSpec, id: string, label: string): Promise<string> {
  const full = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', ...spec, config: { ...CONFIG, ...((spec.config as Record<string, unknown> | undefined) ?? {}) } };
  const compiled = vl.compile(full as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const safeId = id.replace(/[^A-Za-z0-9_-]/g, '_');
  svg = clean(svg, safeId);
  const aria = label.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  // accessible name; width scales with the page (CSS sets max-width: 100%, height: auto)
  svg = svg.replace(/^<svg /, `<svg role="img" aria-label="${aria}" id="${safeId}" font-family="${FONT.replace(/"/g, '&quot;')}" `);
  return svg;
}
