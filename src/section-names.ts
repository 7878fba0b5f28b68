// The names of the audit sections, in report order. The floor holds only the names (so renderers and the results
// path language can iterate them); the registry with each section's runner, option check and option keys is
// src/app/sections.ts, whose type makes it list exactly these names.

export const SECTION_NAMES = ['fidelity', 'utility', 'privacy'] as const;

export type SectionName = (typeof SECTION_NAMES)[number];

export function isSectionName(s: string): s is SectionName {
  return (SECTION_NAMES as readonly string[]).includes(s);
}
