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
  return parts.length ? `${parts.join(', ')}: ${oneLine}` : oneLine;
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
