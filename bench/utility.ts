// Benchmark of the whole utility section on full Adult (32,561 real rows, 16,281 holdout rows, target income): the default
// zoo of 9 models fitted on real and on synthetic, 200 bootstrap replicates, permutation importance, inferential logistic fits.
import { loadTable, type Table } from '../src/table.js';
import { prepare } from '../src/prepare.js';
import { Rng } from '../src/rng.js';
import { silentProgress } from '../src/progress.js';
import type { AuditContext } from '../src/context.js';
import type { Encoded } from '../src/domain.js';
import { utility, type UtilityResult } from '../metrics/utility/index.js';
import { defaultZoo } from '../metrics/utility/zoo.js';
import { resolveTarget, splitTarget, type TargetInfo } from '../metrics/utility/target.js';
import { designFrom } from '../src/learners/learner.js';
import { makeLearner, learnerLabel } from '../src/learners/index.js';
import type { BenchCase } from './harness.js';
import { adultPaths, independentMarginals } from './data.js';

function ctxOf(real: Table, holdout: Table, synthetic: Table, syntheticEnc?: Encoded): AuditContext {
  const p = prepare(real, holdout, synthetic, { target: 'income' });
  return {
    schema: p.schema,
    domain: p.domain,
    real: p.real,
    holdout: p.holdout,
    synthetic: syntheticEnc ?? p.synthetic,
    tables: { real, holdout, synthetic },
    target: 'income',
    rng: new Rng(1),
    progress: silentProgress,
    options: {},
  };
}

/** A Progress that records how long each utility stage took (task -> done). */
function stageClock(): { progress: AuditContext['progress']; times: Record<string, number> } {
  const times: Record<string, number> = {};
  return {
    times,
    progress: {
      log() {},
      task(label: string) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        return {
          tick() {},
          done() {
            const c = process.cpuUsage(c0);
            const key = label.replace('utility: ', '');
            times[key] = Math.round(performance.now() - t0);
            times[key + ' (cpu)'] = Math.round((c.user + c.system) / 1000);
          },
        };
      },
    },
  };
}

/** Runs utility; reports the headline numbers, wall ms per stage and the process CPU time (robust to a shared machine). */
function timedUtility(ctx: AuditContext): Record<string, unknown> {
  const clock = stageClock();
  const c0 = process.cpuUsage();
  const r = utility({ ...ctx, progress: clock.progress });
  const c = process.cpuUsage(c0);
  return { ...headline(r), ms: clock.times, cpuMs: Math.round((c.user + c.system) / 1000) };
}

const r4 = (x: number | null | undefined) => (x === null || x === undefined ? null : Number(x.toPrecision(4)));

/** TRTR / TSTR AUC per model and the ranking agreement, for the bench table. */
function headline(r: UtilityResult | { skipped: true; reason: string }): Record<string, unknown> {
  if ('skipped' in r) return { skipped: r.reason };
  const o: Record<string, unknown> = {};
  for (const m of r.models) o[m.label] = `${r4(m.trtr.rocAuc.value)} / ${r4(m.tstr.rocAuc.value)}`;
  o.spearman = r4(r.ranking.spearman.value);
  o.kendallTauB = r4(r.ranking.kendallTauB.value);
  o.sra = r4(r.ranking.sra.value);
  if ('spearman' in r.featureImportance) o.importanceSpearman = r4(r.featureImportance.spearman.value);
  if (r.inferential.applicable) o.ciOverlap = r4(r.inferential.meanOverlapClipped);
  return o;
}

function adult(): { real: Table; holdout: Table } {
  const p = adultPaths();
  return { real: loadTable(p.train), holdout: loadTable(p.holdout) };
}

export const cases: BenchCase[] = [
  {
    name: 'utility.adult.fit+predict cpu ms (real, per model)',
    reps: 1,
    setup: () => {
      const { real, holdout } = adult();
      return ctxOf(real, holdout, real);
    },
    run: (ctx: AuditContext) => {
      const info = resolveTarget(ctx) as TargetInfo;
      const s = splitTarget(ctx.real, info);
      const X = designFrom(s.enc, info.features);
      const Xh = designFrom(splitTarget(ctx.holdout, info).enc, info.features);
      const out: Record<string, number> = {};
      // process CPU ms of fit and of predict on the holdout (robust to other work on a shared machine)
      const cpu = (c: NodeJS.CpuUsage) => Math.round((c.user + c.system) / 1000);
      for (const spec of defaultZoo('classification')) {
        const c0 = process.cpuUsage();
        const m = makeLearner(spec, new Rng(1)).fit(X, s.target);
        const c1 = process.cpuUsage();
        m.predict(Xh);
        out[learnerLabel(spec)] = cpu(process.cpuUsage(c0)) - cpu(process.cpuUsage(c1));
        out[learnerLabel(spec) + ' predict'] = cpu(process.cpuUsage(c1));
      }
      return out;
    },
  },
  {
    name: 'utility.adult.independent-marginals',
    reps: 3,
    setup: () => {
      const { real, holdout } = adult();
      return ctxOf(real, holdout, independentMarginals(real, real.nRows, 7));
    },
    run: (ctx: AuditContext) => timedUtility(ctx),
  },
  {
    name: 'utility.adult.marginal-dp(eps=1)',
    reps: 1,
    setup: async () => {
      const { real, holdout } = adult();
      const ctx = ctxOf(real, holdout, real);
      let gen: typeof import('../src/generators/index.js');
      try {
        gen = await import('../src/generators/index.js');
      } catch {
        return null;
      }
      const g = gen.createGenerator({ name: 'marginal-dp', options: { epsilon: 1 } }, ctx.domain).fit(ctx.real, new Rng(11));
      return { ...ctx, synthetic: g.sample(ctx.real.n, new Rng(12)) };
    },
    run: (ctx: AuditContext | null) => (ctx ? timedUtility(ctx) : { skipped: 'src/generators/index.ts not available' }),
  },
];
