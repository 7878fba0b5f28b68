// Power of the DP-claim check at default settings (simulated): a mechanism whose attack scores are those of the optimal test
// against mu-GDP (members N(mu, 1), non-members N(0, 1)), with mu chosen so the mechanism is exactly (eps, delta)-DP; the
// check runs empiricalEpsilon on the default number of test sets and flags a violation when the bound exceeds the claim.
// Run: npx vite-node bench/dp-power.ts [nTestSets] [trials]
import { Rng } from '../src/rng.js';
import { gdpMu } from '../src/dp.js';
import { empiricalEpsilon } from '../attacks/epsilon.js';

const nTest = Number(process.argv[2] ?? 100);
const trials = Number(process.argv[3] ?? 400);
const delta = 1e-5;
function gauss(r: Rng): number {
  const u = 1 - r.random();
  const v = r.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
for (const [trueEps, claim] of [[10, 1], [5, 1], [3, 1], [1, 1], [10, 2]] as const) {
  const mu = gdpMu(trueEps, delta);
  let flagged = 0;
  let sum = 0;
  for (let t = 0; t < trials; t++) {
    const r = new Rng(1000 + t);
    const labels = Uint8Array.from({ length: nTest }, (_, i) => i % 2);
    const scores = Float64Array.from(labels, (y) => gauss(r) + (y ? mu : 0));
    const e = empiricalEpsilon(scores, labels, r.fork('eps'), { delta });
    sum += e.epsilonLb;
    if (e.epsilonLb > claim) flagged++;
  }
  console.log(`true eps ${trueEps} (mu ${mu.toFixed(3)}), claim ${claim}, ${nTest} test sets: flagged ${((100 * flagged) / trials).toFixed(1)}% of ${trials}; mean eps_lb ${(sum / trials).toFixed(3)}`);
}
