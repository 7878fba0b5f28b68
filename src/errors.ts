// User-facing errors: one line naming the file, column and row, exit code 2, never a stack trace.
// Anything that is not a UserError is a bug in synthaudit and is reported as such.

export interface ErrorLocation {
  file?: string;
  column?: string;
  row?: number; // 1-based data row (header excluded)
}

export class UserError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly detail: string,
    readonly where: ErrorLocation = {},
  ) {
    super(formatUserError(detail, where));
    this.name = 'UserError';
  }
}

export function formatUserError(detail: string, where: ErrorLocation): string {
  const parts: string[] = [];
  if (where.file) parts.push(where.file);
  if (where.column !== undefined) parts.push(`column "${where.column}"`);
  if (where.row !== undefined) parts.push(`row ${where.row}`);
  const oneLine = detail.replace(/\s*\n\s*/g, ' ');
  return escapeTerminal(parts.length ? `${parts.join(', ')}: ${oneLine}` : oneLine);
}

// C0 controls (tab excepted), DEL, C1 controls (incl. CSI U+009B), and the bidirectional overrides/isolates that
// reorder what a terminal shows (U+202A-U+202E, U+2066-U+2069).
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Make text safe to print on a terminal: every control character a file name, column name, cell or policy name
 * could carry (ESC sequences, carriage returns, newlines, C1 controls, bidi overrides) is shown as a visible escape
 * (\x1b, \n, \u202e) instead of acting on the terminal. Used by every line synthaudit prints on stderr
 * (errors, notices, progress) and by the verdict lines.
 */
export function escapeTerminal(s: unknown): string {
  return String(s ?? '').replace(TERMINAL_UNSAFE, (c) => {
    const n = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

/**
 * An internal error (a bug) for stderr: its stack (or message), every line passed through escapeTerminal, so a
 * message that quotes a file name, column or cell cannot move the cursor or recolour the terminal; the stack keeps its
 * line breaks, a line of it cannot add one.
 */
export function formatInternalError(e: unknown): string {
  const text = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  return text.split('\n').map(escapeTerminal).join('\n');
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
