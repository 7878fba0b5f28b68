// The Renderer interface: one output file rendered from an audit's results (and the policy verdict, when one was
// judged). Every renderer is one entry in reports/renderers.ts; the audit's output folder, `gate --out` and the
// library entry take their lists from there.

import type { AuditResult } from './result.js';
import type { PolicyVerdict } from '../src/verdict.js';

export interface RenderInput {
  result: AuditResult;
  /** The policy verdict, when a policy was judged. */
  verdict?: PolicyVerdict;
  /** Wall-clock milliseconds per stage (timings.json), when known. */
  timings?: Record<string, number>;
  /** Example real values were kept in the results (--show-examples). */
  showExamples?: boolean;
  /** When no policy was given: the built-in default policy's verdict, for the report's Faithful? Useful? Safe? lights only. */
  defaultVerdict?: PolicyVerdict;
  /** summary.md: 'compact' (default) or 'full'. */
  summary?: 'compact' | 'full';
}

export interface Renderer {
  /** Short name, e.g. 'html'. */
  name: string;
  /** File name in the output folder. */
  file: string;
  /** One line for --help and the README. */
  description: string;
  /** Rendered only when a policy was judged (its content is the verdict). */
  needsVerdict?: boolean;
  /** `synthaudit gate --out` re-renders it from a saved results.json and the new verdict. */
  gate?: boolean;
  render(input: RenderInput): string | Promise<string>;
}
