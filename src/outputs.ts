// Writing an audit's output folder: results.json (byte-identical for the same inputs and seed), timings.json,
// report.html, summary.md and, with a policy, junit.xml. Renderers live in reports/; this only wires files.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AuditResult } from './result.js';

export interface WrittenOutputs {
  dir: string;
  files: Record<string, string>;
}

/** Deterministic JSON: keys in insertion order (results are built in a fixed order), 2-space indent, trailing newline. */
export function stableJson(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}

export function writeOutputs(dir: string, result: AuditResult, timings: Record<string, number>, extra: Record<string, string> = {}): WrittenOutputs {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  const files: Record<string, string> = {};
  const put = (name: string, content: string) => {
    const p = join(abs, name);
    writeFileSync(p, content);
    files[name] = p;
  };
  put('results.json', stableJson(result));
  put('timings.json', stableJson({ stages: timings }));
  for (const [name, content] of Object.entries(extra)) put(name, content);
  return { dir: abs, files };
}
