// Shared helpers for the renderers: the package root (re-exported), escaping data-derived strings for HTML / XML /
// Markdown, and formatting numbers for people (renderers format, they never compute metrics).

/** The package root (src/paths.ts: the one implementation). */
export { packageRoot } from '../src/paths.js';

const HTML_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;', '=': '&#61;' };

/** Escape for HTML text and quoted attribute values (same set as handlebars' {{ }}). */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"'`=]/g, (c) => HTML_ESC[c]);
}

/** Escape for XML text and attribute values; drops characters XML 1.0 forbids (control chars) and replaces lone surrogates. */
export function escapeXml(s: unknown): string {
  return String(s ?? '')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'))
    // keep tabs and line breaks through attribute-value normalisation
    .replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

// every character the terminal escape also treats as a control, plus the line/paragraph separators
const MD_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * Escape a data string for GitHub-flavoured Markdown (inside a paragraph, list item, heading or table cell): control
 * characters dropped, HTML-special characters become entities, inline-markup characters get a backslash, pipes are
 * escaped for tables, newlines become spaces, autolinks (http://, www., e-mail) are broken, a leading block marker
 * (#, -, +, >, "1.") is escaped, and GitHub's mentions (@user, @org/team) and references (#12, GH-12, owner/repo#12)
 * are broken with a zero-width space (&#8203;) so that a column or rule name cannot notify anyone or link an issue.
 */
export function escapeMarkdown(s: unknown): string {
  return String(s ?? '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(MD_CONTROLS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~$]/g, (c) => '\\' + c) // $ too: GitHub renders $...$ as maths (e.g. a forged green 'passed')
    .replace(/:\/\//g, ':\\/\\/')
    .replace(/\bwww\./gi, (m) => m.slice(0, 3) + '\\.')
    .replace(/#(?=[\w-])/g, '#&#8203;') // before any &#8203; is inserted
    .replace(/@/g, '\\@&#8203;')
    .replace(/\b(GH)-(?=\d)/gi, '$1&#8203;-')
    .replace(/^(\s*)([#+\-=])(?=\s|$)/, (_m, sp, c) => `${sp}\\${c}`)
    .replace(/^(\s*\d+)([.)])(?=\s|$)/, (_m, d, c) => `${d}\\${c}`);
}

/** A number for people: up to `sig` significant digits, no exponent for ordinary magnitudes, '—' for null. */
export function fmtNum(x: number | null | undefined, sig = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e9) return x.toLocaleString('en-US');
  if (a >= 1e9 || a < 1e-4) return x.toExponential(sig - 1);
  // toPrecision then strip trailing zeros
  let s = x.toPrecision(sig);
  if (s.includes('e')) s = Number(s).toString();
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

/** A share in [0, 1] as a percentage. */
export function fmtPct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(digits)}%`;
}

export function fmtInterval(iv: readonly [number, number] | null | undefined, sig = 3): string {
  if (!iv) return '';
  return `[${fmtNum(iv[0], sig)}, ${fmtNum(iv[1], sig)}]`;
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** True for a plain object (not an array, not null). */
export function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** o[k] when o is an object or array, else undefined: `o?.[k]` for data of unknown shape (the renderers tolerate odd shapes). */
export function field(o: unknown, k: string | number): unknown {
  return typeof o === 'object' && o !== null ? (o as Record<string | number, unknown>)[k] : undefined;
}

/** A section that did not run: `{ skipped: true, reason }` (src/skipped.ts). */
export { isSkipped } from '../src/skipped.js';

export function isNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
