/**
 * The app authenticators of each identity (issue 4 §1–2): registering a device key,
 * activating it (at most `maxActiveApps` active per identity, race-safe), parking it as a
 * spare, removing it. PIN and copy live in their own files.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { DEVICE_SIGNATURE_PURPOSES } from '@openmitid/api';
import type { RandomSource } from '@openmitid/mrtd';
import { ApiError } from '../../errors.js';
import type { Database } from '../../infra/db/index.js';
import type { AppAuthenticatorsTable } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import { parseDevicePublicKey, verifyDeviceSignature } from './device-signature.js';
import { iso } from './time.js';

export type AppStatus = 'pending' | 'active' | 'inactive' | 'suspended' | 'revoked';

export interface AppAuthenticator {
  id: string;
  identityId: string;
  publicKeySpki: Uint8Array;
  status: AppStatus;
  biometrics: boolean;
  /** the push subscription as the device sent it (parsed JSON) */
  pushSubscription: unknown;
  hasPin: boolean;
  pinFailures: number;
  pinLockedUntil: Date | null;
  createdAt: Date;
  activatedAt: Date | null;
}

export type AppRow = Selectable<AppAuthenticatorsTable>;

export function toApp(row: AppRow): AppAuthenticator {
  return {
    id: row.id,
    identityId: row.identity_id,
    publicKeySpki: new Uint8Array(Buffer.from(row.public_key_spki, 'base64url')),
    status: row.status as AppStatus,
    biometrics: row.biometrics === 1,
    pushSubscription: row.push_subscription === null ? null : (JSON.parse(row.push_subscription) as unknown),
    hasPin: row.pin_record !== null,
    pinFailures: row.pin_failures,
    pinLockedUntil: row.pin_locked_until === null ? null : new Date(row.pin_locked_until),
    createdAt: new Date(row.created_at),
    activatedAt: row.activated_at === null ? null : new Date(row.activated_at),
  };
}

export async function loadAppRow(db: Kysely<Database> | Transaction<Database>, id: string): Promise<AppRow> {
  const row = await db.selectFrom('app_authenticators').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError('APP_NOT_FOUND', 'no such app');
  return row;
}

/**
 * Locks the identity's authenticator set for the rest of the transaction and records that it
 * changed now. The upsert writes, so PostgreSQL holds the row lock until commit and SQLite
 * takes its write lock at once (no read-then-upgrade deadlock).
 */
export async function lockIdentityAuthenticators(trx: Transaction<Database>, identityId: string, now: Date): Promise<void> {
  await trx
    .insertInto('identity_authenticator_changes')
    .values({ identity_id: identityId, last_change_at: iso(now) })
    .onConflict((oc) => oc.column('identity_id').doUpdateSet({ last_change_at: iso(now) }))
    .execute();
}

/** When the identity's authenticators last changed (null: never recorded). */
export async function lastIdentityChange(db: Kysely<Database> | Transaction<Database>, identityId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('identity_authenticator_changes')
    .select('last_change_at')
    .where('identity_id', '=', identityId)
    .executeTakeFirst();
  return row ? new Date(row.last_change_at) : null;
}

export async function countActiveApps(db: Kysely<Database> | Transaction<Database>, identityId: string): Promise<number> {
  const row = await db
    .selectFrom('app_authenticators')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('identity_id', '=', identityId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface RegisterAppInput {
  identityId: string;
  /** DER SPKI of the device's P-256 key */
  publicKeySpki: Uint8Array;
  now: Date;
}

export interface ActivateAppInput {
  appId: string;
  /**
   * Proof that the device holds the key: its signature (purpose `register`) over a challenge
   * the caller's flow issued and will not accept twice.
   */
  challenge: Uint8Array;
  signature: Uint8Array;
  biometrics: boolean;
  /** the Web Push subscription JSON, or null when notifications were declined */
  pushSubscription: unknown;
  now: Date;
}

export class AppStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly random: RandomSource,
    private readonly maxActiveApps: number,
  ) {}

  /** A new app in state `pending`: it has a key but no PIN and cannot approve anything yet. */
  async register(input: RegisterAppInput): Promise<AppAuthenticator> {
    parseDevicePublicKey(input.publicKeySpki);
    const row: AppRow = {
      id: newId(this.random),
      identity_id: input.identityId,
      public_key_spki: Buffer.from(input.publicKeySpki).toString('base64url'),
      status: 'pending',
      biometrics: 0,
      push_subscription: null,
      pin_record: null,
      pin_failures: 0,
      pin_locked_until: null,
      created_at: iso(input.now),
      activated_at: null,
      updated_at: iso(input.now),
    };
    await this.db.insertInto('app_authenticators').values(row).execute();
    return toApp(row);
  }

  async get(id: string): Promise<AppAuthenticator> {
    return toApp(await loadAppRow(this.db, id));
  }

  /** Every app of the identity that is not revoked, oldest first. */
  async list(identityId: string): Promise<AppAuthenticator[]> {
    const rows = await this.db
      .selectFrom('app_authenticators')
      .selectAll()
      .where('identity_id', '=', identityId)
      .where('status', '!=', 'revoked')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toApp);
  }

  /**
   * Makes the app active: from `pending` (first activation), `inactive` (a spare) or
   * `suspended` (re-activation after too many wrong PINs; the caller has checked a new
   * temporary PIN and set a new PIN). Refused with APP_LIMIT_REACHED when the identity
   * already has `maxActiveApps` active apps; two activations racing for the last place are
   * serialised by the identity lock, so exactly one wins.
   */
  async activate(input: ActivateAppInput): Promise<AppAuthenticator> {
    // an app never changes identity, so the identity can be read before the transaction; the
    // lock must be its first statement (SQLite cannot upgrade a read to a write when busy)
    const { identity_id: identityId } = await loadAppRow(this.db, input.appId);
    return this.db.transaction().execute((trx) => this.activateIn(trx, identityId, input));
  }

  /**
   * `activate` inside the caller's transaction (an activation flow step, so the app and the
   * flow change together), as its first statements. `identityId` is the one the caller
   * expects the app to belong to; the identity lock is taken before anything is read.
   */
  async activateIn(trx: Transaction<Database>, identityId: string, input: ActivateAppInput): Promise<AppAuthenticator> {
    const pushJson = input.pushSubscription === null || input.pushSubscription === undefined ? null : JSON.stringify(input.pushSubscription);
    await lockIdentityAuthenticators(trx, identityId, input.now);
    // read under the lock: another request may have changed the app meanwhile
    const row = await loadAppRow(trx, input.appId);
    if (row.identity_id !== identityId) throw new ApiError('APP_NOT_FOUND', 'not an app of this identity');
    if (row.status === 'active' || row.status === 'revoked') throw new ApiError('APP_NOT_ACTIVE', `app is ${row.status}`);
    if (row.pin_record === null) throw new ApiError('APP_PIN_NOT_SET', 'choose a PIN before activating');
    const key = parseDevicePublicKey(new Uint8Array(Buffer.from(row.public_key_spki, 'base64url')));
    if (!verifyDeviceSignature(key, DEVICE_SIGNATURE_PURPOSES.register, input.challenge, input.signature)) {
      throw new ApiError('APP_SIGNATURE_INVALID', 'activation not signed by the device key');
    }
    if ((await countActiveApps(trx, row.identity_id)) >= this.maxActiveApps) {
      throw new ApiError('APP_LIMIT_REACHED', 'the identity already has the most active apps', { max: this.maxActiveApps });
    }
    await trx
      .updateTable('app_authenticators')
      .set({
        status: 'active',
        biometrics: input.biometrics ? 1 : 0,
        push_subscription: pushJson,
        pin_failures: 0,
        pin_locked_until: null,
        activated_at: iso(input.now),
        updated_at: iso(input.now),
      })
      .where('id', '=', row.id)
      .execute();
    return toApp(await loadAppRow(trx, row.id));
  }

  /** Parks an active app as a spare: it keeps its key and PIN but approves nothing. */
  async deactivate(appId: string, now: Date): Promise<AppAuthenticator> {
    const { identity_id: identityId } = await loadAppRow(this.db, appId);
    return this.db.transaction().execute(async (trx) => {
      await lockIdentityAuthenticators(trx, identityId, now);
      const result = await trx
        .updateTable('app_authenticators')
        .set({ status: 'inactive', updated_at: iso(now) })
        .where('id', '=', appId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) throw new ApiError('APP_NOT_ACTIVE', 'only an active app can be parked');
      return toApp(await loadAppRow(trx, appId));
    });
  }

  /**
   * Removes an app for good: it is kept as `revoked` (for the audit trail) with its PIN
   * record and push subscription erased, so nothing about it can be used again.
   */
  async remove(appId: string, now: Date): Promise<void> {
    const { identity_id: identityId } = await loadAppRow(this.db, appId);
    await this.db.transaction().execute(async (trx) => {
      await lockIdentityAuthenticators(trx, identityId, now);
      const result = await trx
        .updateTable('app_authenticators')
        .set({ status: 'revoked', pin_record: null, push_subscription: null, updated_at: iso(now) })
        .where('id', '=', appId)
        .where('status', '!=', 'revoked')
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) throw new ApiError('APP_NOT_ACTIVE', 'app already removed');
      await trx.deleteFrom('app_pin_logins').where('app_id', '=', appId).execute();
    });
  }

  /** Records a change to the identity that starts the copy security wait (e.g. a new phone number). */
  async markIdentityChanged(identityId: string, now: Date): Promise<void> {
    await this.db.transaction().execute((trx) => lockIdentityAuthenticators(trx, identityId, now));
  }
}
