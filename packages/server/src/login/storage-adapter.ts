/**
 * oidc-provider's storage on our database: one table keyed by (model, id), payload as JSON,
 * with the three secondary look-ups the provider needs (grant, session uid, device user code).
 * Every instance behind a load balancer sees the same codes, sessions and interactions.
 *
 * An expired row is treated as absent even before it is purged: the provider checks `exp`
 * itself too, but a code must never be found past its lifetime because a purge job lagged.
 */
import type { Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '../infra/db/index.js';
import type { Clock } from '../infra/clock.js';

type Payload = AdapterPayload;

function epochSeconds(clock: Clock): number {
  return Math.floor(clock.now().getTime() / 1000);
}

export class DbAdapter implements Adapter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    readonly model: string,
  ) {}

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    const expiresAt = typeof expiresIn === 'number' ? new Date(this.clock.now().getTime() + expiresIn * 1000).toISOString() : null;
    const row = {
      payload: JSON.stringify(payload),
      grant_id: typeof payload.grantId === 'string' ? payload.grantId : null,
      user_code: typeof payload.userCode === 'string' ? payload.userCode : null,
      uid: typeof payload.uid === 'string' ? payload.uid : null,
      expires_at: expiresAt,
      consumed_at: typeof payload.consumed === 'number' ? payload.consumed : null,
    };
    await this.db
      .insertInto('oidc_payloads')
      .values({ model: this.model, id, ...row })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
      .execute();
  }

  find(id: string): Promise<Payload | undefined> {
    return this.findBy('id', id);
  }

  findByUid(uid: string): Promise<Payload | undefined> {
    return this.findBy('uid', uid);
  }

  findByUserCode(userCode: string): Promise<Payload | undefined> {
    return this.findBy('user_code', userCode);
  }

  async consume(id: string): Promise<void> {
    // only the first use counts: a replay must still see when the code was first consumed
    await this.db
      .updateTable('oidc_payloads')
      .set({ consumed_at: epochSeconds(this.clock) })
      .where('model', '=', this.model)
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .execute();
  }

  async destroy(id: string): Promise<void> {
    await this.db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('id', '=', id).execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('grant_id', '=', grantId).execute();
  }

  private async findBy(column: 'id' | 'uid' | 'user_code', value: string): Promise<Payload | undefined> {
    if (typeof value !== 'string' || value === '') return undefined;
    const now = this.clock.now().toISOString();
    const row = await this.db
      .selectFrom('oidc_payloads')
      .select(['payload', 'consumed_at'])
      .where('model', '=', this.model)
      .where(column, '=', value)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst();
    if (!row) return undefined;
    const payload = JSON.parse(row.payload) as Payload;
    if (row.consumed_at !== null) payload.consumed = Number(row.consumed_at);
    return payload;
  }
}

/** Deletes rows past their expiry; run now and then (the adapter already ignores them). Returns how many went. */
export async function purgeExpiredOidcPayloads(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('oidc_payloads').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
