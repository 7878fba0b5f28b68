// The one list of audit sections. A new section is one entry here; nothing else in the pipeline changes.
import type { AuditContext } from './context.js';

export type SectionName = 'fidelity' | 'utility' | 'privacy';

export interface Section {
  name: SectionName;
  run: (ctx: AuditContext) => unknown | Promise<unknown>;
}

export const SECTIONS: Section[] = [];
