// Locating files shipped with the package (templates, schema, demo data, policies) from either the compiled
// dist/ tree or the TypeScript sources under vitest: the package root is the nearest parent holding package.json.
import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from './errors.js';

let root: string | null = null;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src'))) return (root = dir);
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'dist'))) return (root = dir);
    dir = dirname(dir);
  }
  throw new Error('synthaudit: cannot locate the package root');
}

export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/** Create an output folder (and its parents); a path that cannot be one is a user error naming it. */
export function ensureOutputDir(dir: string): string {
  const abs = resolve(dir);
  try {
    mkdirSync(abs, { recursive: true });
  } catch (e) {
    throw new UserError(`cannot create the output folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: dir });
  }
  return abs;
}

/** The canonical path of a file that may not exist yet (symlinks in its folder resolved). */
export function realPathOf(p: string): string {
  const abs = resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

/** Whether two paths name the same file: same real path, or (both existing) the same inode (hard links). */
export function sameFile(a: string, b: string): boolean {
  if (realPathOf(a) === realPathOf(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/**
 * Refuse to write an output over an input: each output is checked against every input (and against the other outputs),
 * by real path. `outputs` and `inputs` are [flag, path] pairs; undefined paths are skipped.
 */
export function refuseOverwrite(outputs: [string, string | undefined][], inputs: [string, string | undefined][]): void {
  const outs = outputs.filter((o): o is [string, string] => typeof o[1] === 'string' && o[1] !== '');
  const ins = inputs.filter((i): i is [string, string] => typeof i[1] === 'string' && i[1] !== '');
  for (const [oflag, o] of outs) {
    for (const [iflag, i] of ins) {
      if (sameFile(o, i)) throw new UserError(`${oflag} would overwrite the ${iflag} file; write the output somewhere else`, { file: o });
    }
  }
  for (let a = 0; a < outs.length; a++)
    for (let b = a + 1; b < outs.length; b++) {
      if (sameFile(outs[a][1], outs[b][1])) throw new UserError(`${outs[a][0]} and ${outs[b][0]} name the same file`, { file: outs[a][1] });
    }
}
