// Benchmark of the whole fidelity section on full Adult (32,561 real rows, 15 columns, 105 pairs, bootstrap and both
// pMSE variants with 20 permutations): an independent-marginals synthetic and a holdout-half "synthetic".
import { loadTable, selectRows, type Table } from '../src/table.js';
import { prepare } from '../src/prepare.js';
import { Rng } from '../src/rng.js';
import { silentProgress } from '../src/progress.js';
import { makeContext, type AuditContext } from '../src/context.js';
import { fidelity, comparePmse, type FidelityResult } from '../metrics/fidelity/index.js';
import type { BenchCase } from './harness.js';
import { adultPaths, independentMarginals } from './data.js';

function ctxOf(real: Table, holdout: Table, synthetic: Table): AuditContext {
  return makeContext(prepare(real, holdout, synthetic), { real, holdout, synthetic }, { rng: new Rng(1), progress: silentProgress });
}

/** The headline numbers of a run, for the bench table. */
function headline(r: FidelityResult): Record<string, number | null> {
  const o: Record<string, number | null> = {};
  for (const it of r.summary.overall) {
    o[it.metric] = it.value === null ? null : Number(it.value.toPrecision(4));
    const floor = it.baseline?.value ?? null;
    o[it.metric + ' (floor)'] = floor === null ? null : Number(floor.toPrecision(4));
  }
  return o;
}

function adult(): { real: Table; holdout: Table } {
  const p = adultPaths();
  return { real: loadTable(p.train), holdout: loadTable(p.holdout) };
}

const indepCtx = () => {
  const { real, holdout } = adult();
  return ctxOf(real, holdout, independentMarginals(real, real.nRows, 42));
};

export const cases: BenchCase[] = [
  {
    name: 'fidelity.all (adult 32.5k real vs 32.5k independent-marginals, holdout 16k)',
    reps: 3,
    setup: () => {
      const { real, holdout } = adult();
      return ctxOf(real, holdout, independentMarginals(real, real.nRows, 42));
    },
    run: (ctx: AuditContext) => headline(fidelity(ctx)),
  },
  {
    name: 'fidelity.all (adult 32.5k real vs holdout half 8.1k, other half as holdout)',
    reps: 3,
    setup: () => {
      const { real, holdout } = adult();
      const perm = new Rng(7).permutation(holdout.nRows);
      const h = Math.floor(holdout.nRows / 2);
      return ctxOf(real, selectRows(holdout, perm.subarray(0, h), 'holdout[A]'), selectRows(holdout, perm.subarray(h), 'holdout[B]'));
    },
    run: (ctx: AuditContext) => headline(fidelity(ctx)),
  },
  // where the time goes (independent-marginals case)
  { name: 'fidelity.parts: distances, V, correlations, checks, bootstrap (no pMSE)', reps: 3, setup: indepCtx, run: (ctx: AuditContext) => void fidelity(ctx, { pmse: false }) },
  {
    name: 'fidelity.parts: pMSE logit, exact Newton (synthetic + holdout floor)',
    reps: 3,
    setup: indepCtx,
    run: (ctx: AuditContext) => {
      const a = comparePmse(ctx.real, ctx.synthetic, new Rng(1), { tree: false }).logistic!;
      const b = comparePmse(ctx.real, ctx.holdout, new Rng(1), { tree: false }).logistic!;
      return { iterations: a.iterations, floorIterations: b.iterations, k: a.k };
    },
  },
  {
    name: 'fidelity.parts: pMSE tree, 1 + 20 permutations + 5 CV folds (synthetic + floor)',
    reps: 3,
    setup: indepCtx,
    run: (ctx: AuditContext) => {
      const a = comparePmse(ctx.real, ctx.synthetic, new Rng(1), { logistic: false }).tree!;
      comparePmse(ctx.real, ctx.holdout, new Rng(1), { logistic: false });
      return { leaves: a.leaves };
    },
  },
];
