// Audit orchestration: load -> schema -> Domain (real only) -> encode -> each registered section -> AuditResult.
// Sections are listed once in src/app/sections.ts; each receives the same AuditContext and returns plain JSON.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadTableAsync, type Table, type LoadOptions, type Delimiter } from '../table.js';
import { prepare, type PrepareOptions } from '../prepare.js';
import { Rng, DEFAULT_SEED } from '../rng.js';
import { silentProgress, type Progress } from '../progress.js';
import { makeContext, type AuditContext } from '../context.js';
import type { ColumnReport, InputMeta } from '../result.js';
import { RESULTS_VERSION, type AuditResult } from '../../reports/result.js';
import { SECTIONS, type SectionName } from './sections.js';
import { VERSION } from '../version.js';
import { UserError } from '../errors.js';
import { knownHint } from '../suggest.js';
import { checkSeed } from './config.js';
import type { Domain } from '../domain.js';

export interface AuditOptions extends PrepareOptions {
  real: string | Table;
  holdout: string | Table;
  synthetic: string | Table;
  target?: string;
  seed?: number;
  missing?: string[];
  /** Field delimiter of CSV inputs (comma, semicolon, tab, pipe) or 'auto' (default: sniffed from the header and first rows). */
  delimiter?: Delimiter | 'auto';
  /** Refuse an input larger than this many MB once decompressed (default DEFAULT_MAX_INPUT_MB = 511). */
  maxInputMb?: number;
  /** Sections to run (default: all). */
  sections?: SectionName[];
  /** Per-section options (fidelity, utility, privacy), passed through as ctx.options[section]. */
  fidelity?: Record<string, unknown>;
  utility?: Record<string, unknown>;
  privacy?: Record<string, unknown>;
  progress?: Progress;
}

/** Every key of AuditOptions: anything else is a typo and an error. The type check fails to compile when AuditOptions
 *  (or PrepareOptions) gains a key not listed here. */
export const AUDIT_OPTION_KEYS = ['real', 'holdout', 'synthetic', 'target', 'seed', 'missing', 'delimiter', 'maxInputMb', 'sections', 'fidelity', 'utility', 'privacy', 'progress', 'kinds', 'maxIntegerCategories', 'minRowsForIdentifier', 'bins', 'exclude'] as const;
type Exhaustive<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : false;
const auditKeysComplete: Exhaustive<(typeof AUDIT_OPTION_KEYS)[number], keyof AuditOptions> = true;
void auditKeysComplete;

export interface AuditRun {
  result: AuditResult;
  /** Wall-clock milliseconds per stage (kept out of results.json so it stays byte-identical). */
  timings: Record<string, number>;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function tableInput(t: string | Table, role: InputMeta['role'], loadOpts: LoadOptions): Promise<{ table: Table; file: string; hash: string }> {
  if (typeof t === 'string') {
    const table = await loadTableAsync(t, loadOpts);
    // the file's name only: a local path would leak the auditor's file system into a shared report (the sha256 identifies the file)
    return { table, file: basename(t), hash: sha256(t) };
  }
  // in-memory table: hash its contents
  const h = createHash('sha256');
  h.update(t.columns.join('\u0001'));
  for (const col of t.cells) for (const v of col) h.update(v === null ? '\u0000' : v + '\u0001');
  // its name as a file name only (a table loaded elsewhere may carry its path as its name)
  return { table: t, file: (t.name && basename(t.name)) || role, hash: h.digest('hex') };
}

/** Run an audit and return the results plus per-stage timings. */
export async function runAudit(opts: AuditOptions): Promise<AuditRun> {
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) throw new UserError(`audit options must be a mapping of option names to values (got ${JSON.stringify(opts)})`);
  for (const k of Object.keys(opts)) {
    if (!(AUDIT_OPTION_KEYS as readonly string[]).includes(k)) throw new UserError(`unknown audit option "${k}"${knownHint(k, AUDIT_OPTION_KEYS)}`);
  }
  const progress = opts.progress ?? silentProgress;
  const seed = checkSeed(opts.seed ?? DEFAULT_SEED, 'seed');
  // every section's data-free option check, before any table is read or any section runs (a typo must not wait for the long run)
  for (const s of SECTIONS) s.checkOptions(opts[s.name] ?? {});
  const timings: Record<string, number> = {};
  const stages: string[] = [];
  const timed = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await f();
    timings[name] = Math.round((performance.now() - t0) * 10) / 10;
    stages.push(name);
    return out;
  };
  const loadNotices: string[] = [];
  const loadOpts: LoadOptions = { missing: opts.missing, delimiter: opts.delimiter, maxInputMb: opts.maxInputMb, notices: loadNotices };
  const inputs = await timed('load', async () => ({
    real: await tableInput(opts.real, 'real', loadOpts),
    holdout: await tableInput(opts.holdout, 'holdout', loadOpts),
    synthetic: await tableInput(opts.synthetic, 'synthetic', loadOpts),
  }));
  const { real, holdout, synthetic } = { real: inputs.real.table, holdout: inputs.holdout.table, synthetic: inputs.synthetic.table };
  if (opts.target !== undefined && !real.columns.includes(opts.target)) {
    throw new UserError(`--target names a column that is not in the real table (columns: ${real.columns.join(', ')})`, { file: real.name, column: opts.target });
  }
  for (const c of opts.exclude ?? []) {
    if (!real.columns.includes(c)) throw new UserError(`exclude names a column that is not in the real table (columns: ${real.columns.join(', ')})`, { file: real.name, column: c });
  }
  const prep = await timed('schema+domain+encode', () => prepare(real, holdout, synthetic, opts));
  prep.notices.unshift(...loadNotices);
  checkPrivacyColumns(opts, real, prep.domain);
  const rng = new Rng(seed);
  const ctx: AuditContext = makeContext(prep, { real, holdout, synthetic }, {
    target: opts.target,
    rng,
    progress,
    options: { fidelity: opts.fidelity ?? {}, utility: opts.utility ?? {}, privacy: opts.privacy ?? {} },
  });
  const columns: ColumnReport[] = prep.schema.columns.map((c) => {
    const j = prep.domain.index.get(c.name);
    const cd = j === undefined ? undefined : prep.domain.columns[j];
    const rep: ColumnReport = { name: c.name, kind: c.kind, source: c.source, reason: c.reason, nDistinct: c.nDistinct, nMissing: c.nMissing, analysed: j !== undefined };
    if (cd && cd.kind === 'categorical' && j !== undefined) {
      rep.unseen = {
        holdout: prep.holdout.unseenCounts[j],
        synthetic: prep.synthetic.unseenCounts[j],
        examples: [...new Set([...prep.holdout.unseenExamples[j], ...prep.synthetic.unseenExamples[j]])].slice(0, 5),
      };
    }
    return rep;
  });
  for (const n of prep.notices) progress.log(`notice: ${n}`);
  const result: AuditResult = {
    version: RESULTS_VERSION,
    meta: {
      tool: 'synthaudit',
      version: VERSION,
      seed,
      options: {
        target: opts.target ?? null,
        bins: prep.domain.bins,
        sections: opts.sections ?? SECTIONS.map((s) => s.name),
        fidelity: opts.fidelity ?? {},
        utility: opts.utility ?? {},
        privacy: opts.privacy ?? {},
      },
      inputs: (['real', 'holdout', 'synthetic'] as const).map((role) => ({
        role,
        file: inputs[role].file,
        sha256: inputs[role].hash,
        rows: inputs[role].table.nRows,
        columns: inputs[role].table.columns.length,
      })),
      stages,
    },
    data: { columns, notices: prep.notices, integerNumeric: prep.schema.integerNumeric ?? [], ...(opts.target ? { target: opts.target } : {}) },
  };
  const wanted = new Set(opts.sections ?? SECTIONS.map((s) => s.name));
  for (const s of SECTIONS) {
    if (!wanted.has(s.name)) continue;
    progress.log(`${s.name}...`);
    // s.name and s.run's result type go together (Section), but TypeScript cannot correlate them through a union index.
    Object.assign(result, { [s.name]: await timed(s.name, () => s.run(ctx)) });
  }
  return { result, timings };
}

/** Column names in the privacy options must be analysed columns of the real table (a typo fails before any section runs). */
function checkPrivacyColumns(opts: AuditOptions, real: Table, domain: Domain): void {
  const p = opts.privacy ?? {};
  const col = (key: string, name: unknown) => {
    if (typeof name !== 'string') throw new UserError(`privacy.${key} must name a column (got ${JSON.stringify(name)})`, { file: real.name });
    if (!real.columns.includes(name)) throw new UserError(`privacy.${key} names a column that is not in the real table (columns: ${real.columns.join(', ')})`, { file: real.name, column: name });
    if (!domain.index.has(name)) throw new UserError(`privacy.${key} names a column that is not analysed (identifier-like or excluded)`, { file: real.name, column: name });
  };
  if (p.secret !== undefined && opts.target === undefined) col('secret', p.secret);
  if (p.quasiIdentifiers !== undefined) {
    if (!Array.isArray(p.quasiIdentifiers)) throw new UserError(`privacy.quasiIdentifiers must be a list of column names (got ${JSON.stringify(p.quasiIdentifiers)})`);
    for (const q of p.quasiIdentifiers) col('quasiIdentifiers', q);
    const secret = opts.target ?? p.secret;
    if (typeof secret === 'string' && p.quasiIdentifiers.includes(secret)) {
      throw new UserError(`privacy.quasiIdentifiers includes the secret column (${opts.target !== undefined ? 'the --target' : 'privacy.secret'}): the attacker cannot know what it is guessing`, { file: real.name, column: secret });
    }
  }
}

/** Library entry point: run an audit and return the typed results. */
export async function audit(opts: AuditOptions): Promise<AuditResult> {
  return (await runAudit(opts)).result;
}
