// The one list of audit sections. A new section is one entry here; nothing else in the pipeline changes.
import type { AuditContext } from '../context.js';
import { fidelity } from '../../metrics/fidelity/index.js';
import { utility } from '../../metrics/utility/index.js';
import { privacy } from '../../attacks/index.js';
import type { AuditResult } from '../../reports/result.js';

export type SectionName = 'fidelity' | 'utility' | 'privacy';

/** One section: its name and a runner whose result is that section's type in AuditResult. */
export type Section = {
  [K in SectionName]: { name: K; run: (ctx: AuditContext) => NonNullable<AuditResult[K]> | Promise<NonNullable<AuditResult[K]>> };
}[SectionName];

export const SECTIONS: Section[] = [
  { name: 'fidelity', run: (ctx) => fidelity(ctx, ctx.options.fidelity) },
  { name: 'utility', run: (ctx) => utility(ctx, ctx.options.utility) },
  { name: 'privacy', run: (ctx) => privacy(ctx, ctx.options.privacy) },
];
