// The section registry: the one list of audit sections. Each entry names the section, the option keys its config
// mapping may hold, its data-free option check and its runner. Everything else that lists sections is derived from
// here or typed against SECTION_NAMES (src/section-names.ts): the CLI's --sections choices and help, the config
// file's per-section keys, the audit's run order, the report's section order.
import type { AuditContext } from '../context.js';
import { fidelity, checkFidelityOptions, FIDELITY_KEYS, type FidelityOptions } from '../../metrics/fidelity/index.js';
import { utility } from '../../metrics/utility/index.js';
import { checkUtilityOptions, UTILITY_OPTION_KEYS } from '../../metrics/utility/options.js';
import { privacy } from '../../attacks/index.js';
import { checkPrivacyOptions, PRIVACY_KEYS } from '../../attacks/options.js';
import type { AuditResult } from '../../reports/result.js';
import { SECTION_NAMES, type SectionName } from '../section-names.js';

export { SECTION_NAMES, isSectionName, type SectionName } from '../section-names.js';

/** One section: its name, what it answers, its option keys and check, and a runner whose result is its type in AuditResult. */
export type Section = {
  [K in SectionName]: {
    name: K;
    /** The question the section answers, for --help. */
    question: string;
    /** Keys a config file's `<name>:` mapping may hold. */
    optionKeys: readonly string[];
    /** Data-free option check: throws a one-line UserError naming the option path. */
    checkOptions: (options: Record<string, unknown>) => void;
    run: (ctx: AuditContext) => NonNullable<AuditResult[K]> | Promise<NonNullable<AuditResult[K]>>;
  };
}[SectionName];

export const SECTIONS: Section[] = [
  {
    name: 'fidelity',
    question: 'is it faithful',
    optionKeys: FIDELITY_KEYS,
    checkOptions: (o) => checkFidelityOptions(o as FidelityOptions),
    run: (ctx) => fidelity(ctx, ctx.options.fidelity),
  },
  {
    name: 'utility',
    question: 'is it useful',
    // targetAbsent is set by the audit, not by users
    optionKeys: UTILITY_OPTION_KEYS.filter((k) => k !== 'targetAbsent'),
    checkOptions: (o) => checkUtilityOptions(o),
    run: (ctx) => utility(ctx, ctx.options.utility),
  },
  {
    name: 'privacy',
    question: 'does it leak',
    optionKeys: PRIVACY_KEYS,
    checkOptions: (o) => checkPrivacyOptions(o),
    run: (ctx) => privacy(ctx, ctx.options.privacy),
  },
];

// the registry lists every section name exactly once, in SECTION_NAMES order (checked when the module loads: a
// missing entry is a programming error, not a user's)
if (SECTIONS.map((s) => s.name).join() !== SECTION_NAMES.join()) throw new Error(`src/app/sections.ts lists ${SECTIONS.map((s) => s.name).join()}, expected ${SECTION_NAMES.join()}`);

/** The registry entry of a section. */
export function sectionOf(name: SectionName): Section {
  return SECTIONS.find((s) => s.name === name)!;
}
