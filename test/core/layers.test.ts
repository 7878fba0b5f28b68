// The layer rule (README, Architecture): imports point one way, down.
//
//   src/app/           orchestration: audit, config, outputs, gate, CLI, library entry, vitest matchers. Imports anything.
//   reports/           renderers. Runtime imports: the floor and reports/ only. `import type` also from metrics/ and attacks/
//                      (the result types they render).
//   metrics/, attacks/ the measures. Import the floor and their own folder only (not each other, not reports/, not src/app/).
//   src/ (the floor)   tables, schema, domain, encoding, rng, learners, generators, dp, stats helpers, errors, progress,
//                      the results path language. Imports only the floor, types included.
//
// A runtime import is every import / export-from / import() that survives compilation: a declaration counts as
// type-only only when written `import type` / `export type`, or when every named binding is marked `type`.
// Besides the direction, the runtime imports must have no cycle (a cycle makes module initialisation order matter).

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const FOLDERS = ['src', 'metrics', 'attacks', 'reports'];

type Layer = 'floor' | 'metrics' | 'attacks' | 'reports' | 'app';

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** The layer of a repository-relative path (forward slashes). */
export function layerOf(file: string): Layer {
  if (file.startsWith('src/app/')) return 'app';
  if (file.startsWith('src/')) return 'floor';
  if (file.startsWith('metrics/')) return 'metrics';
  if (file.startsWith('attacks/')) return 'attacks';
  if (file.startsWith('reports/')) return 'reports';
  throw new Error(`${file} is in no layer`);
}

const RUNTIME_ALLOWED: Record<Layer, Layer[]> = {
  floor: ['floor'],
  metrics: ['floor', 'metrics'],
  attacks: ['floor', 'attacks'],
  reports: ['floor', 'reports'],
  app: ['floor', 'metrics', 'attacks', 'reports', 'app'],
};
const TYPE_ALLOWED: Record<Layer, Layer[]> = {
  ...RUNTIME_ALLOWED,
  reports: ['floor', 'metrics', 'attacks', 'reports'],
};

/** Whether an edge breaks the layer rule. */
export function isUpward(e: Edge): boolean {
  const allowed = (e.typeOnly ? TYPE_ALLOWED : RUNTIME_ALLOWED)[layerOf(e.from)];
  return !allowed.includes(layerOf(e.to));
}

/** The relative module specifiers of one source text, each marked type-only or not. */
export function importsOf(fileName: string, text: string): { spec: string; typeOnly: boolean }[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const out: { spec: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      let typeOnly = false;
      if (c) {
        const named = c.namedBindings;
        typeOnly = c.isTypeOnly || (!c.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((el) => el.isTypeOnly));
      }
      out.push({ spec: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const ec = node.exportClause;
      const typeOnly = node.isTypeOnly || (!!ec && ts.isNamedExports(ec) && ec.elements.length > 0 && ec.elements.every((el) => el.isTypeOnly));
      out.push({ spec: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      out.push({ spec: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ spec: node.argument.literal.text, typeOnly: true }); // import('./x.js').T in a type position
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out.filter((i) => i.spec.startsWith('.'));
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function graph(): { files: string[]; edges: Edge[] } {
  const files = FOLDERS.flatMap(sources).sort();
  const known = new Set(files);
  const edges: Edge[] = [];
  for (const from of files) {
    for (const { spec, typeOnly } of importsOf(from, readFileSync(join(ROOT, from), 'utf8'))) {
      const to = relative(ROOT, resolve(ROOT, dirname(from), spec)).split('\\').join('/').replace(/\.js$/, '.ts');
      if (!known.has(to)) throw new Error(`${from}: import "${spec}" resolves to ${to}, which is not a source file of ${FOLDERS.join(', ')}`);
      edges.push({ from, to, typeOnly });
    }
  }
  return { files, edges };
}

/** The cycles (strongly connected components of more than one file, or a file importing itself) of a graph. */
export function cyclesOf(files: string[], edges: Edge[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) next.get(e.from)!.push(e.to);
  // Tarjan's strongly connected components
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (next.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const f of files) if (!index.has(f)) strong(f);
  return out;
}

describe('layers: imports point one way', () => {
  const { files, edges } = graph();

  it('reads the sources (sanity: the graph is not empty and sees the known entry points)', () => {
    expect(files).toContain('src/app/cli.ts');
    expect(files).toContain('src/app/gate.ts');
    expect(files).toContain('reports/markdown.ts');
    expect(edges.length).toBeGreaterThan(300);
  });

  it('has no upward import (src/ floor < metrics/, attacks/ < reports/ < src/app/)', () => {
    const bad = edges.filter(isUpward).map((e) => `${e.from} -> ${e.to}${e.typeOnly ? ' (import type)' : ''}  [${layerOf(e.from)} -> ${layerOf(e.to)}]`);
    expect(bad, `upward imports:\n  ${bad.join('\n  ')}`).toEqual([]);
  });

  it('has no cycle among runtime imports', () => {
    const cycles = cyclesOf(files, edges.filter((e) => !e.typeOnly)).map((c) => c.join(' <-> '));
    expect(cycles, `runtime import cycles:\n  ${cycles.join('\n  ')}`).toEqual([]);
  });
});

describe('layers: the checker itself', () => {
  it('tells type-only imports from runtime ones', () => {
    const text = [
      "import type { A } from './a.js';",
      "import { type B, C } from './b.js';",
      "import { type D } from './d.js';",
      "import E from './e.js';",
      "export { F } from './f.js';",
      "export type { G } from './g.js';",
      "export * from './h.js';",
      "const i = await import('./i.js');",
      "let j: import('./j.js').J;",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    expect(importsOf('x.ts', text)).toEqual([
      { spec: './a.js', typeOnly: true },
      { spec: './b.js', typeOnly: false },
      { spec: './d.js', typeOnly: true },
      { spec: './e.js', typeOnly: false },
      { spec: './f.js', typeOnly: false },
      { spec: './g.js', typeOnly: true },
      { spec: './h.js', typeOnly: false },
      { spec: './i.js', typeOnly: false },
      { spec: './j.js', typeOnly: true },
    ]);
  });

  it('flags upward edges and allows downward ones', () => {
    expect(isUpward({ from: 'src/table.ts', to: 'metrics/fidelity/index.ts', typeOnly: true })).toBe(true);
    expect(isUpward({ from: 'src/gate-helper.ts', to: 'src/app/gate.ts', typeOnly: false })).toBe(true);
    expect(isUpward({ from: 'reports/model.ts', to: 'src/app/gate.ts', typeOnly: false })).toBe(true);
    expect(isUpward({ from: 'reports/model.ts', to: 'src/app/gate.ts', typeOnly: true })).toBe(true);
    expect(isUpward({ from: 'reports/html.ts', to: 'attacks/index.ts', typeOnly: false })).toBe(true);
    expect(isUpward({ from: 'attacks/index.ts', to: 'metrics/utility/index.ts', typeOnly: false })).toBe(true);
    expect(isUpward({ from: 'reports/html.ts', to: 'attacks/index.ts', typeOnly: true })).toBe(false);
    expect(isUpward({ from: 'metrics/fidelity/index.ts', to: 'src/rng.ts', typeOnly: false })).toBe(false);
    expect(isUpward({ from: 'src/app/gate.ts', to: 'reports/junit.ts', typeOnly: false })).toBe(false);
  });

  it('finds cycles, including the one gate -> markdown -> model -> gate had', () => {
    const files = ['src/app/gate.ts', 'reports/markdown.ts', 'reports/model.ts', 'src/rng.ts'];
    const e = (from: string, to: string): Edge => ({ from, to, typeOnly: false });
    const edges = [e('src/app/gate.ts', 'reports/markdown.ts'), e('reports/markdown.ts', 'reports/model.ts'), e('reports/model.ts', 'src/app/gate.ts'), e('reports/model.ts', 'src/rng.ts')];
    expect(cyclesOf(files, edges)).toEqual([['reports/markdown.ts', 'reports/model.ts', 'src/app/gate.ts']]);
    expect(cyclesOf(files, edges.slice(0, 2))).toEqual([]);
  });
});
