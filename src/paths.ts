// Locating files shipped with the package (templates, schema, demo data, policies) from either the compiled
// dist/ tree or the TypeScript sources under vitest: the package root is the nearest parent holding package.json.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
