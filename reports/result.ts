// The shape of an audit's results: plain JSON, documented by schema/results.schema.json. It holds each section's
// result type (metrics/, attacks/), so it sits above them, beside the renderers that read it; src/app/audit.ts builds it.
// No timestamps or timings here (those go to timings.json) so the same inputs and seed give byte-identical results.json.

import type { FidelityResult } from '../metrics/fidelity/index.js';
import type { UtilityResult } from '../metrics/utility/index.js';
import type { PrivacyResult } from '../attacks/index.js';
import type { RunMeta, DataSection, Skipped } from '../src/result.js';

/** The results format written today (docs/results-v2.md). */
export const RESULTS_VERSION = 2;

export interface AuditResult {
  /** The results format: 2 (every reported number a Measure, src/measure.ts). */
  version: typeof RESULTS_VERSION;
  meta: RunMeta;
  data: DataSection;
  fidelity?: FidelityResult;
  utility?: UtilityResult | Skipped;
  privacy?: PrivacyResult | Skipped;
}
