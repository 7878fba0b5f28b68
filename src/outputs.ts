// Writing an audit's output folder: results.json (canonical, byte-identical for the same inputs and seed), timings.json,
// report.html, summary.md and, with a policy, junit.xml. Renderers live in reports/; this only wires files.
//
// Nothing half-written, nothing stale: every file is rendered in memory first, then written to a temporary file in
// the output folder (.synthaudit-<name>.<pid>.tmp) and renamed into place (atomic on one file system). A write error
// (full disk, read-only folder) removes the temporary files and leaves the previous run's outputs as they were, with a
// one-line error. Output files of a previous run that this run does not write (junit.xml after a run without
// --policy) are removed, so an old verdict cannot pass for a new one. SIGINT / SIGTERM arriving while the files are
// written and renamed are held until the folder is consistent, then take effect.

import { writeFileSync, renameSync, rmSync, readdirSync, existsSync } from 'node:fs';
import { ensureOutputDir } from './paths.js';
import { join, resolve } from 'node:path';
import type { AuditResult } from './result.js';
import { UserError } from './errors.js';
import { renderJson, validateResult } from '../reports/json.js';
import { renderHtml } from '../reports/html.js';
import { renderMarkdown } from '../reports/markdown.js';
import { renderJunit } from '../reports/junit.js';
import { redactExamples } from '../reports/redact.js';
import { evaluatePolicy, type Policy, type PolicyVerdict } from './gate.js';

export interface WrittenOutputs {
  dir: string;
  files: Record<string, string>;
  verdict?: PolicyVerdict;
}

/** File operations used to write outputs (replaceable in tests to simulate a full disk). */
export interface OutputFs {
  writeFile(path: string, content: string): void;
  rename(from: string, to: string): void;
  remove(path: string): void;
}

export const nodeOutputFs: OutputFs = {
  writeFile: (p, c) => writeFileSync(p, c),
  rename: (a, b) => renameSync(a, b),
  remove: (p) => rmSync(p, { force: true }),
};

export interface OutputOptions {
  policy?: Policy;
  /** Keep example table values (unseen labels, singling-out predicates) in the outputs. Default false. */
  showExamples?: boolean;
  /** File operations (default: node:fs). */
  fs?: OutputFs;
}

/** Every file an audit may write into its output folder, in the order they are put in place (results.json last). */
export const OUTPUT_FILES = ['timings.json', 'report.html', 'summary.md', 'junit.xml', 'results.json'] as const;

const TMP_PREFIX = '.synthaudit-';
const TMP_SUFFIX = '.tmp';

export { ensureOutputDir }; // shared with gate --out (src/paths.ts)

function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message ?? String(e);
}

/**
 * Put files into a folder all-or-nothing as far as the file system allows: write each to a temporary file, then (only
 * when every write succeeded) remove the stale names and rename the temporary files into place. Signals are held
 * during the synchronous write/rename phase. Returns the final paths by name.
 */
export function writeFilesAtomically(dir: string, contents: [string, string][], stale: string[] = [], fs: OutputFs = nodeOutputFs): Record<string, string> {
  const abs = ensureOutputDir(dir);
  // temporary files left by a run that was killed outright (SIGKILL, power loss)
  try {
    for (const f of readdirSync(abs)) if (f.startsWith(TMP_PREFIX) && f.endsWith(TMP_SUFFIX)) fs.remove(join(abs, f));
  } catch {
    /* unreadable folder: the writes below report it */
  }
  // Node delivers a signal with a listener on the event loop, i.e. after this synchronous phase: the listener holds
  // it while files are written and renamed, and re-raises it (with the default action) once they are in place
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  let finished = false;
  const release = () => {
    for (const s of signals) process.off(s, hold);
  };
  let pending: NodeJS.Signals | undefined;
  function hold(sig: NodeJS.Signals): void {
    if (!finished) {
      pending = sig; // cannot happen while the phase below runs synchronously; kept in case it ever yields
      return;
    }
    release();
    process.kill(process.pid, sig);
  }
  for (const s of signals) process.on(s, hold);
  const temps: string[] = [];
  const files: Record<string, string> = {};
  try {
    for (const [name, content] of contents) {
      const tmp = join(abs, `${TMP_PREFIX}${name}.${process.pid}${TMP_SUFFIX}`);
      temps.push(tmp);
      try {
        fs.writeFile(tmp, content);
      } catch (e) {
        for (const t of temps) {
          try {
            fs.remove(t);
          } catch {
            /* best effort */
          }
        }
        throw new UserError(`cannot write ${name} (${errCode(e)}); nothing was changed in the output folder`, { file: join(abs, name) });
      }
    }
    for (const name of stale) {
      const p = join(abs, name);
      if (existsSync(p)) {
        try {
          fs.remove(p);
        } catch (e) {
          for (const t of temps) fs.remove(t);
          throw new UserError(`cannot remove ${name} of a previous run (${errCode(e)}); nothing was changed in the output folder`, { file: p });
        }
      }
    }
    contents.forEach(([name], i) => {
      const p = join(abs, name);
      try {
        fs.rename(temps[i], p);
      } catch (e) {
        for (const t of temps.slice(i)) fs.remove(t);
        throw new UserError(`cannot put ${name} in place (${errCode(e)}); the output folder may mix files of this and a previous run`, { file: p });
      }
      files[name] = p;
    });
  } finally {
    finished = true;
    if (pending) hold(pending);
    // a signal that arrived meanwhile reaches `hold` on the next turns of the event loop and is re-raised there;
    // after that the listener goes and signals have their default action again
    setTimeout(release, 200).unref();
  }
  return files;
}

export async function writeOutputs(dir: string, result: AuditResult, timings: Record<string, number>, opts: OutputOptions = {}): Promise<WrittenOutputs> {
  const abs = ensureOutputDir(dir);
  // everything is rendered before any file is touched
  const shown = opts.showExamples ? result : redactExamples(result);
  const json = renderJson(shown);
  const check = validateResult(JSON.parse(json));
  if (!check.valid) throw new Error(`results.json does not match schema/results.schema.json: ${check.errors.slice(0, 5).join('; ')}`);
  const verdict = opts.policy ? evaluatePolicy(shown, opts.policy) : undefined;
  const contents: [string, string][] = [
    ['timings.json', JSON.stringify({ stages: timings }, null, 2) + '\n'],
    ['report.html', await renderHtml(shown, { verdict, timings, showExamples: opts.showExamples })],
    ['summary.md', renderMarkdown(shown, verdict, timings)],
  ];
  if (verdict) contents.push(['junit.xml', renderJunit(shown, verdict)]);
  contents.push(['results.json', json]);
  const written = new Set(contents.map(([n]) => n));
  const stale = OUTPUT_FILES.filter((n) => !written.has(n));
  const files = writeFilesAtomically(abs, contents, stale, opts.fs);
  return { dir: abs, files, verdict };
}
