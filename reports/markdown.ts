// summary.md for pull-request comments and CI job summaries: the verdict, each rule, the headline numbers of each
// section beside their baselines, data notices and inputs. GitHub-flavoured Markdown; every data string escaped.

import type { AuditResult } from '../src/result.js';
import type { PolicyVerdict } from '../src/gate.js';
import { escapeMarkdown as md, fmtNum, fmtInterval, fmtMs, isSkipped, isObj } from './util.js';
import { headlines, SECTION_TITLES, type SectionKey } from './model.js';

function cell(s: string): string {
  return s === '' ? ' ' : s;
}

export function renderMarkdown(result: AuditResult, verdict?: PolicyVerdict, timings?: Record<string, number>): string {
  const out: string[] = [];
  const meta = result.meta;
  if (verdict) {
    const icon = verdict.passed ? '✅' : '❌';
    out.push(`## ${icon} synthaudit: policy \`${verdict.policy.replace(/`/g, "'")}\` ${verdict.passed ? 'passed' : 'failed'}`);
    out.push('');
    out.push(`${verdict.counts.passed} passed, ${verdict.counts.failed} failed, ${verdict.counts.notEvaluated} not evaluated.`);
    out.push('');
    out.push('| | Rule | Value | Threshold | Interval | Note |');
    out.push('|---|---|---|---|---|---|');
    for (const r of verdict.rules) {
      const mark = r.passed === true ? '✅' : r.passed === false ? '❌' : '➖';
      out.push(`| ${mark} | ${md(r.name)} | ${r.value === null ? '—' : md(fmtNum(r.value, 4))} | ${md(`${r.op} ${fmtNum(r.threshold, 4)}${r.thresholdRule ? ` (${r.thresholdRule})` : ''}`)} | ${cell(md(fmtInterval(r.interval)))} | ${cell(md(r.passed === true ? r.description ?? '' : r.message))} |`);
    }
    out.push('');
  } else {
    out.push('## synthaudit audit summary');
    out.push('');
    out.push('No policy was given, so there is no pass/fail verdict.');
    out.push('');
  }

  for (const key of ['fidelity', 'utility', 'privacy'] as SectionKey[]) {
    const sec = (result as any)[key];
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
    const unseen = (data.columns ?? []).filter((c) => c.unseen && (c.unseen.synthetic > 0 || c.unseen.holdout > 0));
    const left = (data.columns ?? []).filter((c) => !c.analysed);
    out.push('### Data');
    out.push('');
    out.push(`${(data.columns ?? []).filter((c) => c.analysed).length} columns analysed${data.target ? `, target ${md(data.target)}` : ''}${left.length ? `; left out: ${left.map((c) => md(c.name)).join(', ')}` : ''}.`);
    if (unseen.length) {
      out.push('');
      out.push('Categories the real table never had:');
      for (const c of unseen) out.push(`- ${md(c.name)}: ${c.unseen!.synthetic} synthetic, ${c.unseen!.holdout} holdout cell(s)`);
    }
    if ((data.notices ?? []).length) {
      out.push('');
      out.push('<details><summary>Notices</summary>');
      out.push('');
      for (const n of data.notices) out.push(`- ${md(n)}`);
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
    for (const i of meta.inputs ?? []) out.push(`| ${md(i.role)} | ${md(i.file)} | ${md(fmtNum(i.rows))} | ${md(i.columns)} | \`${String(i.sha256).replace(/[^0-9a-f]/gi, '').slice(0, 12)}\` |`);
    if (timings && Object.keys(timings).length) {
      out.push('');
      out.push('| Stage | Time |');
      out.push('|---|---|');
      for (const [k, v] of Object.entries(timings)) out.push(`| ${md(k)} | ${typeof v === 'number' ? fmtMs(v) : '—'} |`);
    }
    out.push('');
    out.push('</details>');
    out.push('');
  }
  return out.join('\n');
}
