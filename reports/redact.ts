// What leaves the machine: without --show-examples no output (results.json, report.html, summary.md, junit.xml)
// carries table values of real people. The audit keeps example values in memory (for the library and for
// --show-examples); this removes them before anything is rendered.

import type { AuditResult } from './result.js';
import { isObj } from './util.js';

export const EXAMPLES_HIDDEN_NOTE =
  'example values (unseen category labels, singling-out predicates) are left out of every output; rerun with --show-examples to include them';

/** Empty every `examples` list anywhere under node (returns a copy; node is not changed). */
function emptyExamples(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(emptyExamples);
  if (!isObj(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'examples' && Array.isArray(v) ? [] : emptyExamples(v);
  return out;
}

/**
 * A copy of the result with the lists of table values emptied: `data.columns[].unseen.examples` (labels from the
 * holdout and synthetic tables the real table never had) and every `examples` list in the privacy section (predicates
 * that single out one real record). Synthetic-only examples (fidelity checks: out-of-range synthetic cells) are kept.
 * `meta.examples` says what was hidden.
 */
export function redactExamples(result: AuditResult): AuditResult {
  const r = { ...(result as unknown as Record<string, unknown>) };
  const data = r.data;
  if (isObj(data) && Array.isArray(data.columns)) {
    r.data = {
      ...data,
      columns: data.columns.map((c: unknown) => (isObj(c) && isObj(c.unseen) ? { ...c, unseen: { ...c.unseen, examples: [] } } : c)),
    };
  }
  if (isObj(r.privacy)) r.privacy = emptyExamples(r.privacy);
  if (isObj(r.meta)) r.meta = { ...r.meta, examples: EXAMPLES_HIDDEN_NOTE };
  return r as unknown as AuditResult;
}
