// Shadow-model attack strength (issue 17): mean AUC on the vulnerable targets for the outlier memoriser (bench/memoriser.mjs,
// an external command at the command defaults) on German credit, and an epsilon sweep of the reference generator
// (marginal-dp) on an Adult subsample (train 2,000 / holdout 4,000, shadow sets of 250 rows, 3 vulnerable targets, default sets).
// Run after `npm run build` (worker threads): npx vite-node bench/shadow-power.ts [memoriser|sweep|all]
//
// Measured 2026-12-02 (2 shared cores), before = main at d4ad044 (replace-one sets, one forest on all features, threshold on
// half the test sets, DeLong interval) run on the same targets and set counts:
//   memoriser, German credit, 2 vulnerable + 1 random targets x (60 + 60) sets (the new command default):
//     before: v95 0.563, v194 0.941, r10 0.459 (mean vulnerable 0.752; worst eps_lb 1.38)
//     after:  v95 0.621, v194 0.946, r10 0.559 (mean vulnerable 0.783; worst eps_lb 2.03, cap 2.25)
//     The memoriser copies a target only when one of its values is rare in the shadow set: simulated copy rates 15% (v95),
//     94% (v194), 11% (r10), so a copy-detecting attack reaches at most about 0.5 + f/2 = 0.58, 0.97, 0.55.
//   marginal-dp eps sweep, Adult train 2,000 / holdout 4,000, sets of 250 rows, 3 vulnerable targets (mean AUC):
//     eps      0.1    1      10     100    1000
//     before   0.478  0.437  0.498  0.591  0.729   (200 + 100 sets; worst eps_lb 0 except 0.58 at 1000)
//     after    0.465  0.467  0.577  0.725  0.807   (150 + 150 sets; worst eps_lb 0, 0, 0, 0.07, 0.82)
import { loadTable } from '../src/table.js';
import { prepare } from '../src/prepare.js';
import { Rng } from '../src/rng.js';
import { silentProgress, stderrProgress } from '../src/progress.js';
import type { AuditContext } from '../src/context.js';
import { shadowMia } from '../attacks/shadow.js';
import { subsample } from '../test/helpers/data.js';
import { resolve } from 'node:path';

const what = process.argv[2] ?? 'all';
function ctxOf(real: ReturnType<typeof loadTable>, holdout: ReturnType<typeof loadTable>, seed: number): AuditContext {
  const P = prepare(real, holdout, holdout, {});
  const t = { name: 'x', columns: [], cells: [], nRows: 0 };
  return { schema: P.schema, domain: P.domain, real: P.real, holdout: P.holdout, synthetic: P.synthetic, tables: { real: t, holdout: t, synthetic: t }, rng: new Rng(seed), progress: process.env.PROGRESS ? stderrProgress() : silentProgress, options: {} } as unknown as AuditContext;
}
const fmt = (r: Awaited<ReturnType<typeof shadowMia>>) =>
  r.targets.map((t) => `${t.kind[0]}${t.row}: AUC ${(t.auc.value ?? NaN).toFixed(3)} [${t.auc.interval?.[0].toFixed(2)}, ${t.auc.interval?.[1].toFixed(2)}] eps_lb ${t.epsilon.epsilonLb.toFixed(2)} (${t.attack.model})`).join('; ');
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;

if (what === 'memoriser' || what === 'all') {
  const D = '/work/shared/data/german_credit';
  const c = ctxOf(loadTable(`${D}/train.csv`), loadTable(`${D}/holdout.csv`), 1);
  const cmd = `node ${resolve('bench/memoriser.mjs')} {input} {output} {rows} {seed}`;
  const t0 = performance.now();
  const r = await shadowMia(c, { generator: { name: 'command', options: { command: cmd } }, workers: 2 });
  const vul = r.targets.filter((t) => t.kind === 'vulnerable');
  console.log(`memoriser, German credit, command defaults (${r.settings.nTrainSets}+${r.settings.nTestSets} sets, ${r.targets.length} targets, ${((performance.now() - t0) / 1000).toFixed(0)} s): mean vulnerable AUC ${mean(vul.map((t) => t.auc.value ?? NaN)).toFixed(3)}; ${fmt(r)}`);
}
if (what === 'sweep' || what === 'all') {
  const D = '/work/shared/data/adult';
  const real = subsample(loadTable(`${D}/train.csv`), 2000, 41);
  const hold = subsample(loadTable(`${D}/holdout.csv`), 4000, 42);
  for (const eps of (process.env.EPS ?? '0.1,1,10,100,1000').split(',').map(Number)) {
    const c = ctxOf(real, hold, 2);
    const t0 = performance.now();
    const r = await shadowMia(c, { generator: { name: 'marginal-dp', options: { epsilon: eps, delta: 1e-5 } }, trainSize: 250, nVulnerable: 3, nRandom: 0, workers: 2 });
    console.log(`marginal-dp eps ${eps}: mean vulnerable AUC ${mean(r.targets.map((t) => t.auc.value ?? NaN)).toFixed(3)}, worst eps_lb ${r.summary.worstEpsilonLb.toFixed(2)}, dpCheck ${r.dpCheck?.status} (cap ${r.dpCheck?.cap.toFixed(2)}), ${((performance.now() - t0) / 1000).toFixed(0)} s; ${fmt(r)}`);
  }
}
