import { expect } from 'vitest';
import { isMrtdError, MrtdError, type MrtdErrorCode } from '../../src/errors.js';

/** The MrtdError code `f` throws, or undefined when it returns; any other exception fails the test. */
export function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MrtdError);
    return (e as MrtdError).code;
  }
  return undefined;
}

/** `fn` must throw an MrtdError with exactly this code. */
export function expectCode(fn: () => unknown, code: MrtdErrorCode): void {
  try {
    fn();
  } catch (e) {
    expect(isMrtdError(e, code), String(e)).toBe(true);
    return;
  }
  expect.unreachable(`expected ${code}`);
}
