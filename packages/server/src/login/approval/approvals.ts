/**
 * Approval requests: the login page asks, the user's app approves or denies. One request
 * decides one OIDC interaction; its outcome is taken once (store.lock), so a denial is final
 * and an approval cannot be replayed. The app may only approve after showing the login page's
 * live QR code (or opening the same-phone link), after a PIN check (OPAQUE) in the same
 * round, with a device-key signature over what it showed.
 */
import type { Kysely } from 'kysely';
import { LOGIN_APPROVAL_PURPOSE, LOGIN_DENIAL_PURPOSE, LOGIN_TEXT_MAX, loginApprovalChallenge, type PendingApproval } from '@openmitid/api';
import type { RandomSource } from '@openmitid/mrtd';
import { ApiError } from '../../errors.js';
import type { Database } from '../../infra/db/index.js';
import type { Clock } from '../../infra/clock.js';
import type { RateLimiter } from '../../infra/ratelimit/index.js';
import { newId } from '../../infra/ids.js';
import { parseDevicePublicKey, verifyDeviceSignature, type AppAuthenticatorEngines, type PinLoginStarted } from '../../authenticators/app/index.js';
import { APP_LOGIN_PURPOSE } from '../../authenticators/registry.js';
import type { InteractionFinisher } from '../interactions.js';
import { NSIS_SUBSTANTIAL } from '../claims.js';
import type { IdentityAccounts } from '../identity-accounts.js';
import { approvalStore, type ApprovalRecord } from './store.js';
import { checkProof, linkProof, qrContent } from './qr.js';
import type { ApprovalHub } from './hub.js';
import { authenticateAppRead } from './app-auth.js';

export interface ApprovalSettings {
  /** seconds an approval request stays open (issue 5: 2 minutes) */
  ttlSeconds: number;
  /** approval requests per user-ID per window: no push bombing */
  perUserLimit: number;
  perUserWindowSeconds: number;
}

export const DEFAULT_APPROVAL_SETTINGS: ApprovalSettings = { ttlSeconds: 120, perUserLimit: 5, perUserWindowSeconds: 600 };

export interface ApprovalDeps {
  db: Kysely<Database>;
  clock: Clock;
  random: RandomSource;
  limiter: RateLimiter;
  /** the app engines, built on first use (they need the OPAQUE setup) */
  apps: () => Promise<AppAuthenticatorEngines>;
  accounts: IdentityAccounts;
  interactions: InteractionFinisher;
  hub: ApprovalHub;
  /** Web Push or another way to wake a closed app; failures are swallowed (the live stream still works) */
  notify?: (identityId: string, event: PendingApproval) => Promise<void>;
  settings?: Partial<ApprovalSettings>;
}

export interface CreateApprovalInput {
  uid: string;
  identityId: string | null;
  userIdKey: string;
  clientId: string;
  clientName: string;
  text: string;
  mode: 'qr' | 'same-device';
}

export interface ApprovalStatusView {
  state: ApprovalRecord['status'];
  /** where the browser continues once the approval has an outcome */
  returnTo?: string;
}

export interface Approvals {
  create(input: CreateApprovalInput): Promise<{ approvalId: string; expiresAt: Date; link?: string }>;
  /** the QR code the login page shows now */
  qr(approvalId: string): Promise<string>;
  status(approvalId: string): Promise<ApprovalStatusView>;
  /**
   * The identity behind a signed read of an app's requests (app-auth.ts: `time.nonce.signature`
   * by the device key), when the app may receive approvals.
   */
  readerOf(appId: string, token: string | undefined): Promise<string>;
  /** the pending requests of an identity (after readerOf) */
  pendingFor(identityId: string): Promise<PendingApproval[]>;
  scan(approvalId: string, input: { appId: string; proof: string }): Promise<PendingApproval>;
  startPin(approvalId: string, input: { appId: string; startLoginRequest: string }): Promise<PinLoginStarted>;
  approve(
    approvalId: string,
    input: { appId: string; loginId: string; finishLoginRequest: string; pinSignature: string; signature: string },
  ): Promise<ApprovalStatusView>;
  deny(approvalId: string, input: { appId: string; signature: string }): Promise<ApprovalStatusView>;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const unb64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64url'));

function view(a: ApprovalRecord): PendingApproval {
  return { approvalId: a.id, clientName: a.clientName, text: a.text, mode: a.mode, expiresAt: new Date(a.expiresAt).toISOString() };
}

export function createApprovals(deps: ApprovalDeps): Approvals {
  const settings = { ...DEFAULT_APPROVAL_SETTINGS, ...deps.settings };
  const nowMs = () => deps.clock.now().getTime();

  async function load(id: string): Promise<ApprovalRecord> {
    const a = typeof id === 'string' && id.length <= 64 ? await approvalStore.find(deps.db, id) : undefined;
    if (!a) throw new ApiError('LOGIN_APPROVAL_NOT_FOUND', 'no such approval request');
    return a;
  }

  /** Ends a request (expired, refused) and the interaction with it, once. */
  async function close(a: ApprovalRecord, status: 'expired' | 'denied' | 'refused', description: string): Promise<ApprovalStatusView> {
    if (!(await approvalStore.lock(deps.db, a.id, nowMs()))) {
      // another outcome got there first (it may still be saving it)
      const fresh = await load(a.id);
      return { state: fresh.status, ...(fresh.returnTo ? { returnTo: fresh.returnTo } : {}) };
    }
    const returnTo = await deps.interactions.abort(a.uid, description);
    await approvalStore.save(deps.db, { ...a, status, returnTo });
    return { state: status, returnTo };
  }

  async function statusOf(a: ApprovalRecord): Promise<ApprovalStatusView> {
    if (a.status === 'pending' && a.expiresAt <= nowMs()) return close(a, 'expired', 'the approval request expired');
    if (a.status === 'pending') return { state: 'pending' };
    // the outcome is in the interaction; the browser resumes at the provider
    return { state: a.status, ...(a.returnTo ? { returnTo: a.returnTo } : {}) };
  }

  /** A pending request the app may act on: its own identity's, not expired, not decided. */
  async function open(id: string, appId: string): Promise<{ a: ApprovalRecord; app: Awaited<ReturnType<AppAuthenticatorEngines['apps']['get']>> }> {
    const a = await load(id);
    const app = await (await deps.apps()).apps.get(appId).catch(() => undefined);
    // a decoy (unknown user-ID) or another identity's request looks like no request at all
    if (!app || a.identityId === null || app.identityId !== a.identityId) throw new ApiError('LOGIN_APPROVAL_NOT_FOUND', 'no such approval request');
    if (app.status !== 'active') throw new ApiError('APP_NOT_ACTIVE', `app is ${app.status}`);
    if (a.status !== 'pending') throw new ApiError('LOGIN_APPROVAL_DECIDED', `approval ${a.status}`);
    if (a.expiresAt <= nowMs()) {
      await close(a, 'expired', 'the approval request expired');
      throw new ApiError('LOGIN_APPROVAL_EXPIRED', 'approval request expired');
    }
    return { a, app };
  }

  return {
    async create(input) {
      const text = input.text.slice(0, LOGIN_TEXT_MAX);
      // counted per user-ID, known or not, so the limit itself reveals nothing
      const hit = await deps.limiter.hit(deps.db, `login-approval:${input.userIdKey}`, settings.perUserLimit, settings.perUserWindowSeconds, deps.clock.now());
      if (!hit.allowed) throw new ApiError('RATE_LIMITED', 'too many approval requests for this user', { retryAfterSeconds: hit.retryAfterSeconds });
      const now = nowMs();
      const a: ApprovalRecord = {
        id: newId(deps.random),
        uid: input.uid,
        identityId: input.identityId,
        clientId: input.clientId,
        clientName: input.clientName,
        text,
        mode: input.mode,
        secret: b64(deps.random(32)),
        createdAt: now,
        expiresAt: now + settings.ttlSeconds * 1000,
        status: 'pending',
      };
      await approvalStore.save(deps.db, a);
      if (a.identityId !== null) {
        deps.hub.publish(a.identityId, view(a));
        if (deps.notify) await deps.notify(a.identityId, view(a)).catch(() => undefined);
      }
      return {
        approvalId: a.id,
        expiresAt: new Date(a.expiresAt),
        ...(a.mode === 'same-device' ? { link: `openmitid://login-approval?proof=${encodeURIComponent(linkProof(unb64(a.secret), a.id))}` } : {}),
      };
    },

    async qr(approvalId) {
      const a = await load(approvalId);
      if (a.mode !== 'qr') throw new ApiError('LOGIN_STEP_OUT_OF_ORDER', 'this request uses the same-phone link');
      return qrContent(unb64(a.secret), a.id, (nowMs() - a.createdAt) / 1000);
    },

    async status(approvalId) {
      return statusOf(await load(approvalId));
    },

    async readerOf(appId, token) {
      return authenticateAppRead(deps, appId, token);
    },

    async pendingFor(identityId) {
      return (await approvalStore.pendingFor(deps.db, identityId, nowMs())).map(view);
    },

    async scan(approvalId, input) {
      const { a } = await open(approvalId, input.appId);
      if (!checkProof(unb64(a.secret), a.id, input.proof, (nowMs() - a.createdAt) / 1000, a.mode)) {
        throw new ApiError('LOGIN_QR_INVALID', 'not this request\'s QR code, or too old');
      }
      await approvalStore.save(deps.db, { ...a, scannedBy: input.appId, proof: input.proof });
      return view(a);
    },

    async startPin(approvalId, input) {
      const { a } = await open(approvalId, input.appId);
      if (a.scannedBy !== input.appId) throw new ApiError('LOGIN_QR_NOT_SCANNED', 'scan the QR code first');
      return (await deps.apps()).pins.startLogin({ appId: input.appId, startLoginRequest: input.startLoginRequest, purpose: APP_LOGIN_PURPOSE, now: deps.clock.now() });
    },

    async approve(approvalId, input) {
      const { a, app } = await open(approvalId, input.appId);
      if (a.scannedBy !== input.appId || a.proof === undefined) throw new ApiError('LOGIN_QR_NOT_SCANNED', 'scan the QR code first');
      const pin = await (await deps.apps()).pins.finishLogin({ loginId: input.loginId, finishLoginRequest: input.finishLoginRequest, signature: input.pinSignature, now: deps.clock.now() });
      if (pin.appId !== input.appId || pin.purpose !== APP_LOGIN_PURPOSE) throw new ApiError('APP_LOGIN_NOT_FOUND', 'PIN check of another app or purpose');
      const challenge = loginApprovalChallenge({ approvalId: a.id, clientName: a.clientName, text: a.text, proof: a.proof, loginId: input.loginId });
      const signature = /^[A-Za-z0-9_-]{86}$/.test(input.signature) ? unb64(input.signature) : new Uint8Array(0);
      if (!verifyDeviceSignature(parseDevicePublicKey(app.publicKeySpki), LOGIN_APPROVAL_PURPOSE, challenge, signature)) {
        throw new ApiError('APP_SIGNATURE_INVALID', 'approval not signed by the device key');
      }
      const identity = await deps.accounts.find(a.identityId!);
      if (!identity) {
        await close(a, 'refused', 'the identity may not log in');
        throw new ApiError('LOGIN_IDENTITY_REFUSED', 'identity suspended or blocked');
      }
      if (!(await approvalStore.lock(deps.db, a.id, nowMs()))) throw new ApiError('LOGIN_APPROVAL_DECIDED', 'approval already decided');
      // an identity proved by passport in the app reaches at most Substantial (issue 5)
      // (the app itself could give High; the passport proofing caps it)
      const returnTo = await deps.interactions.finishLogin(a.uid, { accountId: a.identityId!, acr: NSIS_SUBSTANTIAL, amr: ['code_app'] });
      await approvalStore.save(deps.db, { ...a, status: 'approved', returnTo });
      return { state: 'approved', returnTo };
    },

    async deny(approvalId, input) {
      const { a, app } = await open(approvalId, input.appId);
      const challenge = loginApprovalChallenge({ approvalId: a.id, clientName: a.clientName, text: a.text, proof: '', loginId: '' });
      const signature = /^[A-Za-z0-9_-]{86}$/.test(input.signature) ? unb64(input.signature) : new Uint8Array(0);
      if (!verifyDeviceSignature(parseDevicePublicKey(app.publicKeySpki), LOGIN_DENIAL_PURPOSE, challenge, signature)) {
        throw new ApiError('APP_SIGNATURE_INVALID', 'denial not signed by the device key');
      }
      const r = await close(a, 'denied', 'the user denied the login in the app');
      if (r.state !== 'denied') throw new ApiError('LOGIN_APPROVAL_DECIDED', 'approval already decided');
      return r;
    },
  };
}
