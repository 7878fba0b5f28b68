// The renderer registry: every output file an audit writes besides results.json and timings.json, in the order they
// are written. A new output format is one file exporting a Renderer (reports/renderer.ts) plus one entry here.

import type { Renderer } from './renderer.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderJunit } from './junit.js';
import { csvRenderer } from './csv.js';

export type { Renderer, RenderInput } from './renderer.js';

export const RENDERERS: readonly Renderer[] = [
  {
    name: 'html',
    file: 'report.html',
    description: 'the audit report: one offline HTML file (no JavaScript, nothing loaded from the network)',
    render: ({ result, verdict, timings, showExamples, defaultVerdict }) => renderHtml(result, { verdict, timings, showExamples, defaultVerdict }),
  },
  {
    name: 'markdown',
    file: 'summary.md',
    description: 'a Markdown summary for a CI job summary or a pull-request comment',
    gate: true,
    render: ({ result, verdict, timings, summary }) => renderMarkdown(result, verdict, timings, { summary: summary ?? 'compact' }),
  },
  {
    name: 'junit',
    file: 'junit.xml',
    description: 'JUnit XML, one test case per policy rule, for CI test tabs (with a policy only)',
    needsVerdict: true,
    gate: true,
    render: ({ result, verdict }) => renderJunit(result, verdict!),
  },
  csvRenderer,
];
