// The one Generator interface: fit on an encoded table over the shared Domain with the seeded RNG, sample n rows,
// serialise to JSON and back, and declare a privacy claim. Everything is synchronous so shadow-model workers can call it directly.

import type { Domain, Encoded } from '../domain.js';
import type { Rng } from '../rng.js';

export type PrivacyClaim =
  | { kind: 'none'; note?: string }
  | {
      kind: 'dp';
      epsilon: number;
      delta: number;
      /** Gaussian-DP parameter, when the accounting is in GDP. */
      mu?: number;
      /** zCDP parameter, when the accounting is in zCDP. */
      rho?: number;
      /** Bound on membership-inference advantage (TPR - FPR) implied by the accounting. */
      maxAdvantage?: number;
      neighbours: 'add-remove' | 'replace-one';
      /** Which accounting the numbers come from: exact Gaussian DP, or zCDP converted to (epsilon, delta). */
      accounting?: 'gdp' | 'zcdp';
      /** What the guarantee covers and what it does not (e.g. a domain built from the data without DP). */
      note?: string;
    };

/** How to build a generator: its registered name and options (JSON-serialisable, so workers can rebuild it). */
export interface GeneratorSpec {
  name: string;
  options?: Record<string, unknown>;
}

/** A fitted generator serialised as plain JSON (spec + fitted state). */
export interface GeneratorState {
  spec: GeneratorSpec;
  state: unknown;
}

export interface Generator {
  readonly name: string;
  readonly spec: GeneratorSpec;
  /** The privacy this generator claims once fitted (with its options). */
  claim(): PrivacyClaim;
  /** Fit on an encoded table; the domain is data.domain. */
  fit(data: Encoded, rng: Rng): this;
  /** Sample n rows in the same encoding (codes and, for numeric columns, values). */
  sample(n: number, rng: Rng): Encoded;
  /** Optional non-blocking sample (same result as sample()), for generators that wait on another process. */
  sampleAsync?(n: number, rng: Rng, opts?: SampleOptions): Promise<Encoded>;
  toJSON(): GeneratorState;
}

export interface SampleOptions {
  /** Called about once a second while a sampleAsync() waits (keeps progress output alive). */
  heartbeat?: () => void;
}

export type GeneratorFactory = (spec: GeneratorSpec, domain: Domain) => Generator;
