// The formulas the code cites live in the repository (docs/definitions.md): every `docs/definitions.md#anchor` cited
// by a source, test or bench file, or linked from the README and docs/policy.md, names a heading that exists.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** GitHub's heading slug: lower case, punctuation dropped (letters of any script, digits, '-' and '_' kept), spaces to '-'. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function files(dir: string, ext: RegExp, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, ext, out);
    else if (ext.test(name)) out.push(p);
  }
  return out;
}

describe('docs/definitions.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'definitions.md'), 'utf8');
  const anchors = new Set(doc.split('\n').filter((l) => /^#{1,4} /.test(l)).map((l) => slug(l.replace(/^#+ /, ''))));

  it('has the sections the code relies on', () => {
    for (const a of ['tvd', 'kl-divergence', 'cramérs-v', 'pmse', 'bootstrap-intervals', 'model-scores', 'gower-distance', 'exact-copies', 'empirical-ε-lower-bound', 'differential-privacy-accounting']) {
      expect(anchors.has(a), a).toBe(true);
    }
  });

  it('every cited anchor exists, and no module cites a definitions.md outside the repository', () => {
    const cited: string[] = [];
    const sources = ['src', 'metrics', 'attacks', 'reports', 'test', 'bench'].flatMap((d) => files(join(ROOT, d), /\.ts$/));
    for (const f of [...sources, join(ROOT, 'README.md'), join(ROOT, 'docs', 'policy.md')]) {
      const text = readFileSync(f, 'utf8');
      if (f.endsWith('definitions-doc.test.ts')) continue;
      expect(text.includes('shared/reference/definitions.md'), relative(ROOT, f)).toBe(false);
      for (const m of text.matchAll(/definitions\.md#([\p{L}\p{N}_-]+)/gu)) cited.push(`${relative(ROOT, f)}#${m[1]}`);
    }
    expect(cited.length).toBeGreaterThan(10);
    const missing = cited.filter((c) => !anchors.has(c.slice(c.indexOf('#') + 1)));
    expect(missing).toEqual([]);
  });
});
