// The UserError a synchronous call throws (fails the test when it throws nothing or another kind of error).
import { UserError } from '../../src/errors.js';

export function userErrorOf(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}
