/**
 * Who may read an app's approval requests (GET /login/apps/:appId/approvals and its stream):
 * only the app itself, shown by a fresh signature of its device key (the P-256 key registered
 * at activation) over `appId NUL time NUL nonce` (@openmitid/api appReadChallenge). The appId
 * is only an address: it sits in logs and links and must not be enough to watch someone's
 * logins (who asks, for what, when).
 *
 * The stream carries the signature in its URL (EventSource cannot set headers), where proxies
 * log it; so each nonce is taken once (a row of our own model in oidc_payloads, its primary
 * key lets exactly one insert through) and the time must be within ±60 s of the server's.
 * A missing, malformed, stale, replayed or wrong signature each have their own code; an
 * unknown appId gets the wrong signature's, so appIds cannot be probed.
 */
import type { Kysely } from 'kysely';
import { APP_AUTH_WINDOW_SECONDS, LOGIN_APPROVALS_PURPOSE, appReadChallenge } from '@openmitid/api';
import { ApiError } from '../../errors.js';
import type { Database } from '../../infra/db/index.js';
import type { Clock } from '../../infra/clock.js';
import { parseDevicePublicKey, verifyDeviceSignature, type AppAuthenticatorEngines } from '../../authenticators/app/index.js';

const NONCE_MODEL = 'OpenMitIdAppReadNonce';
const TOKEN = /^(\d{1,12})\.([A-Za-z0-9_-]{22,64})\.([A-Za-z0-9_-]{86})$/;

export interface AppReadAuthDeps {
  db: Kysely<Database>;
  clock: Clock;
  apps: () => Promise<AppAuthenticatorEngines>;
}

/** Checks `time.nonce.signature` for `appId`; answers the app's identity id. */
export async function authenticateAppRead(d: AppReadAuthDeps, appId: string, token: string | undefined): Promise<string> {
  if (token === undefined || token === '') throw new ApiError('LOGIN_APP_UNSIGNED', 'sign the request with the device key');
  const m = TOKEN.exec(token);
  if (!m) throw new ApiError('LOGIN_APP_SIGNATURE_INVALID', 'malformed device signature');
  const time = Number(m[1]);
  const nonce = m[2]!;
  const signature = new Uint8Array(Buffer.from(m[3]!, 'base64url'));
  const nowSeconds = Math.floor(d.clock.now().getTime() / 1000);
  if (Math.abs(nowSeconds - time) > APP_AUTH_WINDOW_SECONDS) throw new ApiError('LOGIN_APP_SIGNATURE_STALE', 'signed time too far from the server clock');
  const app = typeof appId === 'string' && appId.length <= 64 ? await (await d.apps()).apps.get(appId).catch(() => undefined) : undefined;
  if (!app || !verifyDeviceSignature(parseDevicePublicKey(app.publicKeySpki), LOGIN_APPROVALS_PURPOSE, appReadChallenge({ appId, time, nonce }), signature)) {
    throw new ApiError('LOGIN_APP_SIGNATURE_INVALID', 'not signed by this app\'s device key');
  }
  // taken only once the signature is good, so nobody can burn an app's nonces
  const r = await d.db
    .insertInto('oidc_payloads')
    .values({
      model: NONCE_MODEL,
      id: `${appId}:${nonce}`,
      payload: '{}',
      grant_id: null,
      user_code: null,
      uid: null,
      // kept past the window, so a replay is refused as long as its time is still accepted
      expires_at: new Date((time + 2 * APP_AUTH_WINDOW_SECONDS + 1) * 1000).toISOString(),
      consumed_at: null,
    })
    .onConflict((oc) => oc.columns(['model', 'id']).doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) throw new ApiError('LOGIN_APP_SIGNATURE_REPLAYED', 'this signature was used already');
  if (app.status !== 'active') throw new ApiError('APP_NOT_ACTIVE', `app is ${app.status}`);
  return app.identityId;
}
