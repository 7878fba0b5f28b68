// The one list of audit sections. A new section is one entry here; nothing else in the pipeline changes.
import type { AuditContext } from '../context.js';
import { fidelity } from '../../metrics/fidelity/index.js';
import { utility } from '../../metrics/utility/index.js';
import { privacy } from '../../attacks/index.js';

export type SectionName = 'fidelity' | 'utility' | 'privacy';

export interface Section {
  name: SectionName;
  run: (ctx: AuditContext) => unknown | Promise<unknown>;
}

export const SECTIONS: Section[] = [
  { name: 'fidelity', run: (ctx) => fidelity(ctx, ctx.options.fidelity) },
  { name: 'utility', run: (ctx) => utility(ctx, ctx.options.utility) },
  { name: 'privacy', run: (ctx) => privacy(ctx, ctx.options.privacy) },
];
