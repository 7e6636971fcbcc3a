/**
 * What a login proves and what the relying party may learn: the NSIS assurance levels (`acr`),
 * the authentication methods (`amr`) and the account claims behind the `profile` scope.
 */

/** NSIS assurance levels as URIs (Digitaliseringsstyrelsen's concept namespace), lowest first. */
export const NSIS_LEVELS = [
  'https://data.gov.dk/concept/core/nsis/Low',
  'https://data.gov.dk/concept/core/nsis/Substantial',
  'https://data.gov.dk/concept/core/nsis/High',
] as const;
export type NsisLevel = (typeof NSIS_LEVELS)[number];

export const NSIS_LOW: NsisLevel = NSIS_LEVELS[0];
export const NSIS_SUBSTANTIAL: NsisLevel = NSIS_LEVELS[1];
export const NSIS_HIGH: NsisLevel = NSIS_LEVELS[2];

export function isNsisLevel(value: unknown): value is NsisLevel {
  return typeof value === 'string' && (NSIS_LEVELS as readonly string[]).includes(value);
}

/** Orders two levels: negative when `a` is lower than `b`. */
export function compareNsisLevels(a: NsisLevel, b: NsisLevel): number {
  return NSIS_LEVELS.indexOf(a) - NSIS_LEVELS.indexOf(b);
}

/**
 * Authentication method references as MitID names them: the app, a code display, a code
 * reader, a chip (security key); `pwd` for the password that precedes a code or a chip.
 */
export const AMR_VALUES = ['code_app', 'code_token', 'code_reader', 'u2f_token', 'pwd'] as const;
export type AmrValue = (typeof AMR_VALUES)[number];

export function isAmrValue(value: unknown): value is AmrValue {
  return typeof value === 'string' && (AMR_VALUES as readonly string[]).includes(value);
}

/** The scopes the provider knows and the claims each releases. */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'birthdate'],
} as const;

/** What the identity store tells the provider about an account. */
export interface AccountClaims {
  /** full name as on the identity ("given names surname") */
  name: string;
  /** ISO 8601 date, YYYY-MM-DD */
  birthdate: string;
}

/**
 * The port to the identity store: identity id → claims. Undefined when the identity does not
 * exist or may not log in (suspended, blocked): tokens for it then stop working too.
 */
export interface AccountSource {
  find(identityId: string): Promise<AccountClaims | undefined>;
}

/** An account source over a fixed map: tests and the demo. */
export function createStaticAccountSource(accounts: Record<string, AccountClaims> | Map<string, AccountClaims>): AccountSource {
  const map = accounts instanceof Map ? accounts : new Map(Object.entries(accounts));
  return { find: async (id) => map.get(id) };
}
