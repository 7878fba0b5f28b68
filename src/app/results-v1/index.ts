// Reading results version 1 (synthaudit before results v2: no top-level "version"): each section's v1 -> v2
// converter, composed. `synthaudit gate` upgrades a v1 file before judging it, so old results.json files keep
// working with new policies. docs/results-v2.md documents the mapping.

import { UserError } from '../../errors.js';
import { isSkipped } from '../../skipped.js';
import { isObj } from '../../results-path.js';
import { SECTION_NAMES, type SectionName } from '../../section-names.js';
import { fidelityV1toV2 } from './fidelity.js';
import { utilityV1toV2 } from './utility.js';
import { privacyV1toV2 } from './privacy.js';

const CONVERTERS: Record<SectionName, (v1: unknown) => unknown> = {
  fidelity: fidelityV1toV2,
  utility: utilityV1toV2,
  privacy: privacyV1toV2,
};

/** The results format of a parsed results.json: 1 (no version key) or the number it states. */
export function resultsVersion(doc: Record<string, unknown>): unknown {
  return Object.hasOwn(doc, 'version') ? doc.version : 1;
}

/** A results document in version 2: returned as is when it is one, converted when it is version 1. */
export function upgradeResults(doc: Record<string, unknown>, file?: string): Record<string, unknown> {
  const v = resultsVersion(doc);
  if (v === 2) return doc;
  if (v !== 1) throw new UserError(`results format version ${JSON.stringify(v)} is not one this synthaudit reads (1 or 2)`, file ? { file } : undefined);
  const out: Record<string, unknown> = { version: 2, ...doc };
  // v2 names inputs by file name only (no local folder)
  if (isObj(doc.meta) && Array.isArray(doc.meta.inputs)) {
    out.meta = { ...doc.meta, inputs: doc.meta.inputs.map((i) => (isObj(i) && typeof i.file === 'string' ? { ...i, file: i.file.split(/[\\/]/).pop() } : i)) };
  }
  for (const s of SECTION_NAMES) {
    const sec = doc[s];
    if (sec !== undefined && !isSkipped(sec)) out[s] = CONVERTERS[s](sec);
  }
  return out;
}
