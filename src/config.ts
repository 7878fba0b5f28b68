// The optional config file (YAML or JSON): column kinds, missing tokens, target, bins, constraints and per-section
// options. CLI flags override it. Unknown keys are user errors so typos do not pass silently.

import { readFileSync, existsSync } from 'node:fs';
import YAML from 'yaml';
import { UserError } from './errors.js';
import type { ColumnKind } from './schema.js';

export interface AuditConfig {
  target?: string;
  seed?: number;
  bins?: number;
  missing?: string[];
  kinds?: Record<string, ColumnKind>;
  maxIntegerCategories?: number;
  exclude?: string[];
  constraints?: string[];
  fidelity?: Record<string, unknown>;
  utility?: Record<string, unknown>;
  privacy?: Record<string, unknown>;
  policy?: string;
}

const KNOWN = new Set(['target', 'seed', 'bins', 'missing', 'kinds', 'maxIntegerCategories', 'exclude', 'constraints', 'fidelity', 'utility', 'privacy', 'policy']);

export function loadStructured(path: string, what: string): unknown {
  if (!existsSync(path)) throw new UserError(`${what} file not found`, { file: path });
  const text = readFileSync(path, 'utf8');
  try {
    return path.toLowerCase().endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw new UserError(`cannot parse ${what}: ${msg}`, { file: path });
  }
}

export function loadConfig(path: string): AuditConfig {
  const raw = loadStructured(path, 'config');
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UserError('config must be a mapping of keys to values', { file: path });
  for (const k of Object.keys(raw as object)) {
    if (!KNOWN.has(k)) throw new UserError(`unknown config key "${k}" (known: ${[...KNOWN].join(', ')})`, { file: path });
  }
  const c = raw as AuditConfig;
  if (c.kinds) {
    for (const [col, kind] of Object.entries(c.kinds)) {
      if (!['numeric', 'categorical', 'identifier'].includes(kind)) throw new UserError(`kinds: "${kind}" is not numeric, categorical or identifier`, { file: path, column: col });
    }
  }
  if (c.constraints && !Array.isArray(c.constraints)) throw new UserError('constraints must be a list of expressions', { file: path });
  return c;
}

/** Parse repeated --kind col=kind flags. */
export function parseKindFlags(flags: string[] | undefined): Record<string, ColumnKind> {
  const out: Record<string, ColumnKind> = {};
  for (const f of flags ?? []) {
    const eq = f.lastIndexOf('=');
    if (eq <= 0) throw new UserError(`--kind expects COLUMN=KIND (numeric, categorical or identifier), got "${f}"`);
    const col = f.slice(0, eq);
    const kind = f.slice(eq + 1) as ColumnKind;
    if (!['numeric', 'categorical', 'identifier'].includes(kind)) throw new UserError(`--kind ${f}: kind must be numeric, categorical or identifier`);
    out[col] = kind;
  }
  return out;
}
