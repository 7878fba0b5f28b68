// Release gate: a policy (YAML or JSON) of threshold rules on paths of results.json, optionally on an interval bound
// or an aggregate over a list, judged into a verdict and an exit code (0 pass, 1 fail, 2 error) without recomputing.
// The rule grammar and policy files are src/app/policy-rules.ts, evaluation is src/app/policy-eval.ts; this module is
// the command (read results.json, judge, write junit.xml and summary.md) and re-exports both for existing importers.

import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError, isUserError, escapeTerminal, formatInternalError } from '../errors.js';
import type { AuditResult } from '../../reports/result.js';
import { writeFilesAtomically, type OutputFs } from '../atomic.js';
import { RENDERERS } from '../../reports/renderers.js';
import type { SummaryMode } from '../../reports/markdown.js';
import { validateResult } from '../../reports/json.js';
import type { PolicyVerdict } from '../verdict.js';
import { isObj } from '../results-path.js';
import { loadPolicy } from './policy-rules.js';
import { evaluatePolicy } from './policy-eval.js';
import { upgradeResults } from './results-v1/index.js';

// the policy and verdict types and the results path language live in the floor (src/verdict.ts, src/results-path.ts)
// so that reports/ can use them without importing the gate; re-exported here, where library users found them
export type { RuleOp, RuleAgg, PolicyRule, Policy, RuleVerdict, PolicyVerdict } from '../verdict.js';
export { parsePath, readMeasure, resolveNodes, valueAt, type MeasureReading, type PathValue } from '../results-path.js';
export { DEFAULT_POLICY_PATH, parseRuleString, parseRule, parsePolicy, loadPolicy, builtinPolicyNames, resolvePolicyPath } from './policy-rules.js';
export { evaluateRule, evaluatePolicy } from './policy-eval.js';

/** One line per rule, for terminals and logs. */
export function formatVerdict(v: PolicyVerdict): string {
  // names and messages come from the policy file and the results: escaped for the terminal
  const lines = v.rules.map((r) => `  ${r.passed === true ? 'PASS' : r.passed === false ? 'FAIL' : 'SKIP'}  ${escapeTerminal(r.name)}: ${escapeTerminal(r.message)}`);
  const head = `policy "${escapeTerminal(v.policy)}": ${v.passed ? 'PASSED' : 'FAILED'} (${v.counts.passed} passed, ${v.counts.failed} failed, ${v.counts.notEvaluated} not evaluated)`;
  return [head, ...lines].join('\n') + '\n';
}

/** Nesting a results.json never comes near (it is about 10 deep); deeper input is refused before any recursive walk. */
export const MAX_RESULTS_DEPTH = 64;

/** Depth of a parsed JSON value, walked iteratively (a hand-edited file may be nested far beyond the call stack). */
function depthExceeds(doc: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[doc, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (typeof x === 'object' && x !== null) stack.push([x, d + 1]);
  }
  return false;
}

/** Read a saved results.json (UserError on a missing or malformed file). */
export function loadResults(path: string): AuditResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? 'results file not found' : code === 'EISDIR' ? 'is a folder, expected a results.json file' : `cannot read results file (${code})`, { file: path });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserError(`not valid JSON: ${(e as Error).message.split('\n')[0]}`, { file: path });
  }
  if (depthExceeds(doc, MAX_RESULTS_DEPTH)) throw new UserError(`nested deeper than ${MAX_RESULTS_DEPTH} levels: not a synthaudit results file`, { file: path });
  if (!isObj(doc) || !isObj(doc.meta) || doc.meta.tool !== 'synthaudit') throw new UserError('not a synthaudit results file (no meta.tool = "synthaudit")', { file: path });
  // a results.json of an earlier synthaudit (version 1) is converted to today's format (docs/results-v2.md)
  return upgradeResults(doc, path) as unknown as AuditResult;
}

/**
 * `synthaudit gate`: re-judge a saved results.json against a policy without recomputing. Prints the verdict on
 * stdout; with outDir, rewrites junit.xml and summary.md there. Returns the exit code: 0 pass, 1 fail, 2 error.
 */
export function gateCommand(resultsPath: string, policyPath: string, outDir?: string, format: GateFormat = 'text', summary: SummaryMode = 'compact'): number {
  return gateRun(resultsPath, policyPath, outDir, process.stdout, process.stderr, undefined, format, summary);
}

/** What gate prints on stdout: the verdict's text lines, the verdict as JSON, or nothing (the exit code tells). */
export type GateFormat = 'text' | 'json' | 'quiet';

interface Sink {
  write(s: string): unknown;
}

/** gateCommand with explicit output streams and file operations (for tests). */
export function gateRun(resultsPath: string, policyPath: string, outDir: string | undefined, out: Sink, err: Sink, fs?: OutputFs, format: GateFormat = 'text', summary: SummaryMode = 'compact'): number {
  try {
    const result = loadResults(resultsPath);
    const policy = loadPolicy(policyPath);
    // validate first: the renderers rely on the documented shape, and a wrongly shaped file is the user's to fix
    const check = validateResult(result);
    if (!check.valid) {
      const more = check.errors.length > 3 ? ` (and ${check.errors.length - 3} more)` : '';
      const version = isObj(result.meta) && typeof result.meta.version === 'string' ? `; written by synthaudit ${result.meta.version}` : '';
      throw new UserError(`does not match schema/results.schema.json${version}: ${check.errors.slice(0, 3).join('; ')}${more}`, { file: resultsPath });
    }
    const verdict = evaluatePolicy(result, policy);
    let files: [string, string][] = [];
    if (outDir) {
      let timings: Record<string, number> | undefined;
      const tPath = join(dirname(resolve(resultsPath)), 'timings.json');
      if (existsSync(tPath)) {
        try {
          const t = JSON.parse(readFileSync(tPath, 'utf8'));
          if (isObj(t) && isObj(t.stages)) timings = t.stages as Record<string, number>;
        } catch {
          err.write(`warning: ${escapeTerminal(tPath)}: not valid JSON, timings left out of summary.md\n`);
        }
      }
      // render everything before writing anything
      for (const r of RENDERERS) {
        if (!r.gate) continue;
        const text = r.render({ result, verdict, timings, summary });
        if (typeof text !== 'string') throw new Error(`renderer ${r.name} is marked gate but renders asynchronously`);
        files.push([r.file, text]);
      }
    }
    // temporary files renamed into place: a full disk or a signal leaves the previous junit.xml / summary.md as they
    // were. Both are always written, so no stale name to remove (report.html and results.json of an audit in the same
    // folder are left alone: gate does not recompute them). Written before the verdict is printed: a run that cannot
    // write its files prints only the error
    if (outDir) writeFilesAtomically(outDir, files, [], fs);
    if (format === 'text') out.write(formatVerdict(verdict));
    else if (format === 'json') out.write(JSON.stringify(verdict, null, 2) + '\n');
    return verdict.passed ? 0 : 1;
  } catch (e) {
    if (isUserError(e)) {
      err.write(`synthaudit gate: ${escapeTerminal(e.message)}\n`); // escaped when built; again in case a caller built it otherwise
      return 2;
    }
    err.write(`synthaudit gate: internal error (a bug in synthaudit, please report it): ${formatInternalError(e)}\n`);
    return 2;
  }
}
