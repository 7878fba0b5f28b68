// The CLI's commands (audit, demo, generate, gate): each is its options, its help and a run() that calls the library.
// Flags override the config file; everything random takes --seed.


import { UserError, escapeTerminal } from '../errors.js';
import type { OptionSpec } from './args.js';
import type { CommandDef } from './main.js';
import { loadConfig, parseKindFlags, checkSeed, type AuditConfig } from './config.js';
import { GENERATOR_NAMES } from '../generators/index.js';
import { checkClaim, MIN_SHADOW_SETS } from '../../attacks/options.js';
import { DEFAULT_BINS } from '../domain.js';
import { DEFAULT_SEED } from '../rng.js';
import { stderrProgress, silentProgress } from '../progress.js';
import { runAudit, type AuditOptions } from './audit.js';
import { writeOutputs, ensureOutputDir, OUTPUT_FILES } from './outputs.js';
import { RENDERERS } from '../../reports/renderers.js';
import { SUMMARY_MODES, type SummaryMode } from '../../reports/markdown.js';
import { loadPolicy, DEFAULT_POLICY_PATH, gateCommand, formatVerdict, builtinPolicyNames } from './gate.js';
import { generateCommand, MAX_GENERATE_ROWS } from './generate.js';
import { packagePath, refuseOverwrite } from '../paths.js';
import { parseDelimiter, DEFAULT_MAX_INPUT_MB } from '../table.js';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { SECTION_NAMES, isSectionName, type SectionName } from './sections.js';
import { resolve } from 'node:path';

/** --summary: how much summary.md holds. */
const SUMMARY_OPTION: OptionSpec = { name: 'summary', type: 'string', arg: 'MODE', help: `summary.md: ${SUMMARY_MODES.join(' or ')} (compact: the verdict, the failed rules and where the rest is; full: every rule and headline)`, default: 'compact' };

function summaryMode(v: Record<string, unknown>): SummaryMode {
  const m = str(v.summary) ?? 'compact';
  if (!(SUMMARY_MODES as readonly string[]).includes(m)) throw new UserError(`--summary must be ${SUMMARY_MODES.join(' or ')} (got "${m}")`);
  return m as SummaryMode;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
/** --out as given, or the default; an empty path would write into the current folder, so it is refused. */
function outDir(v: Record<string, unknown>, dflt: string): string {
  const o = str(v.out) ?? dflt;
  if (o.trim() === '') throw new UserError('--out needs a folder path (got an empty string)');
  return o;
}

const auditOptions: OptionSpec[] = [
  { name: 'real', type: 'string', arg: 'FILE', help: 'the real table the generator was trained on (CSV, TSV, JSONL, .gz ok; Parquet; Arrow IPC)' },
  { name: 'holdout', type: 'string', arg: 'FILE', help: 'a holdout from the same population the generator never saw' },
  { name: 'synthetic', type: 'string', arg: 'FILE', help: 'the synthetic table to audit' },
  { name: 'target', type: 'string', arg: 'COL', help: 'target column for utility (categorical = classification, numeric = regression)' },
  { name: 'out', type: 'string', arg: 'DIR', help: `output folder for ${OUTPUT_FILES.filter((f) => f !== 'timings.json').join(', ')} (junit.xml with --policy)`, default: 'synthaudit-out' },
  { name: 'seed', type: 'number', arg: 'N', help: 'seed for every random choice (same inputs + seed = identical results.json)', defaultHelp: String(DEFAULT_SEED) },
  { name: 'config', type: 'string', arg: 'FILE', help: 'YAML/JSON config: kinds, missing, target, constraints, per-section options' },
  { name: 'policy', type: 'string', arg: 'FILE', help: `YAML/JSON gate policy file, or a built-in policy by name (built-in: ${builtinPolicyNames().join(', ')}); exit 1 if any rule fails` },
  { name: 'json', type: 'boolean', help: 'print {files, verdict} as JSON on stdout instead of the text lines (progress stays on stderr)' },
  { name: 'kind', type: 'list', arg: 'COL=KIND', help: 'override a column kind (numeric, categorical, identifier); repeatable' },
  { name: 'missing', type: 'string', arg: 'TOKENS', help: 'comma-separated missing-value tokens (default: empty cell, NA, ?)' },
  { name: 'bins', type: 'number', arg: 'N', help: 'quantile bins per numeric column for marginal metrics', defaultHelp: String(DEFAULT_BINS) },
  { name: 'delimiter', type: 'string', arg: 'D', help: 'field delimiter of the CSV inputs: comma, semicolon, tab, pipe, or auto (sniffed from the header and first rows; a notice says when it is not a comma)', defaultHelp: 'auto' },
  { name: 'max-input-mb', type: 'number', arg: 'MB', help: 'refuse an input table larger than this once decompressed (one line, exit 2)', defaultHelp: String(DEFAULT_MAX_INPUT_MB) },
  { name: 'sections', type: 'string', arg: 'LIST', help: `comma-separated sections to run: ${SECTION_NAMES.join(',')} (default all)` },
  { name: 'constraint', type: 'list', arg: 'EXPR', help: 'a plausibility rule the synthetic rows must satisfy, e.g. "age >= 0"; repeatable' },
  { name: 'generator', type: 'string', arg: 'NAME', help: `generator the attacker assumes for shadow-model attacks (${GENERATOR_NAMES.filter((n) => n !== 'command').join(', ')}; an external one: --generator-cmd)` },
  { name: 'generator-cmd', type: 'string', arg: 'CMD', help: 'external generator command template for shadow models ({input} {output} {rows} {seed})' },
  { name: 'epsilon', type: 'number', arg: 'E', help: 'epsilon of the assumed generator (marginal-dp / aim / independent)' },
  { name: 'claim-epsilon', type: 'number', arg: 'E', help: 'with --generator-cmd: the epsilon the external generator claims (add/remove DP); checked against the empirical lower bound' },
  { name: 'claim-delta', type: 'number', arg: 'D', help: 'with --claim-epsilon: the claimed delta (default 0)' },
  { name: 'shadow-sets', type: 'number', arg: 'N', help: `shadow datasets per target, half to train the attack, half to test it (at least ${2 * MIN_SHADOW_SETS}; default 300, or 120 with --generator-cmd)` },
  { name: 'show-examples', type: 'boolean', help: 'allow real records in the report (off by default)' },
  SUMMARY_OPTION,
  { name: 'quiet', type: 'boolean', help: 'no progress on stderr' },
];

function maxInputMb(v: Record<string, unknown>): number | undefined {
  const m = num(v['max-input-mb']);
  if (m !== undefined && !(m > 0 && Number.isFinite(m))) throw new UserError(`--max-input-mb must be a positive number of MB (got ${m})`);
  return m;
}

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
  for (const s of sections ?? []) if (!isSectionName(s)) throw new UserError(`--sections: unknown section "${s}" (${SECTION_NAMES.join(', ')})`);
  if (sections && sections.length === 0) throw new UserError(`--sections names no section (use a comma-separated list of ${SECTION_NAMES.join(', ')})`);
  const privacy: Record<string, unknown> = { ...(cfg.privacy ?? {}) };
  const gname = str(v.generator);
  if (gname !== undefined && !(GENERATOR_NAMES as readonly string[]).includes(gname)) throw new UserError(`--generator: unknown generator "${gname}" (use ${GENERATOR_NAMES.join(', ')})`);
  if (gname === 'command' && !str(v['generator-cmd'])) throw new UserError('--generator command needs --generator-cmd "TEMPLATE" with {input} {output} {rows} {seed}');
  if (str(v.generator)) privacy.generator = { name: str(v.generator), options: num(v.epsilon) !== undefined ? { epsilon: num(v.epsilon) } : {} };
  const cmd = str(v['generator-cmd']);
  const claimEps = num(v['claim-epsilon']);
  const claimDelta = num(v['claim-delta']);
  if (cmd && num(v.epsilon) !== undefined) throw new UserError(`--epsilon configures a bundled generator; an external one (--generator-cmd) sets its own budget: state what it claims with --claim-epsilon ${num(v.epsilon)} (and --claim-delta)`);
  if ((claimEps !== undefined || claimDelta !== undefined) && !cmd) throw new UserError('--claim-epsilon/--claim-delta state the claim of an external generator (--generator-cmd); a bundled generator states its own (set it with --epsilon)');
  if (claimDelta !== undefined && claimEps === undefined) throw new UserError('--claim-delta needs --claim-epsilon (a DP claim without epsilon cannot be checked)');
  if (cmd) {
    const claim = claimEps !== undefined ? { kind: 'dp', epsilon: claimEps, delta: claimDelta ?? 0, neighbours: 'add-remove' } : undefined;
    if (claim) checkClaim(claim, '--claim-epsilon/--claim-delta');
    privacy.generator = { name: 'command', options: { command: cmd, ...(claim ? { claim } : {}) } };
  }
  if (num(v['shadow-sets']) !== undefined) {
    const n = num(v['shadow-sets'])!;
    if (!(Number.isInteger(n) && n >= 2 * MIN_SHADOW_SETS)) throw new UserError(`--shadow-sets must be an integer >= ${2 * MIN_SHADOW_SETS} (${MIN_SHADOW_SETS} to train the attack and ${MIN_SHADOW_SETS} to test it; fewer give no meaningful interval) (got ${n})`);
    const trainSets = Math.ceil(n / 2);
    privacy.shadow = { ...((privacy.shadow as object) ?? {}), nTrainSets: trainSets, nTestSets: n - trainSets };
  }
  const fidelity: Record<string, unknown> = { ...(cfg.fidelity ?? {}) };
  const constraints = [...(cfg.constraints ?? []), ...((v.constraint as string[] | undefined) ?? [])];
  if (constraints.length) fidelity.constraints = constraints;
  return {
    real: real!,
    holdout: holdout!,
    synthetic: synthetic!,
    target: str(v.target) ?? cfg.target,
    seed: num(v.seed) !== undefined ? checkSeed(num(v.seed), '--seed') : (cfg.seed ?? DEFAULT_SEED),
    bins: num(v.bins) ?? cfg.bins,
    missing: str(v.missing) !== undefined ? str(v.missing)!.split(',') : cfg.missing,
    delimiter: str(v.delimiter) !== undefined ? parseDelimiter(str(v.delimiter)!) : cfg.delimiter !== undefined ? parseDelimiter(cfg.delimiter) : undefined,
    maxInputMb: maxInputMb(v) ?? cfg.maxInputMb,
    kinds: Object.assign(Object.create(null), cfg.kinds ?? {}, parseKindFlags(v.kind as string[] | undefined)),
    maxIntegerCategories: cfg.maxIntegerCategories,
    exclude: cfg.exclude,
    sections,
    fidelity,
    utility: cfg.utility ?? {},
    privacy,
  };
}

/** Files `audit --out` writes (src/app/outputs.ts, from the renderer registry). */
const AUDIT_OUTPUT_FILES = OUTPUT_FILES;
/** Files `gate --out` re-renders (reports/renderers.ts entries marked gate). */
const GATE_OUTPUT_FILES = RENDERERS.filter((r) => r.gate).map((r) => r.file);

async function auditCmd(args: { positional: string[]; values: Record<string, unknown> }): Promise<number> {
  const v = args.values;
  if (args.positional.length) throw new UserError(`audit takes no positional arguments (got "${args.positional[0]}"); use --real, --holdout, --synthetic`);
  const cfg = str(v.config) ? loadConfig(str(v.config)!) : {};
  const opts = buildAuditOptions(v, cfg);
  const progress = v.quiet ? silentProgress : stderrProgress();
  opts.progress = progress;
  const policyPath = str(v.policy) ?? cfg.policy;
  const policy = policyPath ? loadPolicy(policyPath) : undefined; // fail on a bad policy before the long run
  const outPath = outDir(v, 'synthaudit-out');
  // an output file must never replace an input (e.g. a table called summary.md inside --out)
  refuseOverwrite(
    AUDIT_OUTPUT_FILES.map((f) => [`--out (${f})`, join(outPath, f)] as [string, string]),
    [['--real', typeof opts.real === 'string' ? opts.real : undefined], ['--holdout', typeof opts.holdout === 'string' ? opts.holdout : undefined], ['--synthetic', typeof opts.synthetic === 'string' ? opts.synthetic : undefined], ['--config', str(v.config)], ['--policy', policyPath]],
  );
  ensureOutputDir(outPath); // and on an output folder that cannot be created
  const { result, timings } = await runAudit(opts);
  const out = await writeOutputs(outPath, result, timings, { policy, showExamples: !!v['show-examples'], summary: summaryMode(v) });
  if (v.json) {
    process.stdout.write(JSON.stringify({ files: out.files, ...(out.verdict ? { verdict: out.verdict } : {}) }, null, 2) + '\n');
    return out.verdict ? (out.verdict.passed ? 0 : 1) : 0;
  }
  process.stdout.write(`report:  ${escapeTerminal(out.files['report.html'])}\nresults: ${escapeTerminal(out.files['results.json'])}\nsummary: ${escapeTerminal(out.files['summary.md'])}\n`);
  if (out.verdict) {
    process.stdout.write(formatVerdict(out.verdict));
    process.stdout.write(`junit:   ${escapeTerminal(out.files['junit.xml'])}\n`);
    return out.verdict.passed ? 0 : 1;
  }
  return 0;
}

async function gateCmd(args: { positional: string[]; values: Record<string, unknown> }): Promise<number> {
  const v = args.values;
  const results = args.positional[0] ?? str(v.results);
  if (!results) throw new UserError('gate needs a results.json path: synthaudit gate results.json --policy policy.yml');
  if (args.positional.length > 1) throw new UserError(`gate takes one results file (got ${args.positional.length})`);
  const out = str(v.out) !== undefined ? outDir(v, '') : undefined;
  if (out) refuseOverwrite(GATE_OUTPUT_FILES.map((f) => [`--out (${f})`, join(out, f)] as [string, string]), [['results', results], ['--policy', str(v.policy)]]);
  if (v.json && v.quiet) throw new UserError('--json and --quiet do not go together (--quiet prints nothing on stdout)');
  return gateCommand(results, str(v.policy) ?? DEFAULT_POLICY_PATH, out, v.json ? 'json' : v.quiet ? 'quiet' : 'text', summaryMode(v));
}

function parseBounds(list: string[] | undefined): Record<string, [number, number]> | undefined {
  if (!list?.length) return undefined;
  const out: Record<string, [number, number]> = Object.create(null); // keyed by column name
  for (const b of list) {
    const m = /^(.+)=(-?[\d.eE+-]+):(-?[\d.eE+-]+)$/.exec(b);
    if (!m || !(Number(m[2]) < Number(m[3]))) throw new UserError(`--bounds expects COLUMN=LO:HI with LO < HI, got "${b}"`);
    out[m[1]] = [Number(m[2]), Number(m[3])];
  }
  return out;
}

async function generateCmd(args: { positional: string[]; values: Record<string, unknown> }): Promise<number> {
  const v = args.values;
  if (args.positional.length) throw new UserError(`generate takes no positional arguments (got "${args.positional[0]}")`);
  if (num(v.rows) === undefined) throw new UserError('generate needs --rows N');
  if (num(v.rows)! > MAX_GENERATE_ROWS) throw new UserError(`--rows must be at most ${MAX_GENERATE_ROWS.toLocaleString('en-US')} (got ${num(v.rows)}); generate in batches with different --seed values`);
  const seed = checkSeed(num(v.seed) ?? DEFAULT_SEED, '--seed');
  // never write over the real table (or the model being loaded), nor --out and --save over each other
  refuseOverwrite([['--out', str(v.out)], ['--save', str(v.save)]], [['--input', str(v.input)], ['--load', str(v.load)]]);
  // the folders of --out and --save are created like audit --out's
  for (const f of [str(v.out), str(v.save)]) if (f) ensureOutputDir(dirname(f));
  const progress = v.quiet ? silentProgress : stderrProgress();
  const r = await generateCommand(
    {
      generator: str(v.generator),
      input: str(v.input),
      rows: num(v.rows)!,
      out: str(v.out) ?? '',
      epsilon: num(v.epsilon),
      delta: num(v.delta),
      risk: num(v.risk),
      degree: num(v.degree),
      seed,
      save: str(v.save),
      load: str(v.load),
      generatorCmd: str(v['generator-cmd']),
      bounds: parseBounds(v.bounds as string[] | undefined),
      procEpsilon: num(v['proc-epsilon']),
      kinds: v.kind ? parseKindFlags(v.kind as string[]) : undefined,
      delimiter: str(v.delimiter) !== undefined ? parseDelimiter(str(v.delimiter)!) : undefined,
      maxInputMb: maxInputMb(v),
    },
    progress,
  );
  for (const w of r.warnings) process.stderr.write(`warning: ${escapeTerminal(w)}\n`); // even with --quiet: this is about the data, not progress
  process.stdout.write(escapeTerminal(r.message) + '\n'); // names the --out / --save paths
  return 0;
}

/** The demo: fit the reference generator on the shipped Adult copy, sample, audit against the holdout, write the report. */
async function demoCmd(args: { positional: string[]; values: Record<string, unknown> }): Promise<number> {
  const v = args.values;
  const out = resolve(outDir(v, 'synthaudit-demo'));
  const train = packagePath('data', 'demo', 'adult-train.csv.gz');
  const holdout = packagePath('data', 'demo', 'adult-holdout.csv.gz');
  if (!existsSync(train) || !existsSync(holdout)) throw new UserError('the demo data is missing from this installation', { file: train });
  const seed = checkSeed(num(v.seed) ?? DEFAULT_SEED, '--seed');
  const epsilon = num(v.epsilon) ?? 1;
  const progress = v.quiet ? silentProgress : stderrProgress();
  ensureOutputDir(out);
  const synthPath = join(out, 'synthetic.csv');
  progress.log(`demo: fitting marginal-dp (epsilon ${epsilon}) on the shipped UCI Adult train table (32,561 rows)`);
  const g = await generateCommand({ generator: 'marginal-dp', input: train, rows: 32561, out: synthPath, epsilon, seed, save: join(out, 'generator.json') }, progress);
  progress.log(g.message);
  const fast = !v.full;
  const { result, timings } = await runAudit({
    real: train,
    holdout,
    synthetic: synthPath,
    target: 'income',
    seed,
    progress,
    fidelity: { constraints: ['age >= 17', 'capital_gain >= 0', 'capital_loss >= 0', 'hours_per_week >= 1', 'relationship == "Husband" -> sex == "Male"', 'relationship == "Wife" -> sex == "Female"'] },
    privacy: {
      generator: { name: 'marginal-dp', options: { epsilon } },
      ...(fast ? { shadow: { nVulnerable: 5, nRandom: 0, nTrainSets: 100, nTestSets: 60 }, shadowAia: { nVulnerable: 3, nRandom: 0, nTrainSets: 60, nTestSets: 40 } } : {}),
    },
  });
  const policy = loadPolicy(str(v.policy) ?? DEFAULT_POLICY_PATH);
  const w = await writeOutputs(out, result, timings, { policy, summary: summaryMode(v) });
  process.stdout.write(formatVerdict(w.verdict!));
  process.stdout.write(`\nsynthetic table: ${escapeTerminal(synthPath)}\nresults:         ${escapeTerminal(w.files['results.json'])}\nsummary:         ${escapeTerminal(w.files['summary.md'])}\nreport:          ${escapeTerminal(w.files['report.html'])}\n`);
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
      'synthaudit audit --real r.csv --holdout h.csv --synthetic s.csv --generator-cmd "python gen.py --in {input} --out {output} --rows {rows} --seed {seed}" --claim-epsilon 1 --claim-delta 1e-5',
    ],
    run: auditCmd,
  },
  {
    name: 'demo',
    summary: 'Run the whole pipeline on the bundled UCI Adult copy: generate with marginal-dp, audit, write the report.',
    usage: 'synthaudit demo [--out DIR] [--seed N] [--epsilon E] [--full]',
    options: [
      { name: 'out', type: 'string', arg: 'DIR', help: 'output folder', default: 'synthaudit-demo' },
      { name: 'seed', type: 'number', arg: 'N', help: 'seed for generation and audit', default: DEFAULT_SEED },
      { name: 'epsilon', type: 'number', arg: 'E', help: 'privacy budget of the demo generator', default: 1 },
      { name: 'policy', type: 'string', arg: 'FILE', help: `policy to judge the demo against: a file, or a built-in policy by name (built-in: ${builtinPolicyNames().join(', ')}); default: the built-in default` },
      { name: 'full', type: 'boolean', help: 'full-size shadow-model attacks (10 vulnerable + random targets x 300 shadow sets; minutes)' },
      SUMMARY_OPTION,
      { name: 'quiet', type: 'boolean', help: 'no progress on stderr' },
    ],
    examples: ['synthaudit demo', 'synthaudit demo --out /tmp/demo --epsilon 3'],
    run: demoCmd,
  },
  {
    name: 'generate',
    summary: 'Fit a bundled generator (or run an external one) on a table and write a synthetic CSV.',
    usage: 'synthaudit generate --generator NAME --input FILE --rows N --out FILE [--epsilon E | --risk A] [--degree K] [--seed S] [--save MODEL]',
    options: [
      { name: 'generator', type: 'string', arg: 'NAME', help: GENERATOR_NAMES.join(' | '), defaultHelp: 'marginal-dp' },
      { name: 'input', type: 'string', arg: 'FILE', help: 'training table' },
      { name: 'rows', type: 'number', arg: 'N', help: `rows to sample (1 to ${MAX_GENERATE_ROWS.toLocaleString('en-US')})` },
      { name: 'out', type: 'string', arg: 'FILE', help: 'synthetic CSV to write (never the --input file)' },
      { name: 'epsilon', type: 'number', arg: 'E', help: 'DP budget (marginal-dp, aim, noisy independent); default 1' },
      { name: 'delta', type: 'number', arg: 'D', help: 'DP delta (default 1e-5 or as documented)' },
      { name: 'risk', type: 'number', arg: 'A', help: 'instead of --epsilon: bound on membership-inference advantage (TPR - FPR), 0 < A < 1' },
      { name: 'degree', type: 'number', arg: 'K', help: 'marginal-dp / aim: order of the measured marginals (2 or 3)' },
      { name: 'bounds', type: 'list', arg: 'COL=LO:HI', help: 'public bounds of a numeric column (costs no budget); repeatable' },
      { name: 'proc-epsilon', type: 'number', arg: 'E', help: 'pure-DP epsilon for private bounds and bin edges of numeric columns when --bounds is not given (default: 10% of the budget)' },
      { name: 'kind', type: 'list', arg: 'COL=KIND', help: 'override a column kind; repeatable' },
      { name: 'delimiter', type: 'string', arg: 'D', help: 'field delimiter of --input: comma, semicolon, tab, pipe, or auto (sniffed)', defaultHelp: 'auto' },
      { name: 'max-input-mb', type: 'number', arg: 'MB', help: 'refuse an input table larger than this once decompressed', defaultHelp: String(DEFAULT_MAX_INPUT_MB) },
      { name: 'generator-cmd', type: 'string', arg: 'CMD', help: 'for --generator command: template with {input} {output} {rows} {seed}; categories it invents (not in --input) are written as empty cells, with a warning counting them per column' },
      { name: 'seed', type: 'number', arg: 'N', help: 'seed', default: DEFAULT_SEED },
      { name: 'save', type: 'string', arg: 'FILE', help: 'save the fitted generator as JSON' },
      { name: 'load', type: 'string', arg: 'FILE', help: 'sample from a saved generator instead of fitting' },
      { name: 'quiet', type: 'boolean', help: 'no progress on stderr' },
    ],
    examples: [
      'synthaudit generate --generator marginal-dp --input train.csv --rows 32561 --out synth.csv --epsilon 1 --save model.json',
      'synthaudit generate --generator marginal-dp --input train.csv --rows 1000 --out synth.csv --risk 0.1',
      'synthaudit generate --load model.json --rows 5000 --out more.csv --seed 7',
      'synthaudit generate --generator command --generator-cmd "python gen.py --in {input} --out {output} --rows {rows} --seed {seed}" --input train.csv --rows 1000 --out synth.csv',
    ],
    run: generateCmd,
  },
  {
    name: 'gate',
    summary: 'Re-judge a saved results.json against a policy without recomputing (exit 0 pass, 1 fail, 2 error).',
    usage: 'synthaudit gate RESULTS.json [--policy FILE|NAME] [--out DIR] [--json | --quiet]',
    options: [
      { name: 'policy', type: 'string', arg: 'FILE', help: `YAML/JSON policy file, or a built-in policy by name (built-in: ${builtinPolicyNames().join(', ')}); default: the built-in default` },
      { name: 'json', type: 'boolean', help: 'print the verdict as JSON on stdout instead of the text lines' },
      { name: 'quiet', type: 'boolean', help: 'print nothing on stdout: the exit code is the verdict (errors still go to stderr)' },
      SUMMARY_OPTION,
      { name: 'out', type: 'string', arg: 'DIR', help: `also write ${GATE_OUTPUT_FILES.join(' and ')} here` },
    ],
    examples: ['synthaudit gate audit/results.json --policy policy.yml', 'synthaudit gate audit/results.json --out ci/'],
    run: gateCmd,
  },
];

