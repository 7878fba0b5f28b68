// Progress reporting on stderr for long stages (anything over about a second): a label, a count, an ETA.
// Silent when quiet; never writes to stdout, so piped JSON stays clean. Every line is terminal-escaped (escapeTerminal):
// labels and notices carry column and file names, which may hold control characters.

import { escapeTerminal } from './errors.js';

export interface ProgressTask {
  tick(n?: number): void;
  done(note?: string): void;
}

export interface Progress {
  task(label: string, total?: number): ProgressTask;
  log(line: string): void;
}

export const silentProgress: Progress = {
  task: () => ({ tick() {}, done() {} }),
  log() {},
};

function fmtSecs(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  return `${Math.floor(s / 60)}m${Math.round(s % 60).toString().padStart(2, '0')}s`;
}

export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = !!stream.isTTY;
  return {
    log(line: string) {
      stream.write(escapeTerminal(line) + '\n');
    },
    task(label: string, total?: number): ProgressTask {
      const t0 = Date.now();
      let count = 0;
      let lastPrint = 0;
      let printedAny = false;
      const print = (final: boolean, note?: string) => {
        const el = (Date.now() - t0) / 1000;
        let msg = `  ${escapeTerminal(label)}`;
        if (total && total > 0) {
          const pct = Math.min(100, (100 * count) / total);
          msg += ` ${count}/${total} (${pct.toFixed(0)}%)`;
          if (!final && count > 0) msg += ` ETA ${fmtSecs((el / count) * (total - count))}`;
        }
        msg += final ? ` done in ${fmtSecs(el)}${note ? ` - ${escapeTerminal(note)}` : ''}` : ` ${fmtSecs(el)}`;
        if (tty) stream.write('\r\x1b[K' + msg + (final ? '\n' : ''));
        else stream.write(msg + '\n');
        printedAny = true;
      };
      return {
        tick(n = 1) {
          count += n;
          const now = Date.now();
          // first line after 1 s, then every 1 s (tty) or 10 s (log files)
          if (now - t0 > 1000 && now - lastPrint > (tty ? 200 : 10000)) {
            lastPrint = now;
            print(false);
          }
        },
        done(note?: string) {
          if (printedAny || Date.now() - t0 > 1000) print(true, note);
        },
      };
    },
  };
}
