// Locating files shipped with the package (templates, schema, demo data, policies) from either the compiled
// dist/ tree or the TypeScript sources under vitest: the package root is the nearest parent holding package.json.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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
