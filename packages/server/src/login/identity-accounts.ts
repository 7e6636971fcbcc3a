/**
 * The identity store seen by the login: user-ID → identity, identity → claims. Only an
 * active identity logs in; a suspended or blocked one is as absent to the provider (its
 * tokens stop resolving too). Names and birth dates are sealed at rest and opened only here.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../infra/db/index.js';
import type { PiiCipher } from '../infra/pii/index.js';
import type { Clock } from '../infra/clock.js';
import { userIdKey } from '../identity/user-id-rules.js';
import type { AccountClaims, AccountSource } from './claims.js';
import { NSIS_SUBSTANTIAL, type NsisLevel } from './claims.js';

export type IdentityStatus = 'active' | 'suspended' | 'blocked';

export interface LoginIdentity {
  identityId: string;
  status: IdentityStatus;
  /** the highest level the identity's proofing supports */
  maxLevel: NsisLevel;
}

export interface IdentityAccounts extends AccountSource {
  /** The identity behind a user-ID (any case), whatever its status; undefined when none. */
  byUserId(userId: string): Promise<LoginIdentity | undefined>;
}

/**
 * An MRZ birth date (YYMMDD) as an ISO date. The MRZ has no century: a year not after this
 * year's two digits is taken as this century, a later one as the last (nobody is born in the
 * future). Unknown parts ('<' or 'X' in the MRZ) shorten the answer to the year, which OpenID
 * Connect Core §5.1 allows.
 */
export function birthdateFromMrz(yymmdd: string, now: Date): string {
  const m = /^(\d{2})([0-9<X]{2})([0-9<X]{2})$/.exec(yymmdd);
  if (!m) return '0000';
  const yy = Number(m[1]);
  const thisYear = now.getUTCFullYear();
  const century = yy <= thisYear % 100 ? Math.floor(thisYear / 100) : Math.floor(thisYear / 100) - 1;
  const year = String(century * 100 + yy).padStart(4, '0');
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (!/^\d{2}$/.test(m[2]!) || !/^\d{2}$/.test(m[3]!) || month < 1 || month > 12 || day < 1 || day > 31) return year;
  return `${year}-${m[2]}-${m[3]}`;
}

function statusOf(raw: string): IdentityStatus {
  return raw === 'active' ? 'active' : raw === 'blocked' ? 'blocked' : 'suspended';
}

export function createIdentityAccounts(deps: { db: Kysely<Database>; pii: PiiCipher; clock: Clock }): IdentityAccounts {
  return {
    async find(identityId): Promise<AccountClaims | undefined> {
      const row = await deps.db
        .selectFrom('identities')
        .select(['id', 'status', 'given_names_sealed', 'surname_sealed', 'birth_date_sealed'])
        .where('id', '=', identityId)
        .executeTakeFirst();
      if (!row || row.status !== 'active') return undefined;
      const open = (field: string, sealed: string) => deps.pii.decrypt(sealed, `identities.${field}:${row.id}`);
      const name = `${open('given_names', row.given_names_sealed)} ${open('surname', row.surname_sealed)}`.trim();
      return { name, birthdate: birthdateFromMrz(open('birth_date', row.birth_date_sealed), deps.clock.now()) };
    },

    async byUserId(userId) {
      if (typeof userId !== 'string' || userId.length === 0 || userId.length > 64) return undefined;
      const row = await deps.db.selectFrom('identities').select(['id', 'status', 'proofing']).where('user_id_key', '=', userIdKey(userId)).executeTakeFirst();
      if (!row) return undefined;
      // an identity proved by passport in the app reaches at most Substantial (issue 5)
      return { identityId: row.id, status: statusOf(row.status), maxLevel: NSIS_SUBSTANTIAL };
    },
  };
}
