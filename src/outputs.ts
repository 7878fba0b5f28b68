// Writing an audit's output folder: results.json (canonical, byte-identical for the same inputs and seed), timings.json,
// report.html, summary.md and, with a policy, junit.xml. Renderers live in reports/; this only wires files.

import { writeFileSync } from 'node:fs';
import { ensureOutputDir } from './paths.js';
import { join, resolve } from 'node:path';
import type { AuditResult } from './result.js';
import { UserError } from './errors.js';
import { renderJson, validateResult } from '../reports/json.js';
import { renderHtml } from '../reports/html.js';
import { renderMarkdown } from '../reports/markdown.js';
import { renderJunit } from '../reports/junit.js';
import { evaluatePolicy, type Policy, type PolicyVerdict } from './gate.js';

export interface WrittenOutputs {
  dir: string;
  files: Record<string, string>;
  verdict?: PolicyVerdict;
}

export interface OutputOptions {
  policy?: Policy;
  showExamples?: boolean;
}

export { ensureOutputDir } from './paths.js'; // shared with gate --out

export async function writeOutputs(dir: string, result: AuditResult, timings: Record<string, number>, opts: OutputOptions = {}): Promise<WrittenOutputs> {
  const abs = ensureOutputDir(dir);
  const files: Record<string, string> = {};
  const put = (name: string, content: string) => {
    const p = join(abs, name);
    try {
      writeFileSync(p, content);
    } catch (e) {
      throw new UserError(`cannot write ${name} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: p });
    }
    files[name] = p;
  };
  const json = renderJson(result);
  const check = validateResult(JSON.parse(json));
  if (!check.valid) throw new Error(`results.json does not match schema/results.schema.json: ${check.errors.slice(0, 5).join('; ')}`);
  put('results.json', json);
  put('timings.json', JSON.stringify({ stages: timings }, null, 2) + '\n');
  const verdict = opts.policy ? evaluatePolicy(result, opts.policy) : undefined;
  put('report.html', await renderHtml(result, { verdict, timings, showExamples: opts.showExamples }));
  put('summary.md', renderMarkdown(result, verdict, timings));
  if (verdict) put('junit.xml', renderJunit(result, verdict));
  return { dir: abs, files, verdict };
}
