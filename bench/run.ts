// npm run bench: runs every bench/<area>.js case file (or those named on the command line), prints min/median per
// stage and writes bench/results/latest.json with the machine's core count. Full-size runs live here, not in tests.
import { existsSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cpus, totalmem } from 'node:os';
import { runCases, type BenchCase, type BenchResult } from './harness.js';
import { packageRoot } from '../src/paths.js';

// the full-size tables live in ../shared/data beside the project (the tests use the small copies shipped in the project)
const sharedData = join(packageRoot(), '..', 'shared', 'data');
if (!existsSync(sharedData)) {
  process.stderr.write(`npm run bench: ${sharedData} not found: the benchmarks run on the full-size shared tables, which must sit in ../shared/data beside the project (npm test does not need them)\n`);
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.js') && !['run.js', 'harness.js', 'data.js'].includes(f))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.js$/, '')))
  .sort((a, b) => (a === 'core.js' ? -1 : b === 'core.js' ? 1 : a.localeCompare(b)));

const all: BenchResult[] = [];
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { cases?: BenchCase[] };
  if (!mod.cases) continue;
  process.stdout.write(`\n# ${f.replace(/\.js$/, '')}\n`);
  all.push(...(await runCases(mod.cases)));
}
const outDir = join(packageRoot(), 'bench', 'results');
mkdirSync(outDir, { recursive: true });
const payload = {
  node: process.version,
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  date: new Date().toISOString(),
  results: all,
};
const name = only.length ? `latest-${only.join('+')}.json` : 'latest.json';
writeFileSync(join(outDir, name), JSON.stringify(payload, null, 2) + '\n');
process.stdout.write(`\nwrote ${join(outDir, name)} (${all.length} stages, ${payload.cores} cores)\n`);
