// Benchmarks for the report outputs on full-size Adult: HTML (vega-lite -> SVG), results.json, JUnit, summary.md and
// the gate, on an audit result computed once (untimed); plus the default-policy calibration scenarios (fresh / independent / identity).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchCase } from './harness.js';
import { loadTable, selectRows, type Table } from '../src/table.js';
import { Rng } from '../src/rng.js';
import { runAudit } from '../src/app/audit.js';
import { prepare } from '../src/prepare.js';
import { createGenerator, decodeTable } from '../src/generators/index.js';
import { distanceMetrics } from '../attacks/dcr.js';
import { renderHtml } from '../reports/html.js';
import { renderJson } from '../reports/json.js';
import { renderJunit } from '../reports/junit.js';
import { renderMarkdown } from '../reports/markdown.js';
import { evaluatePolicy, loadPolicy, DEFAULT_POLICY_PATH } from '../src/app/gate.js';
import { packageRoot } from '../src/paths.js';
import type { AuditResult } from '../reports/result.js';

const DATA = join(packageRoot(), '..', 'shared', 'data');

const tables = new Map<string, Table>();
function shared(name: string, split: 'train' | 'holdout'): Table {
  const p = join(DATA, name, `${split}.csv`);
  if (!tables.has(p)) {
    if (!existsSync(p)) throw new Error(`shared data not found at ${p}`);
    tables.set(p, loadTable(p));
  }
  return tables.get(p)!;
}

const scenarios = new Map<string, Promise<AuditResult>>();

function sample(t: Table, n: number, seed: number): Table {
  if (n >= t.nRows) return t;
  return selectRows(t, new Rng(seed).sampleWithoutReplacement(t.nRows, n), `${t.name}[${n}]`);
}

export type Scenario = 'fresh' | 'independent' | 'identity';

/**
 * One audit of a known kind of synthetic table: `fresh` = a disjoint sample of the same population (must pass the
 * default policy), `independent` = independent marginals (must fail fidelity), `identity` = a copy of the training rows
 * (must fail privacy). Unless `full`, the privacy section holds the distance attacks only (fast, and enough for the rules).
 */
export function scenarioResult(dataset: 'adult' | 'german_credit', scenario: Scenario, nReal: number, seed = 1, full = false, load: TableSource = shared): Promise<AuditResult> {
  // memoised per process: tests and benchmarks ask for the same scenarios more than once (treat results as read-only)
  const key = JSON.stringify([dataset, scenario, nReal, seed, full, load === shared ? 'shared' : load.name]);
  if (!scenarios.has(key)) scenarios.set(key, computeScenario(dataset, scenario, nReal, seed, full, load));
  return scenarios.get(key)!;
}

/** Where the full tables come from: ../shared/data for the benchmarks; the tests pass their shipped copies (test/helpers/data.ts). */
export type TableSource = (dataset: 'adult' | 'german_credit', split: 'train' | 'holdout') => Table;

async function computeScenario(dataset: 'adult' | 'german_credit', scenario: Scenario, nReal: number, seed: number, full: boolean, load: TableSource): Promise<AuditResult> {
  const train = load(dataset, 'train');
  const hold = load(dataset, 'holdout');
  const real = sample(train, nReal, seed);
  const p = new Rng(seed + 1).permutation(hold.nRows);
  const half = Math.floor(hold.nRows / 2);
  const holdout = selectRows(hold, p.subarray(0, Math.min(half, nReal)), 'holdout');
  let synthetic: Table;
  if (scenario === 'fresh') synthetic = selectRows(hold, p.subarray(half, half + Math.min(half, real.nRows)), 'fresh');
  else if (scenario === 'identity') synthetic = { ...real, name: 'identity' };
  else {
    const prep = prepare(real, holdout, holdout, {});
    const rng = new Rng(seed + 2);
    const gen = createGenerator({ name: 'independent' }, prep.domain).fit(prep.real, rng.fork('fit'));
    synthetic = decodeTable(gen.sample(real.nRows, rng.fork('sample')), 'independent');
  }
  if (full) {
    // the whole audit as the CLI runs it (every section registered in src/app/sections.ts), with the target set
    const target = dataset === 'adult' ? 'income' : 'class';
    return (await runAudit({ real, holdout, synthetic, seed, target })).result;
  }
  const { result } = await runAudit({ real, holdout, synthetic, seed, sections: ['fidelity'], fidelity: { bootstrap: 20 } });
  const prep = prepare(real, holdout, synthetic, {});
  const distance = distanceMetrics(prep.real, prep.holdout, prep.synthetic, new Rng(seed).fork('privacy').fork('distance'), {});
  return { ...result, privacy: JSON.parse(JSON.stringify({ distance }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) };
}

function adultResult(): Promise<AuditResult> {
  return scenarioResult('adult', 'independent', 32561, 1, true);
}

export const cases: BenchCase[] = [
  {
    name: 'reports.html.adult',
    reps: 3,
    setup: adultResult,
    run: async (r: AuditResult) => {
      const verdict = evaluatePolicy(r, loadPolicy(DEFAULT_POLICY_PATH));
      const html = await renderHtml(r, { verdict });
      return { bytes: Buffer.byteLength(html), svgs: (html.match(/<svg /g) ?? []).length };
    },
  },
  {
    name: 'reports.json.adult',
    reps: 5,
    setup: adultResult,
    run: (r: AuditResult) => ({ bytes: Buffer.byteLength(renderJson(r)) }),
  },
  {
    name: 'reports.gate+junit+markdown.adult',
    reps: 5,
    setup: adultResult,
    run: (r: AuditResult) => {
      const verdict = evaluatePolicy(r, loadPolicy(DEFAULT_POLICY_PATH));
      return { junit: renderJunit(r, verdict).length, md: renderMarkdown(r, verdict).length, passed: verdict.passed ? 1 : 0 };
    },
  },
];
