/**
 * Copying the app to another device (issue 4 §3). An active app, proven by a PIN check
 * (PIN + device key) made for purpose `copy`, opens a session; the old app shows a QR that
 * changes every second; the new app scans it and the server accepts the frame once. The new
 * app then registers its own key and activates with a temporary PIN by SMS as usual
 * (AppStore, TempPins), which enforces the active-app limit again.
 */
import type { Kysely } from 'kysely';
import type { RandomSource } from '@openmitid/mrtd';
import { ApiError } from '../../errors.js';
import type { Database } from '../../infra/db/index.js';
import { parseCopyQrFrame, copyQrMacValid } from './copy-qr.js';
import type { VerifiedPinLogin } from './pin.js';
import type { AppAuthenticatorSettings } from './settings.js';
import { countActiveApps, lastIdentityChange, loadAppRow } from './store.js';
import { iso, plusSeconds, secondsUntil } from './time.js';

export type CopySettings = Pick<
  AppAuthenticatorSettings,
  'maxActiveApps' | 'copySessionSeconds' | 'copyQrSkewSeconds' | 'copySecurityWaitSeconds'
>;

export const COPY_PIN_PURPOSE = 'copy';

/** What the old app gets: enough to draw the frames, nothing more. */
export interface CopySessionGrant {
  sessionId: string;
  /** base64url, 32 bytes */
  secret: string;
  validSeconds: number;
  startedAt: Date;
  expiresAt: Date;
}

/** A scanned frame the server accepted: the new device may now join this identity. */
export interface AcceptedCopy {
  sessionId: string;
  identityId: string;
  sourceAppId: string;
}

export class CopySessions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly random: RandomSource,
    private readonly settings: CopySettings,
  ) {}

  /** Refuses while the security wait runs or when no place is left for another app. */
  async #checkIdentity(identityId: string, now: Date): Promise<void> {
    const changed = await lastIdentityChange(this.db, identityId);
    if (changed) {
      const waitEnds = iso(plusSeconds(changed, this.settings.copySecurityWaitSeconds));
      if (waitEnds > iso(now)) {
        throw new ApiError('COPY_SECURITY_WAIT', 'the identity changed recently', { retryAfterSeconds: secondsUntil(now, waitEnds) });
      }
    }
    if ((await countActiveApps(this.db, identityId)) >= this.settings.maxActiveApps) {
      throw new ApiError('APP_LIMIT_REACHED', 'the identity already has the most active apps', { max: this.settings.maxActiveApps });
    }
  }

  /**
   * Opens a copy session for the app that just passed `proof` (a PIN check for purpose
   * `copy`, finished in this same request).
   */
  async open(proof: VerifiedPinLogin, now: Date): Promise<CopySessionGrant> {
    if (proof.purpose !== COPY_PIN_PURPOSE) throw new ApiError('VALIDATION_FAILED', 'the PIN check was not made for copying');
    const app = await loadAppRow(this.db, proof.appId);
    if (app.status !== 'active' || app.identity_id !== proof.identityId) throw new ApiError('APP_NOT_ACTIVE', 'only an active app can be copied');
    await this.#checkIdentity(app.identity_id, now);

    const id = Buffer.from(this.random(16)).toString('base64url');
    const secret = Buffer.from(this.random(32)).toString('base64url');
    const expiresAt = plusSeconds(now, this.settings.copySessionSeconds);
    await this.db
      .insertInto('app_copy_sessions')
      .values({
        id,
        identity_id: app.identity_id,
        source_app_id: app.id,
        secret,
        started_at: iso(now),
        expires_at: iso(expiresAt),
        used_at: null,
        created_at: iso(now),
      })
      .execute();
    return { sessionId: id, secret, validSeconds: this.settings.copySessionSeconds, startedAt: now, expiresAt };
  }

  /**
   * Accepts a scanned frame once. Checked in this order, so nothing is learnt without the
   * MAC: form and MAC (COPY_QR_INVALID), session age (COPY_SESSION_EXPIRED), earlier use
   * (COPY_SESSION_USED), the frame's second against the server's (COPY_QR_STALE), then the
   * identity again (COPY_SECURITY_WAIT, APP_LIMIT_REACHED). Marking it used is one
   * conditional UPDATE: of two scans racing, one wins.
   */
  async accept(qr: string, now: Date): Promise<AcceptedCopy> {
    const frame = parseCopyQrFrame(qr);
    if (!frame) throw new ApiError('COPY_QR_INVALID', 'not a copy QR');
    const session = await this.db.selectFrom('app_copy_sessions').selectAll().where('id', '=', frame.sessionId).executeTakeFirst();
    if (!session || !copyQrMacValid(frame, new Uint8Array(Buffer.from(session.secret, 'base64url')))) {
      throw new ApiError('COPY_QR_INVALID', 'copy QR not genuine');
    }
    if (session.expires_at <= iso(now)) throw new ApiError('COPY_SESSION_EXPIRED', 'copy session expired');
    if (session.used_at !== null) throw new ApiError('COPY_SESSION_USED', 'copy QR already used');
    const serverSecond = Math.floor((now.getTime() - Date.parse(session.started_at)) / 1000);
    if (Math.abs(serverSecond - frame.second) > this.settings.copyQrSkewSeconds) {
      throw new ApiError('COPY_QR_STALE', 'copy QR frame is not live', { ageSeconds: serverSecond - frame.second });
    }
    await this.#checkIdentity(session.identity_id, now);
    const source = await loadAppRow(this.db, session.source_app_id);
    if (source.status !== 'active') throw new ApiError('APP_NOT_ACTIVE', 'the app showing the QR is no longer active');

    const marked = await this.db
      .updateTable('app_copy_sessions')
      .set({ used_at: iso(now) })
      .where('id', '=', session.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (marked.numUpdatedRows !== 1n) throw new ApiError('COPY_SESSION_USED', 'copy QR already used');
    return { sessionId: session.id, identityId: session.identity_id, sourceAppId: session.source_app_id };
  }

  /** Deletes sessions past their lifetime. */
  async purgeExpired(now: Date): Promise<number> {
    const r = await this.db.deleteFrom('app_copy_sessions').where('expires_at', '<=', iso(now)).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
