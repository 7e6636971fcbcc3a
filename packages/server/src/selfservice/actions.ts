/** What a self-service session may do: list and remove authenticators, change PIN or password, block the identity. */
import type { AuthenticatorSummary, RemoveRequest } from '@openmitid/api';
import type { Services } from '../services.js';
import { ApiError } from '../errors.js';
import { listTokens, revokeToken } from '../authenticators/code-display/index.js';
import { loadAppRow } from '../authenticators/app/index.js';
import { enginesOf } from '../flows/activation/engines.js';
import { closeSession, type SelfServiceSession } from './session.js';
import { blockIdentity } from './identity-status.js';

export async function listAuthenticators(s: Services, session: SelfServiceSession): Promise<AuthenticatorSummary[]> {
  const e = await enginesOf(s);
  const now = s.clock.now();
  const apps = await e.app.apps.list(session.identityId);
  const tokens = await listTokens(e.tokens, { identityId: session.identityId });
  const password = await e.passwords.status(session.identityId, now);
  return [
    ...apps.map((a) => ({ kind: 'app' as const, id: a.id, status: a.status, createdAt: a.createdAt.toISOString(), current: a.id === session.appId })),
    ...tokens
      .filter((t) => t.status !== 'revoked')
      .map((t) => ({ kind: t.kind, id: t.serial, status: t.status, createdAt: t.createdAt, current: session.appId === undefined })),
    ...(password.set ? [{ kind: 'password' as const, id: 'password', status: password.locked ? 'locked' : 'active', createdAt: '', current: session.appId === undefined }] : []),
  ];
}

export async function removeAuthenticator(s: Services, session: SelfServiceSession, what: RemoveRequest): Promise<void> {
  const e = await enginesOf(s);
  const now = s.clock.now();
  if (what.kind === 'app') {
    const row = await loadAppRow(s.db, what.id);
    if (row.identity_id !== session.identityId) throw new ApiError('APP_NOT_FOUND', 'no such app');
    await e.app.apps.remove(what.id, now);
  } else if (what.kind === 'password') {
    await e.passwords.remove(session.identityId);
  } else {
    const mine = (await listTokens(e.tokens, { identityId: session.identityId })).find((t) => t.serial === what.id.toUpperCase() && t.status !== 'revoked');
    if (!mine) throw new ApiError('TOKEN_NOT_FOUND', 'no such device');
    await revokeToken(e.tokens, mine.serial, now);
  }
  await s.audit.append(s.db, { type: 'authenticator.removed', outcome: 'ok', identityId: session.identityId, details: { kind: what.kind } }, now);
}

function sessionApp(session: SelfServiceSession): string {
  if (!session.appId) throw new ApiError('SELFSERVICE_UNAUTHENTICATED', 'the PIN is changed from the app itself');
  return session.appId;
}

/** Changing the PIN: OPAQUE registration again, authorised by the PIN check that opened the session. */
export async function pinRegistration(s: Services, session: SelfServiceSession, registrationRequest: string): Promise<string> {
  return (await enginesOf(s)).app.pins.registrationResponse(sessionApp(session), registrationRequest);
}

export async function changePin(s: Services, session: SelfServiceSession, registrationRecord: string): Promise<void> {
  const now = s.clock.now();
  await (await enginesOf(s)).app.pins.setPin(sessionApp(session), registrationRecord, now);
  await s.audit.append(s.db, { type: 'authenticator.pin-changed', outcome: 'ok', identityId: session.identityId }, now);
}

export async function changePassword(s: Services, session: SelfServiceSession, input: { oldPassword: string; password: string; repeat: string }): Promise<void> {
  const now = s.clock.now();
  const row = await s.db.selectFrom('identities').select('user_id').where('id', '=', session.identityId).executeTakeFirstOrThrow();
  await (await enginesOf(s)).passwords.change({ identityId: session.identityId, userId: row.user_id, ...input, now });
  await s.audit.append(s.db, { type: 'authenticator.password-changed', outcome: 'ok', identityId: session.identityId }, now);
}

export async function block(s: Services, session: SelfServiceSession): Promise<void> {
  const now = s.clock.now();
  await blockIdentity(s, session.identityId, now);
  await closeSession(s, session.id, now);
}
