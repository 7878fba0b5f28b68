// Calibration of the default policy's privacy rules (docs/policy.md): for each dataset and leak case, 20 seeds, the distance
// attacks' gated numbers. Run: npx vite-node bench/policy-calibration.ts [dataset] [n] [seeds] [fidelity|rules]
// (fidelity = the full fidelity section with B = 20; rules = only what the default policy reads; absent = privacy only)
import { leakCase, leakResult, leakName, type Leak, type Dataset } from '../test/reports/leaks.js';
import { evaluatePolicy, loadPolicy, DEFAULT_POLICY_PATH } from '../src/app/gate.js';

const dataset = (process.argv[2] ?? 'german_credit') as Dataset;
const n = Number(process.argv[3] ?? 3000);
const seeds = Number(process.argv[4] ?? 20);
const withFid = process.argv[5] === 'fidelity' ? 'full' : process.argv[5] === 'rules' ? 'rules' : false;
const leaks: Leak[] = [
  { kind: 'fresh' },
  { kind: 'verbatim', fraction: 0.01 },
  { kind: 'verbatim', fraction: 0.05 },
  { kind: 'verbatim', fraction: 0.1 },
  { kind: 'verbatim', fraction: 0.2 },
  { kind: 'holdout' },
  { kind: 'noisy', noise: 0.1 },
  { kind: 'noisy', noise: 0.3 },
  { kind: 'memoriser', fraction: 0.02 },
];
const only = process.env.LEAKS ? process.env.LEAKS.split(',') : null;
const policy = loadPolicy(DEFAULT_POLICY_PATH);
const f = (x: number) => (x === null ? 'null' : Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(1) : x.toFixed(3));
for (const leak of leaks) {
  if (only && !only.includes(leak.kind)) continue;
  const rows: string[] = [];
  let fails = 0;
  const failedRules = new Map<string, number>();
  const agg: Record<string, number[]> = {};
  const t0 = Date.now();
  for (let s = 1; s <= seeds; s++) {
    const c = leakCase(dataset, leak, s, n);
    const r = await leakResult(c, s, withFid);
    const d = (r.privacy as any).distance;
    const vals: Record<string, number> = {
      copiesTrain: d.exactCopies.trainExcess.copies,
      freshTrain: d.exactCopies.trainExcess.freshCopies,
      pTrain: d.exactCopies.trainExcess.pValue,
      copiesHold: d.exactCopies.holdoutExcess.copies,
      freshHold: d.exactCopies.holdoutExcess.freshCopies,
      pHold: d.exactCopies.holdoutExcess.pValue,
      tpr: d.mia.lowFpr.value,
      tp: d.mia.lowFpr.truePositives,
      pTpr: d.mia.lowFpr.pValue,
      share: d.dcrShare.value,
      shareLo: d.dcrShare.interval[0],
      ideal: d.dcrShare.baseline.value,
      pShareBinom: d.dcrShare.pValue,
      nullSd: d.dcrSharePermutation.nullSd,
      pShare: d.dcrSharePermutation.pValue,
      auc: d.mia.auc.value,
    };
    for (const [k, v] of Object.entries(vals)) (agg[k] ??= []).push(v);
    const v = evaluatePolicy(r, policy);
    const failed = v.rules.filter((x) => x.passed === false).map((x) => x.name);
    if (failed.length) fails++;
    for (const nm of failed) failedRules.set(nm, (failedRules.get(nm) ?? 0) + 1);
    rows.push(`  seed ${s}: ` + Object.entries(vals).map(([k, x]) => `${k}=${f(x)}`).join(' ') + (failed.length ? `  FAIL[${failed.join('; ')}]` : ''));
  }
  const range = (k: string) => `${f(Math.min(...agg[k]))}..${f(Math.max(...agg[k]))}`;
  console.log(`## ${dataset} n=${n} ${leakName(leak)}: policy fails ${fails}/${seeds} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(`   ranges: ` + Object.keys(agg).map((k) => `${k} ${range(k)}`).join(', '));
  console.log(`   failed rules: ` + [...failedRules].map(([k, c]) => `${k} ${c}`).join(', '));
  if (process.env.VERBOSE) console.log(rows.join('\n'));
}
