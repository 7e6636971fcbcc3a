import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUserId, meetsAllUserIdRules, USER_ID_MAX, USER_ID_MIN } from '../src/enrolment/user-id-rules.js';
// The server decides; the screen's live feedback must agree with it (without the personal-number rule).
import { checkUserIdRules, USER_ID_MAX as SERVER_MAX, USER_ID_MIN as SERVER_MIN } from '../../server/src/identity/user-id-rules.js';

const serverAccepts = (userId: string) => {
  try {
    checkUserIdRules(userId, undefined);
    return true;
  } catch {
    return false;
  }
};

describe('user-ID live rules', () => {
  it('uses the server\'s limits', () => {
    expect([USER_ID_MIN, USER_ID_MAX]).toEqual([SERVER_MIN, SERVER_MAX]);
  });

  it('reports each rule on its own', () => {
    expect(checkUserId('')).toEqual({ length: false, characters: false, edgeSpace: false, digitRun: true });
    expect(checkUserId('anna')).toMatchObject({ length: false, characters: true });
    expect(checkUserId('Anna Æbleø')).toEqual({ length: true, characters: true, edgeSpace: true, digitRun: true });
    expect(checkUserId(' anna.j')).toMatchObject({ edgeSpace: false });
    expect(checkUserId('anna€x')).toMatchObject({ characters: false });
    expect(checkUserId('a1234567890')).toMatchObject({ digitRun: false });
    expect(checkUserId('a'.repeat(49))).toMatchObject({ length: false });
  });

  it('agrees with the server on every string', () => {
    const alphabet = fc.constantFrom(...'aZæØå09 .-_@€é'.split(''), '1', '2', '3');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(alphabet, { maxLength: 60 }).map((a) => a.join(''))), (s) => {
        expect(meetsAllUserIdRules(s)).toBe(serverAccepts(s));
      }),
      { numRuns: 2000 },
    );
  });
});
