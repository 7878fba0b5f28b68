// Writing an audit's output folder: results.json (canonical, byte-identical for the same inputs and seed), timings.json,
// report.html, summary.md and, with a policy, junit.xml. Renderers live in reports/; this only wires files.
//
// Nothing half-written, nothing stale: every file is rendered in memory first, then written to a temporary file in
// the output folder (.synthaudit-<name>.<pid>.tmp) and renamed into place (atomic on one file system). A write error
// (full disk, read-only folder) removes the temporary files and leaves the previous run's outputs as they were, with a
// one-line error. Output files of a previous run that this run does not write (junit.xml after a run without
// --policy) are removed, so an old verdict cannot pass for a new one. SIGINT / SIGTERM arriving while the files are
// written and renamed are held until the folder is consistent, then take effect.

import { ensureOutputDir } from '../paths.js';
import { writeFilesAtomically, type OutputFs } from '../atomic.js';
import type { AuditResult } from '../../reports/result.js';
import { renderJson, validateResult } from '../../reports/json.js';
import { RENDERERS } from '../../reports/renderers.js';
import type { SummaryMode } from '../../reports/markdown.js';
import { redactExamples } from '../../reports/redact.js';
import { evaluatePolicy, loadPolicy, DEFAULT_POLICY_PATH, type Policy, type PolicyVerdict } from './gate.js';

export interface WrittenOutputs {
  dir: string;
  files: Record<string, string>;
  verdict?: PolicyVerdict;
}

export interface OutputOptions {
  policy?: Policy;
  /** Keep example table values (unseen labels, singling-out predicates) in the outputs. Default false. */
  showExamples?: boolean;
  /** File operations (default: node:fs). */
  fs?: OutputFs;
  /** summary.md: 'compact' (default) or 'full'. */
  summary?: SummaryMode;
}

export { writeFilesAtomically, nodeOutputFs, type OutputFs } from '../atomic.js';
export { ensureOutputDir }; // shared with gate --out and generate (src/paths.ts)

/** Every file an audit may write into its output folder, in the order they are put in place (results.json last). */
export const OUTPUT_FILES: readonly string[] = ['timings.json', ...RENDERERS.map((r) => r.file), 'results.json'];

export async function writeOutputs(dir: string, result: AuditResult, timings: Record<string, number>, opts: OutputOptions = {}): Promise<WrittenOutputs> {
  const abs = ensureOutputDir(dir);
  // everything is rendered before any file is touched
  const shown = opts.showExamples ? result : redactExamples(result);
  const json = renderJson(shown);
  const check = validateResult(JSON.parse(json));
  if (!check.valid) throw new Error(`results.json does not match schema/results.schema.json: ${check.errors.slice(0, 5).join('; ')}`);
  const verdict = opts.policy ? evaluatePolicy(shown, opts.policy) : undefined;
  // no policy: the report's Faithful? Useful? Safe? lights come from the built-in default policy (said so on the page; no exit code)
  const defaultVerdict = verdict ? undefined : evaluatePolicy(shown, loadPolicy(DEFAULT_POLICY_PATH));
  const contents: [string, string][] = [['timings.json', JSON.stringify({ stages: timings }, null, 2) + '\n']];
  for (const r of RENDERERS) {
    if (r.needsVerdict && !verdict) continue;
    contents.push([r.file, await r.render({ result: shown, verdict, timings, showExamples: opts.showExamples, summary: opts.summary, defaultVerdict })]);
  }
  contents.push(['results.json', json]);
  const written = new Set(contents.map(([n]) => n));
  const stale = OUTPUT_FILES.filter((n) => !written.has(n));
  const files = writeFilesAtomically(abs, contents, stale, opts.fs);
  return { dir: abs, files, verdict };
}
