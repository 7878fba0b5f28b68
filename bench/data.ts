// Locations of the shared benchmark tables (../shared/data beside the project root).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';

export function sharedDataDir(): string {
  const d = join(packageRoot(), '..', 'shared', 'data');
  if (!existsSync(d)) throw new Error(`benchmarks need ../shared/data beside the project root (looked in ${d})`);
  return d;
}

export function adultPaths(): { train: string; holdout: string } {
  const d = join(sharedDataDir(), 'adult');
  return { train: join(d, 'train.csv'), holdout: join(d, 'holdout.csv') };
}
