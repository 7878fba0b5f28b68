// The identity "generator": returns real training rows (without replacement while n <= rows, else with), the worst case
// every privacy metric must flag (a release of the training data itself; no paper, the baseline of Stadler et al. 2022).

import { UserError } from '../errors.js';
import type { Domain, Encoded } from '../domain.js';
import { subsetRows } from '../domain.js';
import type { Rng } from '../rng.js';
import type { Generator, GeneratorSpec, GeneratorState, PrivacyClaim } from './generator.js';
import { checkSameDomain, encodedFromJSON, encodedToJSON, optBoolean, type EncodedJSON } from './common.js';

export interface IdentityOptions {
  /** Sample with replacement; default: without when n <= rows, with otherwise. */
  replace?: boolean;
}

export class IdentityGenerator implements Generator {
  readonly name = 'identity';
  readonly spec: GeneratorSpec;
  private readonly replace: boolean | undefined;
  private data: Encoded | null = null;

  constructor(
    spec: GeneratorSpec,
    readonly domain: Domain,
  ) {
    const o = spec.options ?? {};
    for (const k of Object.keys(o)) if (k !== 'replace') throw new UserError(`generator identity: unknown option "${k}" (replace)`);
    this.replace = optBoolean('identity', o, 'replace');
    this.spec = { name: 'identity', options: { ...o } };
  }

  claim(): PrivacyClaim {
    return { kind: 'none', note: 'releases real training rows: the worst case, no privacy at all' };
  }

  fit(data: Encoded, _rng: Rng): this {
    checkSameDomain('identity', this.domain, data);
    if (data.n === 0) throw new UserError('generator identity: cannot fit on an empty table');
    this.data = data;
    return this;
  }

  sample(n: number, rng: Rng): Encoded {
    const d = this.data;
    if (!d) throw new Error('identity: sample() before fit()');
    const replace = this.replace ?? n > d.n;
    if (!replace && n > d.n) throw new UserError(`generator identity: cannot draw ${n} rows without replacement from ${d.n} (set replace: true)`);
    const rows = replace ? rng.sampleWithReplacement(d.n, n) : rng.sampleWithoutReplacement(d.n, n);
    return subsetRows(d, rows, 'synthetic(identity)');
  }

  toJSON(): GeneratorState {
    if (!this.data) throw new Error('identity: toJSON() before fit()');
    return { spec: this.spec, state: { version: 1, rows: encodedToJSON(this.data) } };
  }

  static load(state: GeneratorState, domain: Domain): IdentityGenerator {
    const g = new IdentityGenerator(state.spec, domain);
    const s = state.state as { rows: EncodedJSON };
    g.data = encodedFromJSON(s.rows, domain, 'identity(training rows)');
    return g;
  }
}
