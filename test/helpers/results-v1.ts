import { FIDELITY_ADDED_AFTER_V1 } from '../../src/app/results-v1/fidelity.js';

// Results keys today's code writes that results version 1 never had. A converted v1 file cannot hold them (the converter
// invents no numbers), so the v1 -> v2 comparisons (test/app/results-v1*.test.ts) leave exactly these out of today's
// output, and only after checking each one is there: the list cannot hide a key that went missing, nor go stale silently.
// Add a key here only for a result that did not exist when the v1 fixture was made (test/fixtures/results-v1/README.md).
export const ADDED_AFTER_V1: readonly string[] = [
  // fidelity families added after results v2 (the converter's own list), with their convention texts
  ...FIDELITY_ADDED_AFTER_V1.flatMap((k) => [`fidelity.${k}`, `fidelity.conventions.${k}`]),
  // quasi-identifier match membership (attacks/qi-match.ts), added after results v2
  'privacy.qiMatch',
];

/** A copy of `doc` (the results file, or its section `root`) without the ADDED_AFTER_V1 keys under it; each must be present. */
export function withoutAddedAfterV1(doc: Record<string, unknown>, root = ''): Record<string, unknown> {
  const out = structuredClone(doc);
  for (const path of ADDED_AFTER_V1) {
    if (root && !path.startsWith(`${root}.`)) continue;
    const keys = (root ? path.slice(root.length + 1) : path).split('.');
    let node: Record<string, unknown> = out;
    for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
    const last = keys[keys.length - 1];
    if (!node || !Object.hasOwn(node, last)) throw new Error(`${path} is listed in ADDED_AFTER_V1 but today's results do not have it`);
    delete node[last];
  }
  return out;
}
