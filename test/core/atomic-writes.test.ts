// Follow-ups to issue 17 (outputs): gate --out and generate --out / --save write through temporary files and renames
// (src/atomic.ts), so a full disk half-way leaves the previous files byte-identical and no partial or temporary file;
// every line printed on an error (user or internal) passes through escapeTerminal.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, assertCliBuilt } from '../helpers/spawn.js';
import { gateRun } from '../../src/app/gate.js';
import { nodeOutputFs, writeFilesAtomically, type OutputFs } from '../../src/app/outputs.js';
import { generateCommand, type GenerateArgs } from '../../src/app/generate.js';
import { silentProgress } from '../../src/progress.js';
import { UserError, formatInternalError } from '../../src/errors.js';
import { runCli } from '../../src/app/main.js';

let dir = '';
const p = (f: string) => join(dir, f);
let results = '';

/** A file system whose n-th write runs out of space half-way (a partial temporary file, then ENOSPC). */
function fullDiskAt(n: number): OutputFs & { writes: string[] } {
  const writes: string[] = [];
  return {
    ...nodeOutputFs,
    writes,
    writeFile: (path, content) => {
      writes.push(path);
      if (writes.length === n) {
        writeFileSync(path, content.slice(0, Math.floor(content.length / 2)));
        const e = new Error('ENOSPC: no space left on device') as NodeJS.ErrnoException;
        e.code = 'ENOSPC';
        throw e;
      }
      nodeOutputFs.writeFile(path, content);
    },
  };
}
const snapshot = (d: string) => Object.fromEntries(readdirSync(d).sort().map((f) => [f, readFileSync(join(d, f), 'utf8')]));
function sink() {
  const s = { text: '', write: (x: string) => ((s.text += x), true) };
  return s;
}

beforeAll(async () => {
  assertCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sa-atomic-'));
  const rows = (n: number, off: number) => 'age,grp,y\n' + Array.from({ length: n }, (_, i) => `${20 + ((i * 7 + off) % 50)},${['a', 'b', 'c'][(i + off) % 3]},${['x', 'z'][(i * 5 + off) % 2]}`).join('\n') + '\n';
  writeFileSync(p('real.csv'), rows(120, 0));
  writeFileSync(p('holdout.csv'), rows(60, 1));
  writeFileSync(p('synth.csv'), rows(120, 2));
  const r = await cli(['audit', '--real', p('real.csv'), '--holdout', p('holdout.csv'), '--synthetic', p('synth.csv'), '--sections', 'fidelity', '--quiet', '--out', p('audit')], undefined, { timeoutMs: 80_000 });
  expect(r.code, r.err).toBe(0);
  results = p('audit/results.json');
  writeFileSync(p('pass.json'), JSON.stringify({ name: 'first', rules: ['meta.seed >= 0'] }));
  writeFileSync(p('other.json'), JSON.stringify({ name: 'second', rules: ['meta.seed < 0'] }));
}, 90_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gate --out writes atomically', () => {
  it('a write failing half-way (full disk) leaves the previous junit.xml and summary.md byte-identical, no temporary file, one-line error', () => {
    const out = p('ci');
    const o1 = sink();
    const e1 = sink();
    expect(gateRun(results, p('pass.json'), out, o1, e1)).toBe(0);
    expect(e1.text).toBe('');
    const before = snapshot(out);
    expect(Object.keys(before)).toEqual(['junit.xml', 'summary.md']);
    expect(before['summary.md']).toContain('first');
    for (const n of [1, 2]) {
      const fs = fullDiskAt(n);
      const o = sink();
      const e = sink();
      expect(gateRun(results, p('other.json'), out, o, e, fs)).toBe(2);
      expect(fs.writes.length).toBe(n); // the injected writer was used, and stopped at the failure
      expect(e.text.trim().split('\n')).toHaveLength(1);
      expect(e.text).toMatch(/cannot write (junit\.xml|summary\.md) \(ENOSPC\); nothing was changed in the output folder/);
      expect(o.text).toBe(''); // no verdict for a run whose files could not be written
      expect(snapshot(out)).toEqual(before);
    }
    // the same run without the failure replaces both files
    expect(gateRun(results, p('other.json'), out, sink(), sink())).toBe(1);
    const after = snapshot(out);
    expect(Object.keys(after)).toEqual(['junit.xml', 'summary.md']);
    expect(after['summary.md']).toContain('second');
    expect(after['junit.xml']).not.toBe(before['junit.xml']);
  });
});

describe('temporary files of other writers', () => {
  it('a temporary file of a running process is left alone, one of a dead process is removed', () => {
    const d = p('tmpcheck');
    writeFilesAtomically(d, [['a.txt', 'one\n']]);
    const live = join(d, `.synthaudit-x.csv.${process.ppid}.tmp`); // the parent (vitest) is running
    const dead = join(d, '.synthaudit-y.csv.999999999.tmp'); // above any pid_max
    writeFileSync(live, 'partial');
    writeFileSync(dead, 'partial');
    writeFilesAtomically(d, [['a.txt', 'two\n']]);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(dead)).toBe(false);
    expect(readFileSync(join(d, 'a.txt'), 'utf8')).toBe('two\n');
  });
});

describe('generate --out / --save write atomically', () => {
  const gen = (a: Partial<GenerateArgs>, fs?: OutputFs) =>
    generateCommand({ generator: 'independent', input: p('real.csv'), rows: 300, out: p('gen/out.csv'), seed: 1, epsilon: 1, bounds: { age: [0, 100] }, ...a } as GenerateArgs, silentProgress, { fs });

  it('a full disk while writing --out leaves no partial file (fresh) or the previous file byte-identical (rerun)', async () => {
    const out = p('gen/out.csv');
    const fs1 = fullDiskAt(1);
    const err = await gen({}, fs1).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message.split('\n')).toHaveLength(1);
    expect(err.message).toMatch(/out\.csv: cannot write out\.csv \(ENOSPC\)/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(p('gen'))).toEqual([]); // no temporary file either
    await gen({});
    const before = readFileSync(out, 'utf8');
    expect(before.split('\n').length).toBe(302);
    await expect(gen({ seed: 2 }, fullDiskAt(1))).rejects.toThrow(/cannot write out\.csv \(ENOSPC\)/);
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(readdirSync(p('gen'))).toEqual(['out.csv']);
  });

  it('a full disk while writing --save leaves no partial model file', async () => {
    const save = p('gen/model.json');
    const fs = fullDiskAt(2); // the CSV is written, the model runs out of space
    await expect(gen({ out: p('gen/b.csv'), save }, fs)).rejects.toThrow(/model\.json: cannot write model\.json \(ENOSPC\)/);
    expect(existsSync(save)).toBe(false);
    expect(readdirSync(p('gen')).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('terminal escaping of error lines', () => {
  const ESC = '\u001b';

  it('gate: a results.json whose keys carry ESC sequences and newlines is rejected in one line with no raw ESC', async () => {
    const doc = JSON.parse(readFileSync(results, 'utf8'));
    doc[`${ESC}[31mevil\nkey`] = 1;
    doc.data.columns[0].kind = `${ESC}[31mred\n`;
    writeFileSync(p('evil.json'), JSON.stringify(doc));
    const r = await cli(['gate', p('evil.json'), '--out', p('ci-evil')], undefined, { timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.err).not.toContain(ESC);
    expect(r.err.trim().split('\n'), r.err).toHaveLength(1);
    expect(r.err).toContain('\\x1b[31mevil');
    expect(existsSync(p('ci-evil'))).toBe(false);
  }, 70_000);

  it('audit and generate print output paths with control characters escaped on stdout', async () => {
    const out = p(`out${ESC}[31m\nred`);
    const a = await cli(['audit', '--real', p('real.csv'), '--holdout', p('holdout.csv'), '--synthetic', p('synth.csv'), '--sections', 'fidelity', '--quiet', '--out', out], undefined, { timeoutMs: 60_000 });
    expect(a.code, a.err).toBe(0);
    expect(a.out).not.toContain(ESC);
    expect(a.out).toContain('out\\x1b[31m\\nred');
    expect(a.out.trim().split('\n')).toHaveLength(3); // report, results, summary: one line each
    const g = await cli(['generate', '--input', p('real.csv'), '--rows', '20', '--seed', '1', '--quiet', '--bounds', 'age=0:100', '--out', join(out, `s${ESC}]0;t\u0007.csv`)], undefined, { timeoutMs: 60_000 });
    expect(g.code, g.err).toBe(0);
    expect(g.out + g.err).not.toContain(ESC);
    expect(g.out.trim().split('\n')).toHaveLength(1);
  }, 130_000);

  it('gate: an internal error prints its stack with every line escaped', () => {
    const e = sink();
    const evilOut = { write: () => { throw new Error(`boom ${ESC}[2J${ESC}]0;title\u0007\u202e`); } };
    expect(gateRun(results, p('pass.json'), undefined, evilOut, e)).toBe(2);
    expect(e.text).toMatch(/^synthaudit gate: internal error .*boom \\x1b\[2J\\x1b\]0;title\\x07\\u202e/);
    expect(e.text).toMatch(/\n\s+at /); // still a stack trace for the bug report
    expect(e.text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('main: an internal error prints its stack with every line escaped', async () => {
    const written: string[] = [];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => {
      throw new Error(`bad ${ESC}[31mred\r`);
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (written.push(String(s)), true));
    try {
      expect(await runCli(['--version'])).toBe(3);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    const text = written.join('');
    expect(text).toMatch(/^synthaudit: internal error .*bad \\x1b\[31mred\\r\n\s+at /);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('formatInternalError keeps the stack lines and escapes each', () => {
    const e = new Error(`x${ESC}[0m\ny`);
    const t = formatInternalError(e);
    expect(t.startsWith('Error: x\\x1b[0m\ny\n')).toBe(true);
    expect(t).not.toContain(ESC);
    expect(formatInternalError(`plain ${ESC}`)).toBe('plain \\x1b');
  });
});
