// Benchmarks for the privacy attacks on full-size Adult: distance metrics (32.5k synthetic vs 32.5k train + 16.3k holdout, target <= 10 s),
// DOMIAS, Anonymeter-style attacks, and the shadow-model MIA (5 targets x 300 shadow sets of 1,000 rows with marginal-dp, target <= 60 s).

import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { BenchCase } from './harness.js';
import { loadTable } from '../src/table.js';
import { prepare, type Prepared } from '../src/prepare.js';
import { subsetRows, type Encoded } from '../src/domain.js';
import { Rng } from '../src/rng.js';
import { silentProgress } from '../src/progress.js';
import type { AuditContext } from '../src/context.js';
import { distanceMetrics } from '../attacks/dcr.js';
import { domias } from '../attacks/domias.js';
import { inferenceAttack, singlingOut, linkability } from '../attacks/anonymeter.js';
import { shadowMia } from '../attacks/shadow.js';

function sharedDir(): string {
  for (const p of [join(process.cwd(), '..', 'shared', 'data'), '/work/shared/data']) if (existsSync(p)) return p;
  throw new Error('shared data not found (../shared/data)');
}

let cached: Prepared | null = null;
function adult(): Prepared {
  if (!cached) {
    const d = sharedDir();
    const tr = loadTable(join(d, 'adult', 'train.csv'));
    const ho = loadTable(join(d, 'adult', 'holdout.csv'));
    cached = prepare(tr, ho, tr);
  }
  return cached;
}

/** Product of the marginals: each column of train permuted independently (an independent-columns synthetic table of train's size). */
function independentColumns(e: Encoded, rng: Rng): Encoded {
  const out = subsetRows(e, Array.from({ length: e.n }, (_, i) => i), 'synthetic(independent columns)');
  for (let j = 0; j < out.codes.length; j++) {
    const p = rng.permutation(e.n);
    for (let i = 0; i < e.n; i++) {
      out.codes[j][i] = e.codes[j][p[i]];
      if (e.values[j]) out.values[j]![i] = e.values[j]![p[i]];
    }
  }
  return out;
}

function ctxOf(p: Prepared, synthetic: Encoded, seed: number): AuditContext {
  return {
    schema: p.schema,
    domain: p.domain,
    real: p.real,
    holdout: p.holdout,
    synthetic,
    tables: { real: { name: 'r', columns: [], cells: [], nRows: 0 }, holdout: { name: 'h', columns: [], cells: [], nRows: 0 }, synthetic: { name: 's', columns: [], cells: [], nRows: 0 } },
    rng: new Rng(seed),
    progress: silentProgress,
    options: {},
  };
}

export const cases: BenchCase[] = [
  {
    name: 'privacy.distance.adult-full.independent',
    reps: 3,
    setup: () => {
      const p = adult();
      return { p, S: independentColumns(p.real, new Rng(1)) };
    },
    run: ({ p, S }: { p: Prepared; S: Encoded }) => {
      const r = distanceMetrics(p.real, p.holdout, S, new Rng(2));
      return { miaAuc: +(r.mia.auc.value ?? NaN).toFixed(4), dcrShare: +(r.dcrShare.value ?? NaN).toFixed(4), ideal: +(r.dcrShare.baseline?.value ?? NaN).toFixed(4), balanced: +(r.dcrShareBalanced.value ?? NaN).toFixed(4), exactCopy: r.exactCopies.train.value };
    },
  },
  {
    name: 'privacy.distance.adult-full.identity',
    reps: 3,
    setup: () => adult(),
    run: (p: Prepared) => {
      const r = distanceMetrics(p.real, p.holdout, p.real, new Rng(2));
      return { miaAuc: +(r.mia.auc.value ?? NaN).toFixed(4), dcrShare: +(r.dcrShare.value ?? NaN).toFixed(4), exactCopy: r.exactCopies.train.value, tpr1: r.mia.tprAtFpr[0].value };
    },
  },
  {
    name: 'privacy.domias.adult-full.independent',
    reps: 1,
    setup: () => {
      const p = adult();
      return { p, S: independentColumns(p.real, new Rng(1)) };
    },
    run: ({ p, S }: { p: Prepared; S: Encoded }) => {
      const a = domias(p.real, p.holdout, S, new Rng(3));
      const b = domias(p.real, p.holdout, S, new Rng(3), { density: 'knn' });
      return { chowLiuAuc: +(a.auc.value ?? NaN).toFixed(4), knnAuc: +(b.auc.value ?? NaN).toFixed(4) };
    },
  },
  {
    name: 'privacy.anonymeter.adult-full.independent',
    reps: 1,
    setup: () => {
      const p = adult();
      return { p, S: independentColumns(p.real, new Rng(1)) };
    },
    run: ({ p, S }: { p: Prepared; S: Encoded }) => {
      const inf = inferenceAttack(p.real, p.holdout, S, new Rng(4), { secret: 'income' });
      const su = singlingOut(p.real, p.holdout, S, new Rng(5), { mode: 'univariate' });
      const sm = singlingOut(p.real, p.holdout, S, new Rng(5), { mode: 'multivariate' });
      const li = linkability(p.real, p.holdout, S, new Rng(6));
      return { inferenceRisk: +(inf.risk?.value ?? NaN).toFixed(4), soUniRisk: +(su.risk?.value ?? NaN).toFixed(4), soMultiRisk: +(sm.risk?.value ?? NaN).toFixed(4), linkRisk: +(li.risk?.value ?? NaN).toFixed(4) };
    },
  },
  {
    name: 'privacy.shadow-mia.marginal-dp.5x300x1000',
    reps: 1,
    setup: () => adult(),
    run: async (p: Prepared) => {
      const r = await shadowMia(ctxOf(p, p.real, 7), {
        generator: { name: 'marginal-dp', options: { epsilon: 1, delta: 1e-5 } },
        nVulnerable: 4,
        nRandom: 1,
        nTrainSets: 200,
        nTestSets: 100,
        trainSize: 1000,
      });
      return { workers: r.settings.workers, meanAuc: +r.summary.meanAuc.toFixed(4), worstEps: +r.summary.worstEpsilonLb.toFixed(4), violation: r.dpCheck?.violation ?? null };
    },
  },
];
