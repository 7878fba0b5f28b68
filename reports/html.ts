// report.html: one self-contained page (inline CSS and SVG, no JavaScript, nothing loaded from the network) with the
// verdict scorecard, fidelity, utility, privacy, data and run sections; handlebars templates from templates/, charts via vega-lite.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { AuditResult } from './result.js';
import type { ColumnReport, DataSection, RunMeta, InputMeta } from '../src/result.js';
import type { PolicyVerdict } from '../src/verdict.js';
import { packageRoot, fmtNum, fmtInterval, fmtMs, isObj } from './util.js';
import { RenderCtx, cell, numCell, table, headlineView, foldBlocks, type SectionView, type BlockView } from './view.js';
import { headlines, meaningOf, type SectionKey } from './model.js';
import { fidelityView, plausibilityBlocks } from './html-fidelity.js';
import { utilityView } from './html-utility.js';
import { privacyView } from './html-privacy.js';
import { SECTION_NAMES, type SectionName } from '../src/section-names.js';
import { answers } from './answers.js';

/** Each section's part of the report (the Record type makes every section in SECTION_NAMES have one). */
const SECTION_VIEWS: Record<SectionName, (ctx: RenderCtx, result: AuditResult) => SectionView | Promise<SectionView>> = {
  fidelity: fidelityView,
  utility: utilityView,
  privacy: privacyView,
};

export interface HtmlOptions {
  verdict?: PolicyVerdict;
  /** Stage durations in ms (from timings.json); shown in the run section, never part of results.json. */
  timings?: Record<string, number>;
  /** Allow example values that may reproduce real records (out-of-range values, unseen labels, constraint rows). */
  showExamples?: boolean;
  /**
   * The verdict behind the Faithful? Useful? Safe? answers when no policy was given (the built-in default policy,
   * judged for the page only: it sets no exit code). With a policy, the answers use `verdict`.
   */
  defaultVerdict?: PolicyVerdict;
}

const PARTIALS = ['verdict', 'headlines', 'section', 'block', 'data', 'meta'];

interface Compiled {
  page: Handlebars.TemplateDelegate;
  css: string;
}

let compiled: Compiled | undefined;

/** Templates are read from files only (never from data) and compiled once per process. */
function templates(): Compiled {
  if (compiled) return compiled;
  const dir = join(packageRoot(), 'templates');
  const hb = Handlebars.create();
  const opts = { knownHelpersOnly: true, strict: false, preventIndent: true } as const;
  for (const p of PARTIALS) hb.registerPartial(p, hb.compile(readFileSync(join(dir, `${p}.hbs`), 'utf8'), opts));
  const page = hb.compile(readFileSync(join(dir, 'report.hbs'), 'utf8'), opts);
  // minify lightly: comments and blank runs out (CSS is ours, not data)
  const css = readFileSync(join(dir, 'report.css'), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
  compiled = { page, css };
  return compiled;
}

function verdictView(verdict: PolicyVerdict | undefined, implicit = false) {
  if (!verdict) {
    return {
      rules: [] as unknown[],
      headline: 'No policy was given, so there is no pass/fail verdict. Each section below shows its numbers beside their floors; pass a policy (--policy) to turn them into a release gate.',
    };
  }
  const rules = verdict.rules.map((r) => {
    const cls = r.passed === true ? 'pass' : r.passed === false ? 'fail' : 'skip';
    return {
      cls,
      status: r.passed === true ? 'PASS' : r.passed === false ? 'FAIL' : 'NOT RUN',
      name: r.name,
      value: r.value === null ? '—' : fmtNum(r.value, 4),
      threshold: `${r.op} ${fmtNum(r.threshold, 4)}${r.thresholdRule ? ` (${r.thresholdRule})` : ''}`,
      interval: r.interval ? fmtInterval(r.interval) : '',
      baseline: r.baseline !== undefined ? fmtNum(r.baseline) : '',
      meaning: r.description ?? meaningOf(r.path) ?? '',
      message: r.message,
    };
  });
  const { passed, failed, notEvaluated } = verdict.counts;
  return {
    implicit,
    rules,
    cls: verdict.passed ? 'pass' : 'fail',
    headline:
      (implicit ? 'No --policy was given; judged by the built-in default policy for this page only (no exit code). ' : '') +
      (verdict.passed ? `Passed policy “${verdict.policy}”.` : `Failed policy “${verdict.policy}”: ${failed} of ${verdict.rules.length} rule${verdict.rules.length === 1 ? '' : 's'} failed.`),
    counts: `${passed} passed, ${failed} failed, ${notEvaluated} not evaluated. The value is compared with the threshold; where a rule names an interval bound (…upper / …lower), that bound is compared.`,
  };
}

/** The data section with its blocks after the first folded (as the audit sections'). */
function foldedData<T extends { blocks: BlockView[] }>(d: T): T & { folded?: BlockView[]; foldedTitles?: string } {
  const s = { id: 'data', title: 'Data', headlines: [], notes: [], ...d };
  foldBlocks(s, 1);
  return s;
}

/** The three answers at the top of the page, and which policy set their lights. */
function answersView(result: AuditResult, verdict: PolicyVerdict | undefined, defaultVerdict: PolicyVerdict | undefined) {
  const judged = verdict ?? defaultVerdict;
  const list = answers(result, judged).map((a) => ({ ...a, failedText: a.failed.length ? `Failed: ${a.failed.join('; ')}.` : '' }));
  const by = verdict
    ? `Lights from policy “${verdict.policy}”.`
    : defaultVerdict
      ? `No --policy was given: the lights are the built-in default policy's judgement (“${defaultVerdict.policy}”), shown here only; the audit's exit code does not depend on it.`
      : 'No policy judged this audit: the lights are grey; the numbers are shown beside their baselines.';
  return { list, by };
}

function dataView(result: AuditResult, showExamples: boolean) {
  // typed, but read defensively: a hand-edited results.json may lack fields or hold odd shapes
  const data: Partial<DataSection> | undefined = result.data;
  const blocks: BlockView[] = [];
  const cols = Array.isArray(data?.columns) ? data.columns.filter(isObj) : [];
  blocks.push({
    id: 'data-columns',
    title: 'Columns',
    note: 'Kinds are inferred from the real table (or set by you); the holdout and synthetic tables are read with the same schema. Columns that look like identifiers are left out of every metric.',
    table: table(
      ['Column', 'Kind', 'Why', cell('Distinct', true), cell('Missing', true), 'Analysed'],
      cols.map((c) => [cell(c.name), cell(c.kind + (c.source === 'override' ? ' (set by you)' : '')), cell(c.reason), numCell(c.nDistinct), numCell(c.nMissing), cell(c.analysed ? 'yes' : 'no')]),
      { max: 200, what: 'columns', rowCls: (i) => (cols[i].analysed ? undefined : 'skip') },
    ),
  });
  const unseen = cols.filter((c): c is typeof c & Required<Pick<ColumnReport, 'unseen'>> => isObj(c.unseen) && (c.unseen.synthetic > 0 || c.unseen.holdout > 0));
  if (unseen.length) {
    blocks.push({
      id: 'data-unseen',
      title: 'Categories the real table never had',
      note: `Cells in the holdout or synthetic table whose category is absent from the real table; every metric counts them in an “unseen” cell of their own. A few in the holdout are natural; many in the synthetic table point at invented values.${showExamples ? '' : ' Example labels are hidden (they can come from real holdout records); render with showExamples to include them.'}`,
      table: table(
        ['Column', cell('Synthetic cells', true), cell('Holdout cells', true), 'Examples'],
        unseen.map((c) => [cell(c.name), numCell(c.unseen.synthetic), numCell(c.unseen.holdout), cell(showExamples && Array.isArray(c.unseen.examples) ? c.unseen.examples.join(', ') : '')]),
      ),
    });
  }
  const intNum = Array.isArray(data?.integerNumeric) ? data.integerNumeric.filter(isObj) : [];
  if (intNum.length) {
    blocks.push({
      id: 'data-integer-numeric',
      title: 'Integer columns read as numeric',
      note: 'These integer columns have few distinct values but more than 5, so they were analysed as numbers (bins, ranges, distances on the value). If the integers are category codes (region, browser, ...), audit again with --kind COLUMN=categorical.',
      table: table(['Column', cell('Distinct', true), 'To read as categories'], intNum.map((c) => [cell(c.name), numCell(c.nDistinct), cell(`--kind ${c.name}=categorical`)])),
    });
  }
  blocks.push(...plausibilityBlocks(result, showExamples));
  const notices = Array.isArray(data?.notices) ? data.notices.map(String) : [];
  if (notices.length) blocks.push({ id: 'data-notices', title: 'Notices', list: notices });
  const analysed = cols.filter((c) => c.analysed).length;
  return {
    intro: `${analysed} of ${cols.length} columns analysed${data?.target ? `; target column “${data.target}”` : ''}.`,
    blocks,
  };
}

function metaView(result: AuditResult, timings: Record<string, number> | undefined) {
  const meta: Partial<RunMeta> = result.meta ?? {};
  const blocks: BlockView[] = [];
  const inputs = Array.isArray(meta.inputs) ? meta.inputs.filter(isObj) : [];
  blocks.push({
    id: 'meta-inputs',
    title: 'Inputs',
    note: 'The three tables, identified by their SHA-256, so the report can be tied to the exact files.',
    table: table(['Role', 'File', cell('Rows', true), cell('Columns', true), 'SHA-256'], inputs.map((i) => [cell(i.role), cell(i.file), numCell(i.rows), numCell(i.columns), cell(i.sha256)])),
  });
  const stages: string[] = Array.isArray(meta.stages) ? meta.stages.map(String) : [];
  const names = [...stages, ...Object.keys(timings ?? {}).filter((k) => !stages.includes(k))];
  if (names.length) {
    blocks.push({
      id: 'meta-stages',
      title: 'Stages',
      note: timings ? 'Wall-clock time per stage on this machine (from timings.json; not part of results.json, which stays byte-identical across runs).' : 'Stages that ran, in order (times are in timings.json).',
      table: table(['Stage', cell('Time', true)], names.map((n) => [cell(n), cell(timings && typeof timings[n] === 'number' ? fmtMs(timings[n]) : '—', true)])),
    });
  }
  let options = '{}';
  try {
    options = JSON.stringify(meta.options ?? {}, null, 2);
  } catch {
    /* not JSON: leave empty */
  }
  return {
    intro: `synthaudit ${String(meta.version ?? '?')}, seed ${String(meta.seed ?? '?')}. The same inputs, options and seed give a byte-identical results.json.`,
    blocks,
    options,
  };
}

/** The generator the audit was told about and what it claims, in words (from the run's privacy options). */
export function generatorClaim(options: unknown): string {
  const g = isObj(options) && isObj(options.privacy) ? options.privacy.generator : undefined;
  const name = typeof g === 'string' ? g : isObj(g) && typeof g.name === 'string' ? g.name : undefined;
  if (!name) return 'generator: not stated (shadow-model attacks not run)';
  const o = isObj(g) && isObj(g.options) ? g.options : {};
  const claim = isObj(o.claim) ? o.claim : undefined;
  const eps = typeof o.epsilon === 'number' ? o.epsilon : claim && typeof claim.epsilon === 'number' ? claim.epsilon : undefined;
  const delta = claim && typeof claim.delta === 'number' ? claim.delta : undefined;
  const what = name === 'command' ? 'an external command' : name;
  if (eps === undefined) return `generator: ${what}${name === 'command' ? ', no DP claim stated' : ''}`;
  return `generator: ${what}, claims ε = ${fmtNum(eps)}${delta !== undefined ? `, δ = ${fmtNum(delta)}` : ''}`;
}

/** The header's facts about what was audited: tables (names, rows, columns), generator and claim, seed, version. */
function headerFacts(meta: Partial<RunMeta>, real?: InputMeta, holdout?: InputMeta): string[] {
  const facts: string[] = [];
  if (real) facts.push(`${fmtNum(real.columns)} columns`);
  if (holdout) facts.push(`holdout ${holdout.file} (${fmtNum(holdout.rows)} rows)`);
  facts.push(generatorClaim(meta.options));
  facts.push(`seed ${String(meta.seed ?? '?')}`);
  facts.push(`synthaudit ${String(meta.version ?? '?')}`);
  return facts;
}

/** Render the HTML report. Pure: the same result and options give the same bytes. */
export async function renderHtml(result: AuditResult, opts: HtmlOptions = {}): Promise<string> {
  const t = templates();
  const ctx = new RenderCtx(!!opts.showExamples);
  const sections: SectionView[] = [];
  for (const name of SECTION_NAMES) sections.push(await SECTION_VIEWS[name](ctx, result));
  // each meaning is written once, in the glossary; the headline rows link to it
  const glossary: { id: string; term: string; text: string }[] = [];
  const glossaryIds = new Map<string, string>();
  for (const s of sections) {
    if (!s.notRun) {
      s.headlines = headlines(result, s.id as SectionKey).map((h) => {
        const v = headlineView(h);
        const key = `${h.label}\u0000${h.meaning}`;
        let id = glossaryIds.get(key);
        if (!id) {
          id = `g-${glossary.length + 1}`;
          glossaryIds.set(key, id);
          glossary.push({ id, term: h.label, text: h.meaning });
        }
        v.glossaryId = id;
        return v;
      });
    }
    foldBlocks(s);
  }
  const verdict = { ...verdictView(opts.verdict ?? opts.defaultVerdict, !opts.verdict && !!opts.defaultVerdict), answers: answersView(result, opts.verdict, opts.defaultVerdict) };
  const meta: Partial<RunMeta> = result.meta ?? {};
  const inputs = Array.isArray(meta.inputs) ? meta.inputs : [];
  const synth = inputs.find((i) => i?.role === 'synthetic');
  const real = inputs.find((i) => i?.role === 'real');
  const banner = opts.verdict
    ? { cls: opts.verdict.passed ? 'pass' : 'fail', text: verdict.headline }
    : opts.defaultVerdict
      ? { cls: opts.defaultVerdict.passed ? 'pass' : 'fail', text: verdict.headline }
      : { cls: 'none', text: 'No policy given: numbers are shown beside their floors without a pass/fail verdict.' };
  const nav = [
    { id: 'verdict', title: 'Verdict' },
    ...sections.map((s) => ({ id: s.id, title: s.title, note: s.notRun ? 'not run' : undefined })),
    { id: 'data', title: 'Data' },
    { id: 'glossary', title: 'Glossary' },
    { id: 'meta', title: 'Run' },
  ];
  const holdout = inputs.find((i) => i?.role === 'holdout');
  const view = {
    title: `synthaudit report${synth?.file ? `: ${synth.file}` : ''}`,
    facts: headerFacts(meta, real, holdout),
    subtitle: `Synthetic table ${synth?.file ?? '?'} (${synth ? fmtNum(synth.rows) : '?'} rows) audited against real table ${real?.file ?? '?'} (${real ? fmtNum(real.rows) : '?'} rows) and a holdout from the same population.`,
    version: String(meta.version ?? ''),
    css: new Handlebars.SafeString(t.css),
    banner,
    nav,
    verdict,
    sections,
    glossary,
    data: foldedData(dataView(result, !!opts.showExamples)),
    meta: metaView(result, opts.timings),
    footer: `Generated by synthaudit ${String(meta.version ?? '')}, seed ${String(meta.seed ?? '')}. Every number sits beside the value a fresh sample of the population gives (holdout floor) or a stated baseline; definitions and conventions are in results.json.`,
  };
  return t.page(view);
}
