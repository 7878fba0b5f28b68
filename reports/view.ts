// View-model types for the HTML report: every value is a preformatted string (templates only place them), charts
// are SafeString SVG from reports/charts.ts. Builders read results defensively: unknown fields ignored, missing ones skipped.

import Handlebars from 'handlebars';
import { chartSvg, type VlSpec } from './charts.js';
import { fmtNum, fmtInterval, isObj } from './util.js';
import { valueAt, type MeasureReading } from '../src/results-path.js';
import type { Headline } from './model.js';
import type { Skipped } from '../src/skipped.js';

export interface Cell {
  text: string;
  num?: boolean;
}

export interface TableView {
  head: Cell[];
  rows: { cls?: string; cells: Cell[] }[];
  more?: string;
}

export interface BlockView {
  id: string;
  title: string;
  notRun?: string;
  note?: string;
  svg?: Handlebars.SafeString;
  caption?: string;
  table?: TableView;
  list?: string[];
}

export interface HeadlineView {
  label: string;
  /** The glossary entry holding its meaning (the meaning is written once, there). */
  glossaryId?: string;
  value: string;
  interval: string;
  baseline: string;
  meaning: string;
  flag?: string;
}

export interface SectionView {
  id: string;
  title: string;
  notRun?: string;
  intro?: string;
  headlines: HeadlineView[];
  blocks: BlockView[];
  /** Blocks folded under one <details> (open in the browser on a click; closed in print), after `blocks`. */
  folded?: BlockView[];
  /** Their titles, for the <summary> line. */
  foldedTitles?: string;
  notes: { term: string; text: string }[];
}

/** Blocks of a section shown open; the rest are folded (the report stays short; everything is one click away). */
export const OPEN_BLOCKS = 2;

/** Fold a section's blocks after the first OPEN_BLOCKS under one <details>. */
export function foldBlocks(s: SectionView, open = OPEN_BLOCKS): void {
  if (s.blocks.length <= open) return;
  s.folded = s.blocks.slice(open);
  s.blocks = s.blocks.slice(0, open);
  s.foldedTitles = s.folded.map((b) => b.title).join(' · ');
}

/** Per-report rendering state: deterministic chart ids, the examples switch. */
export class RenderCtx {
  private n = 0;
  constructor(readonly showExamples: boolean) {}
  async chart(spec: VlSpec, label: string): Promise<Handlebars.SafeString> {
    this.n++;
    return new Handlebars.SafeString(await chartSvg(spec, `chart${this.n}`, label));
  }
}

export function cell(text: unknown, num = false): Cell {
  return num ? { text: String(text ?? ''), num: true } : { text: String(text ?? '') };
}

export function numCell(x: unknown, sig = 3): Cell {
  return { text: typeof x === 'number' ? fmtNum(x, sig) : '—', num: true };
}

export function ivCell(iv: unknown): Cell {
  return { text: Array.isArray(iv) && iv.length === 2 && typeof iv[0] === 'number' && typeof iv[1] === 'number' ? fmtInterval(iv as [number, number]) : '', num: true };
}

export function table(head: (string | Cell)[], rows: Cell[][], opts: { max?: number; rowCls?: (i: number) => string | undefined; what?: string } = {}): TableView {
  const max = opts.max ?? 50;
  const t: TableView = {
    head: head.map((h) => (typeof h === 'string' ? cell(h) : h)),
    rows: rows.slice(0, max).map((cells, i) => {
      const cls = opts.rowCls?.(i);
      return cls ? { cls, cells } : { cells };
    }),
  };
  if (rows.length > max) t.more = `Showing ${max} of ${rows.length} ${opts.what ?? 'rows'} (all are in results.json).`;
  return t;
}

/** Safe property read along a dotted path (no selectors). */
export function get(o: unknown, path: string): unknown {
  let cur: unknown = o;
  for (const k of path.split('.')) {
    if (!isObj(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** A node read as a measure (value, interval, baseline), or undefined. */
export function measure(node: unknown): MeasureReading | undefined {
  const v = valueAt({ x: node }, 'x');
  return v.found ? v.measure : undefined;
}

export function isNotRun(x: unknown): string | undefined {
  if (x === undefined || x === null) return 'not in the results';
  if (isObj(x) && x.skipped === true) return String(x.reason ?? 'no reason given');
  if (isObj(x) && x.applicable === false) return String(x.reason ?? 'not applicable');
  return undefined;
}

/** Type guard beside isNotRun: true when the section or attack ran (isNotRun(x) is undefined), narrowing away Skipped. */
export function ran<T>(x: T | Skipped | null | undefined): x is T {
  return isNotRun(x) === undefined;
}

/** A headline of reports/model.ts as a table row. */
export function headlineView(h: Headline): HeadlineView {
  const v: HeadlineView = {
    label: h.label,
    value: h.value === null ? `— (${h.reason ?? 'not computed'})` : h.text ?? fmtNum(h.value),
    interval: h.intervalText ?? '',
    baseline: h.baselineText ?? '',
    meaning: h.meaning,
  };
  if (h.flag) v.flag = h.flag;
  return v;
}
