// `synthaudit generate`: fit a generator on a raw table (or load a saved one) and write a synthetic CSV, optionally saving
// the fitted model with its Domain so `--load` works without the input file. Same seed => identical output bytes.
//
// DP generators (marginal-dp, aim, independent with a budget) are fitted over a DP-safe Domain (dp-domain.ts: bins at private
// quantiles in user or privately estimated bounds, level sets as public metadata; aim's, generators/aim/domain.ts, also works
// on small tables), and that cost is composed into their claim.
// Other generators use the audit Domain (quantile bins from the input). Identifier-like columns are not generated.

import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { UserError } from '../errors.js';
import { writeFilesAtomically, type OutputFs } from '../atomic.js';
import { buildDomain, encode, type Domain } from '../domain.js';
import { inferSchema, type ColumnKind } from '../schema.js';
import { loadTableAsync, type Delimiter } from '../table.js';
import { toSpreadsheetSafeCsv } from '../csv-safe.js';
import { Rng } from '../rng.js';
import type { Progress } from '../progress.js';
import type { Generator, GeneratorState, PrivacyClaim } from '../generators/generator.js';
import { createGenerator, loadGenerator, GENERATOR_NAMES } from '../generators/index.js';
import { decodeTable } from '../generators/common.js';
import { buildDpDomain, domainFromJSON, domainToJSON, type DomainJSON } from '../generators/dp-domain.js';
import { buildAimDomain } from '../generators/aim/domain.js';

export const MODEL_FORMAT = 'synthaudit-generator';

/** The file written by --save and read by --load. */
export interface SavedModel {
  format: typeof MODEL_FORMAT;
  version: 1;
  domain: DomainJSON;
  generator: GeneratorState;
  claim: PrivacyClaim;
}

export interface GenerateArgs {
  generator?: string;
  input?: string;
  rows: number;
  out: string;
  epsilon?: number;
  delta?: number;
  risk?: number;
  degree?: number;
  seed: number;
  save?: string;
  load?: string;
  generatorCmd?: string;
  bounds?: Record<string, [number, number]>;
  kinds?: Record<string, 'numeric' | 'categorical' | 'identifier'>;
  /** Pure-DP budget for the private bounds and bin edges of numeric columns (default: 10% of the budget, deducted from the total). */
  procEpsilon?: number;
  /** Field delimiter of the input (default: sniffed). */
  delimiter?: Delimiter | 'auto';
  /** Input size limit in MB, after decompression. */
  maxInputMb?: number;
}

export const DEFAULT_GENERATE_EPSILON = 1;
/** The most rows one `generate` writes (a typo of a few zeros must not run for hours or fill the disk). */
export const MAX_GENERATE_ROWS = 10_000_000;

function fmtNum(x: number): string {
  return Math.abs(x) >= 1e-3 || x === 0 ? String(+x.toPrecision(4)) : x.toExponential(2);
}

/** One line describing a claim, for CLI output. */
export function describeClaim(c: PrivacyClaim): string {
  if (c.kind === 'none') return `no privacy guarantee${c.note ? ` (${c.note})` : ''}`;
  const parts = [`(epsilon ${fmtNum(c.epsilon)}, delta ${fmtNum(c.delta)})-DP`];
  if (c.mu !== undefined) parts.push(`mu ${fmtNum(c.mu)}-GDP`);
  if (c.rho !== undefined && c.accounting === 'zcdp') parts.push(`rho ${fmtNum(c.rho)}-zCDP`);
  if (c.maxAdvantage !== undefined) parts.push(`membership advantage <= ${fmtNum(c.maxAdvantage)}`);
  return parts.join(', ');
}

function readModel(path: string): SavedModel {
  if (!existsSync(path)) throw new UserError('saved model not found', { file: path });
  let m: SavedModel;
  try {
    m = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new UserError('saved model is not valid JSON', { file: path });
  }
  if (!m || m.format !== MODEL_FORMAT || m.version !== 1) throw new UserError(`not a synthaudit generator file (expected "format": "${MODEL_FORMAT}", version 1)`, { file: path });
  return m;
}

/**
 * Write a file through a temporary file in its folder and a rename (src/atomic.ts): a full disk, a read-only folder or
 * a signal leaves no partial file, the previous file (if any) as it was, and a one-line error naming the file.
 */
function writeText(path: string, text: string, fs?: OutputFs): void {
  writeFilesAtomically(dirname(path), [[basename(path), text]], [], fs);
}

export async function generateCommand(
  args: GenerateArgs,
  progress: Progress,
  /** File operations for --out / --save (default node:fs; tests simulate a full disk). */
  io: { fs?: OutputFs } = {},
): Promise<{ rows: number; claim: PrivacyClaim; out: string; message: string; warnings: string[] }> {
  const rows = args.rows;
  if (!Number.isInteger(rows) || rows < 1) throw new UserError(`--rows must be a positive integer (got ${rows})`);
  if (rows > MAX_GENERATE_ROWS) throw new UserError(`--rows must be at most ${MAX_GENERATE_ROWS.toLocaleString('en-US')} (got ${rows}); generate in batches with different --seed values`);
  const warnings: string[] = [];
  if (!args.out) throw new UserError('generate needs --out FILE');
  const rng = new Rng(args.seed);
  let gen: Generator;
  let domain: Domain;
  const notes: string[] = [];
  if (args.load) {
    const extra = (['input', 'generator', 'epsilon', 'delta', 'risk', 'degree', 'generatorCmd', 'bounds', 'kinds', 'procEpsilon', 'delimiter', 'maxInputMb'] as const).filter((k) => args[k] !== undefined);
    if (extra.length) throw new UserError(`--load uses the saved model as it is; drop ${extra.map((k) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())).join(', ')}`);
    const m = readModel(args.load);
    domain = domainFromJSON(m.domain);
    gen = loadGenerator(m.generator, domain);
  } else {
    if (!args.input) throw new UserError('generate needs --input FILE (or --load MODEL)');
    const name = args.generator ?? 'marginal-dp';
    if (!(GENERATOR_NAMES as readonly string[]).includes(name)) throw new UserError(`unknown generator "${name}" (use ${GENERATOR_NAMES.join(', ')})`);
    if (args.epsilon !== undefined && args.risk !== undefined) throw new UserError('give --epsilon or --risk, not both');
    if (args.degree !== undefined && name !== 'marginal-dp' && name !== 'aim') throw new UserError(`--degree is an option of marginal-dp and aim, not of ${name}`);
    if (name === 'command' && !args.generatorCmd) throw new UserError('--generator command needs --generator-cmd "TEMPLATE" with {input} {output} {rows} {seed}');
    if (name !== 'command' && args.generatorCmd) throw new UserError('--generator-cmd is only for --generator command');
    if (args.procEpsilon !== undefined && !(args.procEpsilon > 0)) throw new UserError(`--proc-epsilon must be > 0 (got ${args.procEpsilon})`);
    if ((name === 'identity' || name === 'command') && (args.epsilon !== undefined || args.risk !== undefined || args.delta !== undefined))
      throw new UserError(`${name} has no privacy parameters (--epsilon, --risk, --delta)`);
    const table = await loadTableAsync(args.input, { delimiter: args.delimiter, maxInputMb: args.maxInputMb, notices: notes });
    const schema = inferSchema(table, { kinds: args.kinds as Record<string, ColumnKind> | undefined });
    const dp = name === 'marginal-dp' || name === 'aim' || (name === 'independent' && (args.epsilon !== undefined || args.risk !== undefined));
    const options: Record<string, unknown> = {};
    if (dp) {
      const priv = args.risk !== undefined ? { risk: args.risk, delta: args.delta } : { epsilon: args.epsilon ?? DEFAULT_GENERATE_EPSILON, delta: args.delta };
      const r = (name === 'aim' ? buildAimDomain : buildDpDomain)(table, schema, { bounds: args.bounds, procEpsilon: args.procEpsilon, generator: { name, options: priv }, rng: rng.fork('generate.bounds') });
      domain = r.domain;
      notes.push(...r.notices);
      if (r.procEpsilons.length) options.procEpsilon = r.procEpsilons;
      options.publicDomain = true;
      // whether a column has missing values is part of its (public) level set
      const noMissing = schema.columns.filter((c) => c.kind !== 'identifier' && c.nMissing === 0).map((c) => c.name);
      if (noMissing.length) options.noMissing = noMissing;
      if (args.risk !== undefined) options.risk = args.risk;
      else {
        options.epsilon = args.epsilon ?? DEFAULT_GENERATE_EPSILON;
        if (args.epsilon === undefined) notes.push(`no --epsilon or --risk given: using epsilon ${DEFAULT_GENERATE_EPSILON}`);
      }
      if (args.delta !== undefined) options.delta = args.delta;
      if (args.degree !== undefined) options.degree = args.degree;
    } else {
      if (args.delta !== undefined) throw new UserError(`--delta needs a DP generator with a budget (marginal-dp, or independent with --epsilon / --risk)`);
      if (args.procEpsilon !== undefined) throw new UserError('--proc-epsilon is only used by DP generators (marginal-dp, or independent with --epsilon / --risk)');
      if (args.bounds && (name === 'identity' || name === 'command')) throw new UserError(`--bounds has no effect on ${name}`);
      domain = buildDomain(table, schema);
      if (args.bounds && (name === 'independent' || name === 'mixing')) options.bounds = args.bounds;
      if (name === 'mixing' && args.epsilon !== undefined) options.epsilon = args.epsilon;
      if (name === 'mixing' && args.risk !== undefined) options.risk = args.risk;
      if (name === 'command') options.command = args.generatorCmd;
    }
    const enc = encode(table, domain);
    gen = createGenerator({ name, options }, domain);
    const task = progress.task(`fitting ${name} on ${enc.n} rows`);
    gen.fit(enc, rng.fork('generate.fit'));
    task.done();
  }
  const task = progress.task(`sampling ${rows} rows`);
  const sampleRng = rng.fork('generate.sample');
  const synth = gen.sampleAsync ? await gen.sampleAsync(rows, sampleRng, { heartbeat: () => task.tick(0) }) : gen.sample(rows, sampleRng);
  task.done();
  // categories the generator invented cannot be written as themselves (the output is decoded over the input's domain):
  // count them per column, without the values (they may be real data), instead of silently emptying the cells
  synth.unseenCounts.forEach((u, j) => {
    if (u > 0) warnings.push(`column "${domain.columns[j].name}": ${u} of ${synth.n} cells are categories the input table does not have; they are written as empty cells`);
  });
  // both files rendered before either is written
  const csv = toSpreadsheetSafeCsv(decodeTable(synth, args.out)); // cells starting =, +, -, @ (not numbers) get a leading '
  const claim = gen.claim();
  const model: SavedModel | undefined = args.save ? { format: MODEL_FORMAT, version: 1, domain: domainToJSON(domain), generator: gen.toJSON(), claim } : undefined;
  writeText(args.out, csv, io.fs);
  if (args.save) {
    writeText(args.save, JSON.stringify(model) + '\n', io.fs);
    if (gen.name === 'identity' || gen.name === 'mixing' || gen.name === 'command') notes.push(`${args.save} contains training rows (the ${gen.name} generator keeps them): treat it as the real data`);
  }
  for (const n of notes) progress.log(n);
  const message = `wrote ${rows} rows to ${args.out} with ${gen.name}: ${describeClaim(claim)}${args.save ? `; model saved to ${args.save}` : ''}`;
  return { rows, claim, out: args.out, message, warnings };
}
