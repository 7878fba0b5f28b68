// The CLI's commands (audit, demo, generate, gate): each is its options, its help and a run() that calls the library.
// Flags override the config file; everything random takes --seed.


import { UserError } from './errors.js';
import type { OptionSpec } from './args.js';
import type { CommandDef } from './main.js';
import { loadConfig, parseKindFlags, type AuditConfig } from './config.js';
import { DEFAULT_SEED } from './rng.js';
import { stderrProgress, silentProgress } from './progress.js';
import { runAudit, type AuditOptions } from './audit.js';
import { writeOutputs } from './outputs.js';
import type { SectionName } from './sections.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

const auditOptions: OptionSpec[] = [
  { name: 'real', type: 'string', arg: 'FILE', help: 'the real table the generator was trained on (CSV, TSV, JSONL; .gz ok)' },
  { name: 'holdout', type: 'string', arg: 'FILE', help: 'a holdout from the same population the generator never saw' },
  { name: 'synthetic', type: 'string', arg: 'FILE', help: 'the synthetic table to audit' },
  { name: 'target', type: 'string', arg: 'COL', help: 'target column for utility (categorical = classification, numeric = regression)' },
  { name: 'out', type: 'string', arg: 'DIR', help: 'output folder for results.json, report.html, summary.md, junit.xml', default: 'synthaudit-out' },
  { name: 'seed', type: 'number', arg: 'N', help: 'seed for every random choice (same inputs + seed = identical results.json)', default: DEFAULT_SEED },
  { name: 'config', type: 'string', arg: 'FILE', help: 'YAML/JSON config: kinds, missing, target, constraints, per-section options' },
  { name: 'policy', type: 'string', arg: 'FILE', help: 'YAML/JSON gate policy; exit 1 if any rule fails' },
  { name: 'kind', type: 'list', arg: 'COL=KIND', help: 'override a column kind (numeric, categorical, identifier); repeatable' },
  { name: 'missing', type: 'string', arg: 'TOKENS', help: 'comma-separated missing-value tokens (default: empty cell, NA, ?)' },
  { name: 'bins', type: 'number', arg: 'N', help: 'quantile bins per numeric column for marginal metrics', default: 20 },
  { name: 'sections', type: 'string', arg: 'LIST', help: 'comma-separated sections to run: fidelity,utility,privacy (default all)' },
  { name: 'constraint', type: 'list', arg: 'EXPR', help: 'a plausibility rule the synthetic rows must satisfy, e.g. "age >= 0"; repeatable' },
  { name: 'generator', type: 'string', arg: 'NAME', help: 'generator the attacker assumes for shadow-model attacks (identity, independent, marginal-dp, mixing)' },
  { name: 'generator-cmd', type: 'string', arg: 'CMD', help: 'external generator command template for shadow models ({input} {output} {rows} {seed})' },
  { name: 'epsilon', type: 'number', arg: 'E', help: 'epsilon of the assumed generator (marginal-dp / independent)' },
  { name: 'shadow-sets', type: 'number', arg: 'N', help: 'shadow datasets per target for membership inference' },
  { name: 'show-examples', type: 'boolean', help: 'allow real records in the report (off by default)' },
  { name: 'quiet', type: 'boolean', help: 'no progress on stderr' },
];

export function buildAuditOptions(v: Record<string, unknown>, cfg: AuditConfig = {}): AuditOptions {
  const real = str(v.real);
  const holdout = str(v.holdout);
  const synthetic = str(v.synthetic);
  const missingFlags = [!real && '--real', !holdout && '--holdout', !synthetic && '--synthetic'].filter(Boolean);
  if (missingFlags.length) throw new UserError(`audit needs ${missingFlags.join(', ')} (see synthaudit audit --help)`);
  const sections = str(v.sections)
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) as SectionName[] | undefined;
  for (const s of sections ?? []) if (!['fidelity', 'utility', 'privacy'].includes(s)) throw new UserError(`--sections: unknown section "${s}" (fidelity, utility, privacy)`);
  const privacy: Record<string, unknown> = { ...(cfg.privacy ?? {}) };
  if (str(v.generator)) privacy.generator = { name: str(v.generator), options: num(v.epsilon) !== undefined ? { epsilon: num(v.epsilon) } : {} };
  if (str(v['generator-cmd'])) privacy.generator = { name: 'command', options: { command: str(v['generator-cmd']) } };
  if (num(v['shadow-sets']) !== undefined) privacy.shadowSets = num(v['shadow-sets']);
  if (v['show-examples']) privacy.showExamples = true;
  const fidelity: Record<string, unknown> = { ...(cfg.fidelity ?? {}) };
  const constraints = [...(cfg.constraints ?? []), ...((v.constraint as string[] | undefined) ?? [])];
  if (constraints.length) fidelity.constraints = constraints;
  return {
    real: real!,
    holdout: holdout!,
    synthetic: synthetic!,
    target: str(v.target) ?? cfg.target,
    seed: num(v.seed) ?? cfg.seed ?? DEFAULT_SEED,
    bins: num(v.bins) ?? cfg.bins,
    missing: str(v.missing) !== undefined ? str(v.missing)!.split(',') : cfg.missing,
    kinds: { ...(cfg.kinds ?? {}), ...parseKindFlags(v.kind as string[] | undefined) },
    maxIntegerCategories: cfg.maxIntegerCategories,
    exclude: cfg.exclude,
    sections,
    fidelity,
    utility: cfg.utility ?? {},
    privacy,
  };
}

async function auditCmd(args: { positional: string[]; values: Record<string, unknown> }): Promise<number> {
  const v = args.values;
  if (args.positional.length) throw new UserError(`audit takes no positional arguments (got "${args.positional[0]}"); use --real, --holdout, --synthetic`);
  const cfg = str(v.config) ? loadConfig(str(v.config)!) : {};
  const opts = buildAuditOptions(v, cfg);
  const progress = v.quiet ? silentProgress : stderrProgress();
  opts.progress = progress;
  const { result, timings } = await runAudit(opts);
  const out = writeOutputs(str(v.out) ?? 'synthaudit-out', result, timings);
  process.stdout.write(`results: ${out.files['results.json']}\n`);
  return 0;
}

export const COMMANDS: CommandDef[] = [
  {
    name: 'audit',
    summary: 'Audit a synthetic table against the real table and a holdout: fidelity, utility, privacy.',
    usage: 'synthaudit audit --real FILE --holdout FILE --synthetic FILE [--target COL] [--out DIR] [options]',
    options: auditOptions,
    examples: [
      'synthaudit audit --real train.csv --holdout holdout.csv --synthetic synth.csv --target income --out audit/',
      'synthaudit audit --real r.csv --holdout h.csv --synthetic s.csv --policy policy.yml   # CI gate: exit 1 on failure',
      'synthaudit audit --real r.csv --holdout h.csv --synthetic s.csv --generator marginal-dp --epsilon 1 --constraint "age >= 0"',
    ],
    run: auditCmd,
  },
];

