/**
 * Live feedback on the user-ID rules while typing. The server decides (it also checks the
 * personal number, which the device does not know); these mirror its published rules in
 * packages/server/src/identity/user-id-rules.ts (issue 3 §7) so the person sees them met
 * one by one. Kept in step by a test that reads the server's constants.
 */
export const USER_ID_MIN = 5;
export const USER_ID_MAX = 48;
/** The symbols allowed besides letters a–å, digits and space. */
export const USER_ID_SYMBOLS = '{}!#$^,*()_+-=:;?.@';
const ALLOWED = /^[a-zæøå0-9 {}!#$^,*()_+\-=:;?.@]*$/u;

export type UserIdRule = 'length' | 'characters' | 'edgeSpace' | 'digitRun';
export const USER_ID_RULES: readonly UserIdRule[] = ['length', 'characters', 'edgeSpace', 'digitRun'];

/** Each rule and whether `userId` meets it (case-insensitive, as the server compares). */
export function checkUserId(userId: string): Record<UserIdRule, boolean> {
  const key = userId.normalize('NFC').toLowerCase();
  const length = [...key].length;
  return {
    length: length >= USER_ID_MIN && length <= USER_ID_MAX,
    characters: length > 0 && ALLOWED.test(key),
    edgeSpace: length > 0 && !key.startsWith(' ') && !key.endsWith(' '),
    digitRun: !/\d{10}/.test(key),
  };
}

export function meetsAllUserIdRules(userId: string): boolean {
  return Object.values(checkUserId(userId)).every(Boolean);
}
