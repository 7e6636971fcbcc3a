/**
 * Self-service sessions, stored as short flows (kind `selfservice`) so every instance sees
 * them: opened by an app's PIN check for purpose `selfservice`, or by password + code.
 * The session id (192 bits) is the bearer secret.
 */
import { SELFSERVICE_PIN_PURPOSE } from '@openmitid/api';
import type { Services } from '../services.js';
import { ApiError } from '../errors.js';
import { newId } from '../infra/ids.js';
import { verifyTokenCode } from '../authenticators/code-display/index.js';
import { userIdKey } from '../identity/user-id-rules.js';
import { enginesOf } from '../flows/activation/engines.js';
import { requireActiveIdentity } from '../flows/activation/identity.js';

/** Short: a session authorises removing authenticators and blocking the identity. */
export const SELFSERVICE_SESSION_SECONDS = 300;

export interface SelfServiceSession {
  id: string;
  identityId: string;
  /** the app that opened it (absent for password + code) */
  appId?: string;
  expiresAt: Date;
}

async function open(s: Services, identityId: string, appId: string | undefined, now: Date): Promise<SelfServiceSession> {
  const session: SelfServiceSession = { id: newId(s.random, 24), identityId, ...(appId ? { appId } : {}), expiresAt: new Date(now.getTime() + SELFSERVICE_SESSION_SECONDS * 1000) };
  await s.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('flows')
      .values({
        id: session.id,
        kind: 'selfservice',
        state: 'open',
        version: 1,
        expires_at: session.expiresAt.toISOString(),
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        data: JSON.stringify({ identityId, appId }),
      })
      .execute();
    await s.audit.append(trx, { type: 'selfservice.opened', outcome: 'ok', identityId, details: { by: appId ? 'app' : 'password' } }, now);
  });
  return session;
}

export async function openByApp(s: Services, finish: { loginId: string; finishLoginRequest: string; signature: string }): Promise<SelfServiceSession> {
  const now = s.clock.now();
  const proof = await (await enginesOf(s)).app.pins.finishLogin({ ...finish, now });
  if (proof.purpose !== SELFSERVICE_PIN_PURPOSE) throw new ApiError('SELFSERVICE_UNAUTHENTICATED', 'the PIN check was not made for self-service');
  await requireActiveIdentity(s.db, proof.identityId);
  return open(s, proof.identityId, proof.appId, now);
}

/** Password, then a code from the identity's code display; both counted by their engines. */
export async function openByPassword(s: Services, input: { userId: string; password: string; code: string }): Promise<SelfServiceSession> {
  const now = s.clock.now();
  const e = await enginesOf(s);
  const row = await s.db.selectFrom('identities').select('id').where('user_id_key', '=', userIdKey(input.userId)).executeTakeFirst();
  // an unknown user-ID answers like a wrong password, so user-IDs cannot be listed here
  if (!row) throw new ApiError('PASSWORD_WRONG', 'wrong user-ID or password');
  await requireActiveIdentity(s.db, row.id);
  await e.passwords.verify(row.id, input.password, now);
  await verifyTokenCode(e.tokens, { identityId: row.id, code: input.code, now });
  return open(s, row.id, undefined, now);
}

/** The open session `id`, or SELFSERVICE_UNAUTHENTICATED; the identity must still be active. */
export async function loadSession(s: Services, id: string): Promise<SelfServiceSession> {
  const row = await s.db.selectFrom('flows').select(['id', 'expires_at', 'data', 'state']).where('id', '=', id).where('kind', '=', 'selfservice').executeTakeFirst();
  const now = s.clock.now();
  if (!row || row.state !== 'open' || row.expires_at <= now.toISOString()) throw new ApiError('SELFSERVICE_UNAUTHENTICATED', 'no open self-service session');
  const data = JSON.parse(row.data) as { identityId: string; appId?: string };
  await requireActiveIdentity(s.db, data.identityId);
  return { id: row.id, identityId: data.identityId, ...(data.appId ? { appId: data.appId } : {}), expiresAt: new Date(row.expires_at) };
}

export async function closeSession(s: Services, id: string, now: Date): Promise<void> {
  await s.db.updateTable('flows').set({ state: 'closed', updated_at: now.toISOString() }).where('id', '=', id).where('kind', '=', 'selfservice').execute();
}
