// The public library API of synthaudit: run an audit and get typed results, plus the building blocks
// (tables, schema, domain, generators, learners, gate, renderers) for use inside other programs and test suites.

export { audit, runAudit, type AuditOptions, type AuditRun } from './audit.js';
export type { RunMeta, DataSection, ColumnReport, Skipped } from '../result.js';
export { RESULTS_VERSION, type AuditResult } from '../../reports/result.js';
export type { Measure, Baseline, BaselineKind, Better, Bounds } from '../measure.js';
export { SECTIONS, SECTION_NAMES, type Section, type SectionName } from './sections.js';
export { RENDERERS, type Renderer, type RenderInput } from '../../reports/renderers.js';
export type { AuditContext } from '../context.js';
export { loadTable, loadTableAsync, parseTable, toCsv, selectRows, type Table, type LoadOptions } from '../table.js';
export { inferSchema, validateAgainst, type Schema, type ColumnSchema, type ColumnKind } from '../schema.js';
export { buildDomain, encode, type Domain, type Encoded, type ColumnDomain } from '../domain.js';
export { prepare, type Prepared } from '../prepare.js';
export { Rng, DEFAULT_SEED } from '../rng.js';
export { UserError } from '../errors.js';
export { createGenerator, loadGenerator, decodeTable, GENERATOR_NAMES } from '../generators/index.js';
export type { Generator, GeneratorSpec, GeneratorState, PrivacyClaim } from '../generators/generator.js';
export { makeLearner, type LearnerSpec } from '../learners/index.js';
export type { Learner, Design, Target } from '../learners/learner.js';
export { designFrom } from '../learners/learner.js';
export { loadPolicy, parsePolicy, evaluatePolicy, formatVerdict, builtinPolicyNames, DEFAULT_POLICY_PATH, type Policy, type PolicyVerdict } from './gate.js';
export { renderHtml } from '../../reports/html.js';
export { renderJson, validateResult } from '../../reports/json.js';
export { renderMarkdown } from '../../reports/markdown.js';
export { renderJunit } from '../../reports/junit.js';
export { fidelity } from '../../metrics/fidelity/index.js';
export { privacy } from '../../attacks/index.js';
