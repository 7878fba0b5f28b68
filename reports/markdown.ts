// summary.md for pull-request comments and CI job summaries: the verdict, each rule, the headline numbers of each
// section beside their baselines, data notices and inputs. GitHub-flavoured Markdown; every data string escaped.
// Compact: the whole text stays under SUMMARY_MAX_CHARS (GitHub's comment limit is 65,536 characters) however many
// columns, rules or notices there are; long lists keep their worst rows and say how many more are in report.html.

import { SECTION_NAMES } from '../src/section-names.js';
import type { AuditResult } from './result.js';
import type { PolicyVerdict } from '../src/verdict.js';
import { escapeMarkdown as esc, fmtNum, fmtInterval, fmtMs, isSkipped, isObj } from './util.js';
import { headlines, SECTION_TITLES } from './model.js';
import { answers } from './answers.js';

function cell(s: string): string {
  return s === '' ? ' ' : s;
}

/** Upper bound on summary.md's length in characters (UTF-16 units, which never undercount characters). */
export const SUMMARY_MAX_CHARS = 60_000;

/** Longest data string shown in one place (before escaping); longer ones end in '…'. */
const MAX_STRING = 500;

function clip(s: unknown): string {
  const t = String(s ?? '');
  return t.length > MAX_STRING ? t.slice(0, MAX_STRING) + '…' : t;
}

/** The first `cap` items, and a line saying how many were left out (empty when none). */
function capList<T>(items: T[], cap: number): { shown: T[]; more: string } {
  if (items.length <= cap) return { shown: items, more: '' };
  return { shown: items.slice(0, cap), more: `_${items.length - cap} more in report.html._` };
}

export interface MarkdownOptions {
  /** Maximum length in characters (default SUMMARY_MAX_CHARS). */
  maxChars?: number;
  /** 'full' (default here): every rule and headline; 'compact': the verdict, the failed rules and where the rest is. */
  summary?: SummaryMode;
}

/** How much summary.md holds: the audit writes 'compact' unless told --summary full. */
export type SummaryMode = 'compact' | 'full';
export const SUMMARY_MODES: readonly SummaryMode[] = ['compact', 'full'];

/** Rules listed by name in the compact summary before "and N more". */
const COMPACT_RULES = 8;

/**
 * The compact summary.md (a pull-request comment, about 1-2 KB): the verdict, the rules that failed with value and
 * threshold, the names of rules not evaluated, the headline of each section when there is no verdict, and pointers
 * to the full report. Every data string escaped.
 */
export function renderCompactMarkdown(result: AuditResult, verdict?: PolicyVerdict): string {
  const md = (x: unknown) => esc(clip(x));
  const out: string[] = [];
  const inputs = Array.isArray(result.meta?.inputs) ? result.meta.inputs : [];
  const synth = inputs.find((i) => i?.role === 'synthetic');
  const real = inputs.find((i) => i?.role === 'real');
  const what = synth && real ? `Synthetic ${md(synth.file)} (${md(fmtNum(synth.rows))} rows) against real ${md(real.file)} (${md(fmtNum(real.rows))} rows).` : '';
  if (verdict) {
    const policyName = clip(verdict.policy).replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, ' ').replace(/`/g, "'");
    out.push(`## ${verdict.passed ? '✅' : '❌'} synthaudit: policy \`${policyName}\` ${verdict.passed ? 'passed' : 'failed'}`);
    out.push('');
    out.push(`${verdict.counts.failed} failed, ${verdict.counts.passed} passed, ${verdict.counts.notEvaluated} not evaluated. ${what}`.trim());
    out.push('');
    const icon: Record<string, string> = { green: '🟢', red: '🔴', grey: '⚪' };
    out.push(answers(result, verdict).map((a) => `${icon[a.light]} **${a.question}** ${a.verdict}`).join(' · '));
    const failed = verdict.rules.filter((r) => r.passed === false);
    if (failed.length) {
      out.push('');
      out.push('| Failed rule | Value | Threshold |');
      out.push('|---|---|---|');
      for (const r of failed.slice(0, COMPACT_RULES)) {
        out.push(`| ❌ ${md(r.name)} | ${r.value === null ? md(`— (${r.message})`) : md(fmtNum(r.value, 4))} | ${md(`${r.op} ${fmtNum(r.threshold, 4)}${r.thresholdRule ? ` (${r.thresholdRule})` : ''}`)} |`);
      }
      if (failed.length > COMPACT_RULES) out.push('', `_${failed.length - COMPACT_RULES} more failed rules in report.html._`);
    }
    const skipped = verdict.rules.filter((r) => r.passed === null);
    if (skipped.length) {
      const names = skipped.slice(0, COMPACT_RULES).map((r) => md(r.name));
      out.push('');
      out.push(`Not evaluated: ${names.join('; ')}${skipped.length > COMPACT_RULES ? ` and ${skipped.length - COMPACT_RULES} more` : ''}.`);
    }
  } else {
    out.push('## synthaudit audit summary');
    out.push('');
    out.push(`No policy was given, so there is no pass/fail verdict. ${what}`.trim());
    out.push('');
    for (const key of SECTION_NAMES) {
      const sec = result[key];
      if (sec === undefined || isSkipped(sec)) {
        out.push(`- **${SECTION_TITLES[key]}**: not run${sec && isSkipped(sec) ? ` (${md(sec.reason)})` : ''}`);
        continue;
      }
      const h = headlines(result, key)[0];
      out.push(`- **${SECTION_TITLES[key]}**: ${h ? `${md(h.label)} ${h.value === null ? '—' : md(h.text ?? fmtNum(h.value))}${h.intervalText ? ` ${md(h.intervalText)}` : ''}${h.baselineText ? ` (${md(h.baselineText)})` : ''}` : 'no headline number'}`);
    }
  }
  out.push('');
  const meta = result.meta;
  const run = isObj(meta) ? `synthaudit ${md(meta.version)}, seed ${md(meta.seed)}. ` : '';
  out.push(`${run}Every number, beside its baseline and with its interval: \`report.html\`; machine-readable: \`results.json\`; this summary in full: \`--summary full\`.`);
  out.push('');
  return out.join('\n');
}

/**
 * summary.md text. Tries the full lists first, then shorter ones (worst first) until the text fits in maxChars; as a
 * last resort the text is cut at a line boundary with a note.
 */
export function renderMarkdown(result: AuditResult, verdict?: PolicyVerdict, timings?: Record<string, number>, opts: MarkdownOptions = {}): string {
  if (opts.summary === 'compact') return renderCompactMarkdown(result, verdict);
  const max = opts.maxChars ?? SUMMARY_MAX_CHARS;
  let text = '';
  for (const cap of [Infinity, 100, 40, 15, 5, 0]) {
    text = build(result, verdict, timings, cap);
    if (text.length <= max) return text;
  }
  const note = '\n\n_summary.md was cut to fit the comment size limit; see report.html for everything._\n';
  const cut = text.lastIndexOf('\n', Math.max(0, max - note.length));
  return text.slice(0, Math.max(0, cut)) + note;
}

function build(result: AuditResult, verdict: PolicyVerdict | undefined, timings: Record<string, number> | undefined, cap: number): string {
  const md = (x: unknown) => esc(clip(x));
  const out: string[] = [];
  const meta = result.meta;
  if (verdict) {
    const icon = verdict.passed ? '✅' : '❌';
    // a code span on one line: line breaks and other controls (which would end the heading and start forged
    // Markdown) become spaces, backticks quotes; GitHub does not link mentions or references inside code spans
    const policyName = clip(verdict.policy).replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, ' ').replace(/`/g, "'");
    out.push(`## ${icon} synthaudit: policy \`${policyName}\` ${verdict.passed ? 'passed' : 'failed'}`);
    out.push('');
    out.push(`${verdict.counts.passed} passed, ${verdict.counts.failed} failed, ${verdict.counts.notEvaluated} not evaluated.`);
    out.push('');
    out.push('| | Rule | Value | Threshold | Interval | Note |');
    out.push('|---|---|---|---|---|---|');
    // failed rules first, then not evaluated, then passed (stable within each group)
    const rank = (p: boolean | null) => (p === false ? 0 : p === null ? 1 : 2);
    const ordered = verdict.rules.map((r, i) => ({ r, i })).sort((x, y) => rank(x.r.passed) - rank(y.r.passed) || x.i - y.i).map((x) => x.r);
    const rules = cap === Infinity ? { shown: verdict.rules, more: '' } : capList(ordered, Math.max(cap, 5));
    for (const r of rules.shown) {
      const mark = r.passed === true ? '✅' : r.passed === false ? '❌' : '➖';
      out.push(`| ${mark} | ${md(r.name)} | ${r.value === null ? '—' : md(fmtNum(r.value, 4))} | ${md(`${r.op} ${fmtNum(r.threshold, 4)}${r.thresholdRule ? ` (${r.thresholdRule})` : ''}`)} | ${cell(md(fmtInterval(r.interval)))} | ${cell(md(r.passed === true ? r.description ?? '' : r.message))} |`);
    }
    if (rules.more) out.push('', rules.more);
    out.push('');
  } else {
    out.push('## synthaudit audit summary');
    out.push('');
    out.push('No policy was given, so there is no pass/fail verdict.');
    out.push('');
  }

  for (const key of SECTION_NAMES) {
    const sec = result[key];
    out.push(`### ${SECTION_TITLES[key]}`);
    out.push('');
    if (sec === undefined) {
      out.push('_Not run._');
      out.push('');
      continue;
    }
    if (isSkipped(sec)) {
      out.push(`_Not run: ${md(sec.reason)}_`);
      out.push('');
      continue;
    }
    const hs = headlines(result, key);
    if (hs.length === 0) {
      out.push('_Ran, but reported no headline numbers._');
      out.push('');
      continue;
    }
    out.push('| Measure | Value | Interval | Baseline | Reading |');
    out.push('|---|---|---|---|---|');
    for (const h of hs) {
      out.push(`| ${md(h.label)} | ${h.value === null ? md(`— (${h.reason ?? 'not computed'})`) : md(h.text ?? fmtNum(h.value))} | ${cell(md(h.intervalText ?? ''))} | ${cell(md(h.baselineText ?? (h.baseline !== undefined ? fmtNum(h.baseline) : '')))} | ${cell(md(h.meaning))} |`);
    }
    out.push('');
  }

  const data = result.data;
  if (isObj(data)) {
    const unseen = (data.columns ?? [])
      .filter((c) => c.unseen && (c.unseen.synthetic > 0 || c.unseen.holdout > 0))
      .sort((a, b) => b.unseen!.synthetic + b.unseen!.holdout - (a.unseen!.synthetic + a.unseen!.holdout));
    const leftAll = (data.columns ?? []).filter((c) => !c.analysed);
    const leftCap = capList(leftAll, cap === Infinity ? Infinity : Math.max(cap, 5));
    const left = leftCap.shown;
    out.push('### Data');
    out.push('');
    out.push(`${(data.columns ?? []).filter((c) => c.analysed).length} columns analysed${data.target ? `, target ${md(data.target)}` : ''}${left.length ? `; left out: ${left.map((c) => md(c.name)).join(', ')}${leftCap.more ? ` and ${leftAll.length - left.length} more (see report.html)` : ''}` : ''}.`);
    if (unseen.length) {
      out.push('');
      out.push('Categories the real table never had:');
      const u = capList(unseen, cap);
      for (const c of u.shown) out.push(`- ${md(c.name)}: ${c.unseen!.synthetic} synthetic, ${c.unseen!.holdout} holdout cell(s)`);
      if (u.more) out.push('', u.more);
    }
    if ((data.notices ?? []).length) {
      out.push('');
      out.push('<details><summary>Notices</summary>');
      out.push('');
      const ns = capList(data.notices, cap);
      for (const n of ns.shown) out.push(`- ${md(n)}`);
      if (ns.more) out.push('', ns.more);
      out.push('');
      out.push('</details>');
    }
    out.push('');
  }

  if (isObj(meta)) {
    out.push('<details><summary>Run</summary>');
    out.push('');
    out.push(`synthaudit ${md(meta.version)}, seed ${md(meta.seed)}.`);
    out.push('');
    out.push('| Input | File | Rows | Columns | SHA-256 |');
    out.push('|---|---|---|---|---|');
    for (const i of (meta.inputs ?? []).slice(0, 10)) out.push(`| ${md(i.role)} | ${md(i.file)} | ${md(fmtNum(i.rows))} | ${md(i.columns)} | \`${String(i.sha256).replace(/[^0-9a-f]/gi, '').slice(0, 12)}\` |`);
    if (timings && Object.keys(timings).length) {
      out.push('');
      out.push('| Stage | Time |');
      out.push('|---|---|');
      for (const [k, v] of Object.entries(timings).slice(0, cap === Infinity ? undefined : Math.max(cap, 10))) out.push(`| ${md(k)} | ${typeof v === 'number' ? fmtMs(v) : '—'} |`);
    }
    out.push('');
    out.push('</details>');
    out.push('');
  }
  return out.join('\n');
}
