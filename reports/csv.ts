// headlines.csv: the report's headline table (each section's key numbers with interval and baseline) as CSV, for a
// spreadsheet or a dashboard. RFC 4180 quoting; every text cell also passes the spreadsheet formula guard
// (src/csv-safe.ts), since metric labels and paths can hold column names from the data.

import type { Renderer } from './renderer.js';
import type { AuditResult } from './result.js';
import { headlines } from './model.js';
import { SECTION_NAMES } from '../src/section-names.js';
import { neutraliseFormula } from '../src/csv-safe.js';
import { roundForJson } from '../src/json-number.js';

export const HEADLINE_CSV_COLUMNS = ['section', 'metric', 'path', 'value', 'lower', 'upper', 'baseline', 'reason'] as const;

/** One CSV cell: numbers as results.json rounds them; text formula-guarded and quoted when it holds , " CR or LF. */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(roundForJson(v)) : '';
  const s = neutraliseFormula(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderHeadlinesCsv(result: AuditResult): string {
  const lines = [HEADLINE_CSV_COLUMNS.join(',')];
  for (const section of SECTION_NAMES) {
    for (const h of headlines(result, section)) {
      lines.push([section, h.label, h.path, h.value, h.interval?.[0], h.interval?.[1], h.baseline, h.reason].map(csvCell).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}

export const csvRenderer: Renderer = {
  name: 'csv',
  file: 'headlines.csv',
  description: 'the headline numbers of every section (value, interval, baseline) as CSV',
  render: ({ result }) => renderHeadlinesCsv(result),
};
