// Benchmarks for the aim generator (AIM, src/generators/aim/) beside marginal-dp (MST): fit + sample time on Adult (full
// table and the 1,000-row subsample shadow models use) and quality as mean 1-way / 2-way TVD over the audit Domain's codes
// (as bench/generators.ts). `npm run bench aim` (about 5 minutes: the full-size and 3-way fits take 30 s to 2 min each).
import { loadTable } from '../src/table.js';
import { inferSchema } from '../src/schema.js';
import { buildDomain, encode, subsetRows, type Encoded } from '../src/domain.js';
import { Rng } from '../src/rng.js';
import { createGenerator } from '../src/generators/index.js';
import type { GeneratorSpec } from '../src/generators/generator.js';
import type { BenchCase } from './harness.js';
import { adultPaths } from './data.js';
import { meanTvd } from './generators.js';

interface State {
  train: Encoded;
  holdout: Encoded;
  small: Encoded;
}
let cached: State | null = null;
function adult(): State {
  if (cached) return cached;
  const t = loadTable(adultPaths().train);
  const h = loadTable(adultPaths().holdout);
  const domain = buildDomain(t, inferSchema(t));
  const train = encode(t, domain);
  const small = subsetRows(train, new Rng(7).sampleWithoutReplacement(train.n, 1000), 'adult[1000]');
  cached = { train, holdout: encode(h, domain), small };
  return cached;
}

let seed = 1;
function fitSample(spec: GeneratorSpec, data: Encoded, s: number): Encoded {
  const rng = new Rng(s);
  return createGenerator(spec, data.domain).fit(data, rng.fork('fit')).sample(data.n, rng.fork('sample'));
}

const speed = (name: string, spec: GeneratorSpec, which: 'small' | 'train', reps: number): BenchCase => ({
  name,
  reps,
  setup: adult,
  run: (s: State) => {
    const data = which === 'small' ? s.small : s.train;
    const out = fitSample(spec, data, seed++);
    return which === 'train' ? { tvd2: meanTvd(data, out).twoWay } : undefined;
  },
});

const quality = (label: string, spec: GeneratorSpec): BenchCase => ({
  name: `aim.quality ${label} (adult full)`,
  reps: 1,
  setup: adult,
  run: (s: State) => {
    const r = [11, 12].map((x) => meanTvd(s.train, fitSample(spec, s.train, x)));
    return { tvd1: +((r[0].oneWay + r[1].oneWay) / 2).toFixed(4), tvd2: +((r[0].twoWay + r[1].twoWay) / 2).toFixed(4) };
  },
});

export const cases: BenchCase[] = [
  speed('aim eps1 fit+sample (adult 1,000 rows)', { name: 'aim', options: { epsilon: 1 } }, 'small', 11),
  speed('marginal-dp eps1 fit+sample (adult 1,000 rows)', { name: 'marginal-dp', options: { epsilon: 1 } }, 'small', 11),
  speed('aim eps1 fit+sample (adult full)', { name: 'aim', options: { epsilon: 1 } }, 'train', 1),
  speed('aim eps1 degree3 fit+sample (adult full)', { name: 'aim', options: { epsilon: 1, degree: 3 } }, 'train', 1),
  {
    name: 'aim.quality holdout baseline (adult)',
    reps: 1,
    setup: adult,
    run: (s: State) => {
      const r = meanTvd(s.train, s.holdout);
      return { tvd1: r.oneWay, tvd2: r.twoWay };
    },
  },
  // the epsilon grid {0.3, 1, 3, 10} and degree 3 take minutes each: measured once through `synthaudit generate` + `audit`
  quality('aim eps1', { name: 'aim', options: { epsilon: 1 } }),
  quality('marginal-dp eps1', { name: 'marginal-dp', options: { epsilon: 1 } }),
];
