// Issue 17, outputs: every renderer escapes for its format (Markdown for GitHub, JUnit XML, CSV for spreadsheets, the
// terminal), summary.md stays under GitHub's comment limit, example values are left out unless asked, and the output
// folder is written atomically (no stale junit.xml, nothing half-written or temporary after a write error).

import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderMarkdown, SUMMARY_MAX_CHARS } from '../../reports/markdown.js';
import { renderJunit } from '../../reports/junit.js';
import { escapeMarkdown } from '../../reports/util.js';
import { redactExamples } from '../../reports/redact.js';
import { evaluatePolicy, parsePolicy, formatVerdict } from '../../src/app/gate.js';
import { escapeTerminal, UserError } from '../../src/errors.js';
import { stderrProgress } from '../../src/progress.js';
import { neutraliseFormula, restoreFormula, toSpreadsheetSafeCsv } from '../../src/csv-safe.js';
import { prepare } from '../../src/prepare.js';
import { parseTable } from '../../src/table.js';
import { writeOutputs, nodeOutputFs, type OutputFs } from '../../src/app/outputs.js';
import { baseResult } from './fixtures.js';
import { parseXml, findAll } from './xml.js';

const ESC = '\x1b';
const FORGED = 'ok\n\n## ✅ synthaudit: policy `x` passed\n\n![x](https://evil.example/p.png)\n<img src=x onerror=alert(1)>';

describe('Markdown for GitHub', () => {
  it('a newline in a policy name or rule name cannot start a heading, an image or an HTML tag', () => {
    const result = baseResult();
    const verdict = evaluatePolicy(result, parsePolicy({ name: FORGED, rules: [{ name: FORGED, path: 'x.y', op: '<', value: 1 }] }));
    const md = renderMarkdown(result, verdict);
    const lines = md.split('\n');
    // exactly one level-2 heading (ours), and it says failed
    expect(lines.filter((l) => l.startsWith('## '))).toHaveLength(1);
    expect(lines[0]).toMatch(/^## ❌ .* failed$/);
    // in the heading the name sits in one code span (rendered as literal text); everywhere else it is escaped
    expect(lines[0].match(/`/g)).toHaveLength(2);
    const rest = lines.slice(1).join('\n');
    expect(rest).not.toMatch(/^!\[/m);
    expect(rest).not.toContain('![x](');
    expect(rest).not.toContain('<img');
    expect(rest).toContain('&lt;img');
  });
  it('breaks @mentions and #references, escapes pipes and HTML', () => {
    const s = escapeMarkdown('ping @octocat and @org/team about #12, GH-7 and owner/repo#3 | <b>x</b>');
    expect(s).not.toMatch(/@[A-Za-z]/);
    expect(s).not.toMatch(/(?<!&)#\d/);
    expect(s).not.toMatch(/GH-\d/);
    expect(s).toContain('\\|');
    expect(s).toContain('&lt;b&gt;');
    // the zero-width space is an entity: the text still reads the same when rendered
    expect(s.replace(/&#8203;/g, '').replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>')).toBe('ping @octocat and @org/team about #12, GH-7 and owner/repo#3 | <b>x</b>');
    expect(escapeMarkdown(`a${ESC}[31mred\u202Eb`)).toBe('a\\[31mredb');
    const r = baseResult({ column: '@octocat #12 | x' });
    const md = renderMarkdown(r);
    expect(md).not.toMatch(/@octocat/);
    expect(md).not.toMatch(/(?<!&)#12/);
  });
});

describe('JUnit XML', () => {
  it('stays well-formed with ESC, C1, U+FFFE and NUL in names and messages', () => {
    const result = baseResult();
    const bad = `esc${ESC}[2J nul\u0000 fffe\uFFFE c1\u0085 ]]> <x/>`;
    const verdict = evaluatePolicy(result, parsePolicy({ name: bad, rules: [{ name: bad, path: 'x.y', op: '<', value: 1 }] }));
    const xml = renderJunit(result, verdict);
    expect(xml).not.toContain(ESC);
    expect(xml).not.toContain('\u0000');
    expect(xml).not.toContain('\uFFFE');
    const root = parseXml(xml);
    expect(findAll(root, 'testcase')[0].attrs.name).toBe('esc[2J nul fffe c1\u0085 ]]> <x/>');
  });
});

describe('terminal', () => {
  it('escapeTerminal shows controls, ESC, C1 and bidi overrides instead of sending them', () => {
    expect(escapeTerminal(`a${ESC}[2Jb\r\nc\u009b1m\u202Ed\te`)).toBe('a\\x1b[2Jb\\r\\nc\\x9b1m\\u202ed\te');
    expect(escapeTerminal('plain ünïcode 😀')).toBe('plain ünïcode 😀');
  });
  it('user errors, progress lines and verdict lines carry no raw control characters', () => {
    const e = new UserError(`bad ${ESC}]0;pwned\u0007 value`, { file: `f${ESC}[31m.csv`, column: `c\rX` });
    expect(e.message).not.toMatch(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/);
    expect(e.message).toContain('\\x1b]0;pwned\\x07');
    const chunks: string[] = [];
    const stream = { isTTY: false, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream;
    const p = stderrProgress(stream);
    p.log(`notice: column "${ESC}[2J"\nforged line`);
    expect(chunks.join('')).toBe('notice: column "\\x1b[2J"\\nforged line\n');
    const v = evaluatePolicy(baseResult(), parsePolicy({ name: `p${ESC}[8m`, rules: [{ name: `r${ESC}[1A\rPASS`, path: 'x.y', op: '<', value: 1 }] }));
    const text = formatVerdict(v);
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\r');
    expect(text.trimEnd().split('\n')).toHaveLength(2);
  });
});

describe('CSV for spreadsheets', () => {
  it('prefixes formula-looking text cells with an apostrophe and leaves numbers alone', () => {
    for (const s of ['=HYPERLINK("http://x")', '+cmd|x', '-2+3+cmd|x', '@SUM(A1)', '\tx', '\rx', '-', '=1']) expect(neutraliseFormula(s)).toBe("'" + s);
    for (const s of ['-5', '+1.5e3', '-0.25', 'plain', '', 'a=b', '1-2']) expect(neutraliseFormula(s)).toBe(s);
    expect(neutraliseFormula(' -5')).toBe(' -5'); // does not start with a formula character
    const t = parseTable('num,cat\n-5,=1+1\n3,"@x"\n-1.5,ok\n', 't.csv');
    const csv = toSpreadsheetSafeCsv(t);
    expect(csv).toBe("num,cat\n-5,'=1+1\n3,'@x\n-1.5,ok\n");
    // still a valid CSV that reads back with the apostrophes as text, numbers as numbers
    const back = parseTable(csv, 'b.csv');
    expect(back.cells[0]).toEqual(['-5', '3', '-1.5']);
    expect(back.cells[1]).toEqual(["'=1+1", "'@x", 'ok']);
  });
  it('synthaudit reads its own guard back: a guarded level is the real level, not an unseen category', () => {
    for (const s of ['=1+1', '@x', '-', '-a', '+', '\tx', 'plain', "'", "'-5"]) expect(restoreFormula(neutraliseFormula(s))).toBe(s);
    expect(restoreFormula("'plain")).toBe("'plain"); // an apostrophe the guard would not add stays
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `${i % 7 - 3},${['=SUM(A1)', '@home', '-', 'none'][i % 4]}`).join('\n');
    const real = parseTable('x,lvl\n' + rows(40) + '\n', 'r.csv');
    const hold = parseTable('x,lvl\n' + rows(20) + '\n', 'h.csv');
    const synth = parseTable(toSpreadsheetSafeCsv(parseTable('x,lvl\n' + rows(30) + '\n', 's.csv')), 's.csv');
    expect(synth.cells[1]).toContain("'=SUM(A1)");
    const p = prepare(real, hold, synth);
    expect(p.synthetic.unseenCounts).toEqual([0, 0]);
    expect(p.notices.join(' ')).not.toMatch(/never had/);
  });
});

function bigResult(d: number): any {
  const r: any = baseResult();
  const long = (i: number) => `column_with_a_rather_long_name_number_${i}_${'x'.repeat(40)}`;
  r.data.columns = Array.from({ length: d }, (_, i) => ({ name: long(i), kind: 'categorical', source: 'inferred', reason: 'text values', nDistinct: 4, nMissing: 0, analysed: i % 3 !== 0, unseen: { holdout: i, synthetic: 2 * i, examples: [] } }));
  r.data.notices = Array.from({ length: d * 2 }, (_, i) => `synthetic column "${long(i)}": ${i} of 666 cell(s) in categories the real table never had (labels hidden; --show-examples lists them in the report)`);
  return r;
}

describe('summary.md size', () => {
  it(`stays under ${SUMMARY_MAX_CHARS} characters (GitHub allows 65,536) at 300 columns with 300 rules, and says how many rows are left out`, () => {
    const r = bigResult(300);
    const rules = Array.from({ length: 300 }, (_, i) => ({ name: `rule ${i} ${'y'.repeat(100)}`, path: i % 2 ? 'x.y' : 'meta.seed', op: '<' as const, value: 1 }));
    const verdict = evaluatePolicy(r, parsePolicy({ name: 'big', rules }));
    const md = renderMarkdown(r, verdict, Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`stage ${i}`, i])));
    expect(md.length).toBeLessThan(SUMMARY_MAX_CHARS);
    expect(md.length).toBeLessThan(65_536);
    expect(md).toMatch(/\d+ more in report\.html/);
    // the worst rows are the ones kept: failed rules first, the unseen columns with the most cells first
    expect(md).toContain('| ❌ | rule 1 ');
    expect(md).toContain(`column\\_with\\_a\\_rather\\_long\\_name\\_number\\_299\\_`);
    // a small result is not cut
    const small = renderMarkdown(baseResult());
    expect(small).not.toContain('more in report.html');
  });
  it('cuts at a line boundary with a note when even the shortest lists do not fit', () => {
    const r = bigResult(5);
    const md = renderMarkdown(r, undefined, undefined, { maxChars: 800 });
    expect(md.length).toBeLessThanOrEqual(800);
    expect(md).toContain('summary.md was cut');
  });
});

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'sa-outputs-'));
}

describe('output folder', () => {
  it('a rerun without --policy removes the previous junit.xml (no stale PASS)', async () => {
    const d = tmp();
    const r = baseResult();
    const policy = parsePolicy({ name: 'p', rules: ['meta.seed > 0'] });
    const a = await writeOutputs(d, r, { load: 1 }, { policy });
    expect(a.verdict?.passed).toBe(true);
    expect(readFileSync(join(d, 'junit.xml'), 'utf8')).toContain('failures="0"');
    const b = await writeOutputs(d, r, { load: 1 });
    expect(b.files['junit.xml']).toBeUndefined();
    expect(existsSync(join(d, 'junit.xml'))).toBe(false);
    expect(readdirSync(d).sort()).toEqual(['headlines.csv', 'report.html', 'results.json', 'summary.md', 'timings.json']);
  });
  it('a write failure (full disk) leaves the previous files as they were and no temporary files', async () => {
    const d = tmp();
    const r = baseResult();
    await writeOutputs(d, r, { load: 1 }, { policy: parsePolicy({ rules: ['meta.seed > 0'] }) });
    const before = Object.fromEntries(readdirSync(d).map((f) => [f, readFileSync(join(d, f), 'utf8')]));
    let n = 0;
    const full: OutputFs = {
      ...nodeOutputFs,
      writeFile: (p, c) => {
        // the third file runs out of space half-way
        if (++n === 3) {
          writeFileSync(p, c.slice(0, 10));
          const e = new Error('ENOSPC: no space left on device') as NodeJS.ErrnoException;
          e.code = 'ENOSPC';
          throw e;
        }
        nodeOutputFs.writeFile(p, c);
      },
    };
    const other = { ...r, meta: { ...r.meta, seed: 8 } } as any;
    await expect(writeOutputs(d, other, { load: 2 }, { fs: full })).rejects.toThrow(/cannot write summary\.md \(ENOSPC\); nothing was changed/);
    const after = Object.fromEntries(readdirSync(d).map((f) => [f, readFileSync(join(d, f), 'utf8')]));
    expect(after).toEqual(before);
  });
  it('an unwritable output folder gives a one-line user error and keeps the previous files', async () => {
    if (process.getuid?.() === 0) return; // root ignores directory permissions
    const { chmodSync } = await import('node:fs');
    const d = tmp();
    await writeOutputs(d, baseResult(), {});
    const before = readFileSync(join(d, 'results.json'), 'utf8');
    chmodSync(d, 0o555);
    try {
      const err = await writeOutputs(d, { ...baseResult(), meta: { ...baseResult().meta, seed: 9 } } as any, {}).catch((e) => e);
      expect(err).toBeInstanceOf(UserError);
      expect(err.message.split('\n')).toHaveLength(1);
    } finally {
      chmodSync(d, 0o755);
    }
    expect(readFileSync(join(d, 'results.json'), 'utf8')).toBe(before);
    expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
  it('leftover temporary files of a killed run are cleared', async () => {
    const d = tmp();
    writeFileSync(join(d, '.synthaudit-report.html.123.tmp'), 'half');
    await writeOutputs(d, baseResult(), {});
    expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
  it('example values are left out of results.json and every other file unless showExamples', async () => {
    const withPrivacy: any = { ...baseResult({ category: 'SECRET_LABEL_XYZ' }), privacy: { singlingOut: { univariate: { examples: ['age == SECRET_PREDICATE_Q'], risk: 0.1 } } } };
    const red: any = redactExamples(withPrivacy);
    expect(red.data.columns[1].unseen.examples).toEqual([]);
    expect(red.privacy.singlingOut.univariate).toEqual({ examples: [], risk: 0.1 });
    expect(withPrivacy.data.columns[1].unseen.examples).toEqual(['SECRET_LABEL_XYZ']); // the in-memory result is not changed
    expect(withPrivacy.privacy.singlingOut.univariate.examples).toEqual(['age == SECRET_PREDICATE_Q']);
    const r: any = baseResult({ category: 'SECRET_LABEL_XYZ' });
    const d = tmp();
    await writeOutputs(d, r, {}, { policy: parsePolicy({ rules: ['meta.seed > 0'] }) });
    for (const f of readdirSync(d)) {
      const text = readFileSync(join(d, f), 'utf8');
      expect(text, f).not.toContain('SECRET_LABEL_XYZ');
      expect(text, f).not.toContain('SECRET_PREDICATE_Q');
    }
    expect(JSON.parse(readFileSync(join(d, 'results.json'), 'utf8')).meta.examples).toMatch(/--show-examples/);
    const e = tmp();
    await writeOutputs(e, r, {}, { showExamples: true });
    expect(readFileSync(join(e, 'results.json'), 'utf8')).toContain('SECRET_LABEL_XYZ');
    expect(readFileSync(join(e, 'report.html'), 'utf8')).toContain('SECRET_LABEL_XYZ');
  });
});

describe('Markdown: GitHub maths (review finding)', () => {
  it('a label like $\\color{green}\\text{passed}$ cannot render as formatted maths: every $ is escaped', () => {
    const out = escapeMarkdown('$\\color{green}\\text{✅ passed}$');
    expect(out).not.toMatch(/(^|[^\\])\$/);
    expect(out.match(/\\\$/g)).toHaveLength(2);
  });
});
