// Power of the DP-claim check (simulated): attack scores of the optimal test against mu-GDP (members N(mu, 1), non-members
// N(0, 1)), mu chosen so the mechanism is exactly (eps, 1e-5)-DP; a violation is flagged when the bound exceeds the claim.
// before: 100 test sets, the threshold chosen on a validation half (25 + 25 left for the bound; the old default);
// after: threshold chosen on the 150 training sets' out-of-fold scores (simulated as fresh draws), 150 test sets all in the
// bound (the new default). Run: npx vite-node bench/dp-power.ts [trials]
import { Rng } from '../src/rng.js';
import { gdpMu } from '../src/dp.js';
import { empiricalEpsilon } from '../attacks/epsilon.js';

const trials = Number(process.argv[2] ?? 400);
const delta = 1e-5;
function gauss(r: Rng): number {
  const u = 1 - r.random();
  const v = r.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
const draw = (r: Rng, n: number, mu: number) => {
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 2);
  return { labels, scores: Float64Array.from(labels, (y) => gauss(r) + (y ? mu : 0)) };
};
for (const [trueEps, claim] of [[10, 1], [5, 1], [3, 1], [1, 1], [10, 2], [10, 3]] as const) {
  const mu = gdpMu(trueEps, delta);
  const flagged = { before: 0, after: 0 };
  for (let t = 0; t < trials; t++) {
    const r = new Rng(1000 + t);
    const old = draw(r, 100, mu);
    if (empiricalEpsilon(old.scores, old.labels, r.fork('eps'), { delta }).epsilonLb > claim) flagged.before++;
    const tr = draw(r, 150, mu);
    const te = draw(r, 150, mu);
    if (empiricalEpsilon(te.scores, te.labels, r.fork('eps2'), { delta, validation: tr }).epsilonLb > claim) flagged.after++;
  }
  const pct = (k: number) => `${((100 * k) / trials).toFixed(1)}%`;
  console.log(`true eps ${trueEps} (mu ${mu.toFixed(3)}) vs claim ${claim}: flagged before ${pct(flagged.before)}, after ${pct(flagged.after)} of ${trials}`);
}
