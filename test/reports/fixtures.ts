// Hand-built AuditResult fixtures for the renderer, gate and matcher tests: meta and data sections shaped like
// src/audit.ts builds them, with labels chosen to exercise escaping.

import type { AuditResult } from '../../src/result.js';

export const HOSTILE = ['<script>alert(1)</script>', '</svg>', '{{x}}', `"quoted" & 'single'`, 'emoji 😀 ünïcode', '| pipe *star* _u_ [l](http://x)'];

export function baseResult(labels: { column?: string; category?: string } = {}): AuditResult {
  const col = labels.column ?? 'workclass';
  return {
    meta: {
      tool: 'synthaudit',
      version: '0.1.0',
      seed: 7,
      options: { target: 'income', bins: 20 },
      inputs: [
        { role: 'real', file: 'real.csv', sha256: 'a'.repeat(64), rows: 666, columns: 4 },
        { role: 'holdout', file: 'holdout.csv', sha256: 'b'.repeat(64), rows: 334, columns: 4 },
        { role: 'synthetic', file: 'synth.csv', sha256: 'c'.repeat(64), rows: 666, columns: 4 },
      ],
      stages: ['load', 'schema+domain+encode', 'fidelity', 'privacy'],
    },
    data: {
      columns: [
        { name: 'age', kind: 'numeric', source: 'inferred', reason: 'numeric with 60 distinct values', nDistinct: 60, nMissing: 0, analysed: true },
        { name: col, kind: 'categorical', source: 'inferred', reason: 'text values', nDistinct: 4, nMissing: 3, analysed: true, unseen: { holdout: 0, synthetic: 2, examples: [labels.category ?? 'Never-worked'] } },
        { name: 'income', kind: 'categorical', source: 'inferred', reason: 'text values', nDistinct: 2, nMissing: 0, analysed: true, unseen: { holdout: 0, synthetic: 0, examples: [] } },
        { name: 'id', kind: 'identifier', source: 'inferred', reason: 'unique per row', nDistinct: 666, nMissing: 0, analysed: false },
      ],
      notices: [`column "id" looks like an identifier and is left out`, `synthetic: column "${col}" has 2 cell(s) in categories the real table never had`],
      target: 'income',
    },
  };
}

/** A fidelity section shaped like metrics/fidelity's FidelityResult (the parts renderers and matchers read). */
export function fidelitySection(names: string[] = ['age', 'workclass', 'income'], tvds: number[] = [0.02, 0.12, 0.04]) {
  const cmp = (value: number, floor: number) => ({ value, floor, ci: [value * 0.8, value * 1.3] as [number, number], floorCi: [floor * 0.8, floor * 1.3] as [number, number] });
  const mean1 = tvds.reduce((a, b) => a + b, 0) / tvds.length;
  const item = (metric: string, c: { value: number; floor: number; ci: [number, number]; floorCi: [number, number] }) => ({ metric, ...c, better: 'lower', text: `${metric} ${c.value}` });
  const pairs: { a: string; b: string; value: number; floor: number }[] = [];
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) pairs.push({ a: names[i], b: names[j], value: 0.05 + 0.01 * (i + j), floor: 0.03 });
  pairs.sort((x, y) => y.value - x.value);
  const mean2 = pairs.reduce((a, p) => a + p.value, 0) / pairs.length;
  return {
    rows: { real: 666, synthetic: 666, holdout: 334 },
    columns: names.map((name, j) => ({ name, kind: j === 0 ? 'numeric' : 'categorical', cells: 5, tvd: cmp(tvds[j], 0.03), pairTvdMean: cmp(0.06, 0.04) })),
    pairs: { count: pairs.length, tvd: { mean: cmp(mean2, 0.03), max: cmp(pairs[0].value, 0.05), worst: pairs } },
    summary: { overall: [item('mean 1-way TVD', cmp(mean1, 0.03)), item('mean 2-way TVD', cmp(mean2, 0.03))], perColumn: [] },
  };
}

/** A privacy section with two membership attacks (distance MIA and DOMIAS), MiaSummary-shaped. */
export function privacySection(aucs: [number, number] = [0.52, 0.61]) {
  const mia = (v: number) => ({ auc: { value: v, lo: v - 0.03, hi: v + 0.03, se: 0.015 }, tprAtFpr: [], maxAdvantage: 0.1, nMembers: 300, nNonMembers: 300, baseline: { auc: 0.5, note: 'coin' } });
  return { distance: { mia: mia(aucs[0]), dcrShare: { value: 0.52, lo: 0.48, hi: 0.56, ideal: 0.5 } }, domias: mia(aucs[1]) };
}
