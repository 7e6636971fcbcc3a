/**
 * The login interaction as a JSON API (the web app's login pages sit on top of it):
 *
 *   POST /login/interaction/:uid/user-id   { userId }            → { methods }
 *   POST /login/interaction/:uid/app       { mode? }             → { approvalId, expiresAt, link? }
 *   GET  /login/interaction/:uid/qr                               → { qr } (changes every second)
 *   GET  /login/interaction/:uid/status                           → { state, returnTo? }
 *
 * and the app's side of an approval:
 *
 *   GET  /login/apps/:appId/approvals            pending requests; header x-openmitid-app-auth: time.nonce.signature
 *   GET  /login/apps/:appId/approvals/stream?auth=time.nonce.signature   the same live (server-sent events)
 *        (signed by the device key, each signature once, ±60 s: approval/app-auth.ts)
 *   POST /login/approvals/:id/scan               { appId, proof }
 *   POST /login/approvals/:id/pin                { appId, startLoginRequest }
 *   POST /login/approvals/:id/approve            { appId, loginId, finishLoginRequest, pinSignature, signature }
 *   POST /login/approvals/:id/deny               { appId, signature }
 *
 * What the requester learns before authenticating (decided for issue 5):
 *
 * - The user-ID step answers every user-ID alike: `methods` is the choice this server offers
 *   (the app, and the code display, code reader and chip when they are mounted), not the
 *   user's own. MitID shows a user's own methods right after the user-ID, which tells anyone
 *   typing a user-ID whether it exists and which authenticators it has (a phishing and
 *   targeting aid); here the page lets the user choose, and a user who picks a method they do
 *   not have gets the answer of a failed authentication.
 * - Each method then runs the same for an unknown user-ID, a user without that method and a
 *   suspended or blocked identity: the app gets an approval request that no app of theirs
 *   receives (or, for a blocked identity, that its app receives and cannot approve), which
 *   expires like any other; the code display, code reader and chip answer a wrong password
 *   after one argon2id check (password-gate.ts), with stable decoy credential ids for the chip.
 * - A suspended or blocked identity is told so (LOGIN_IDENTITY_REFUSED) only after a correct
 *   authentication: PIN and device signature in the app, password and code, or password and
 *   key. The legitimate holder needs to know why the login fails; whoever can authenticate
 *   already holds the factors, so the status adds nothing for an attacker.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { APP_AUTH_HEADER, APP_AUTH_QUERY } from '@openmitid/api';
import type { Kysely } from 'kysely';
import { ApiError } from '../errors.js';
import type { Database } from '../infra/db/index.js';
import type { Clock } from '../infra/clock.js';
import type { RateLimiter } from '../infra/ratelimit/index.js';
import type { AuditLog } from '../infra/audit/index.js';
import { userIdKey } from '../identity/user-id-rules.js';
import type { AuthenticatorKindName } from '../authenticators/types.js';
import type { LoginService } from './service.js';
import { LoginError } from './errors.js';
import type { IdentityAccounts } from './identity-accounts.js';
import type { Approvals } from './approval/approvals.js';
import { approvalStore } from './approval/store.js';
import type { ApprovalHub } from './approval/hub.js';

export interface InteractionRouteDeps {
  db: Kysely<Database>;
  clock: Clock;
  limiter: RateLimiter;
  audit?: AuditLog;
  login: LoginService;
  accounts: IdentityAccounts;
  approvals: Approvals;
  hub: ApprovalHub;
  /** the methods this server offers, the same for every user-ID (see above) */
  offeredMethods: readonly AuthenticatorKindName[];
  /** login attempts per client address per minute (default 60) */
  perSourcePerMinute?: number;
}

function body(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw new ApiError('VALIDATION_FAILED', 'expected a JSON object');
  return b as Record<string, unknown>;
}

function field(b: Record<string, unknown>, key: string, max = 4096): string {
  const v = b[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw new ApiError('VALIDATION_FAILED', `${key} must be a string`);
  return v;
}

export async function interactionRoutes(app: FastifyInstance, d: InteractionRouteDeps): Promise<void> {
  const perSource = d.perSourcePerMinute ?? 60;

  async function details(uid: string) {
    try {
      return await d.login.interactions.details(uid);
    } catch (e) {
      if (e instanceof LoginError && e.code === 'OIDC_INTERACTION_NOT_FOUND') throw new ApiError('LOGIN_INTERACTION_NOT_FOUND', 'no such login, or it expired');
      throw e;
    }
  }

  async function bySource(req: FastifyRequest): Promise<void> {
    const hit = await d.limiter.hit(d.db, `login-source:${req.ip}`, perSource, 60, d.clock.now());
    if (!hit.allowed) throw new ApiError('RATE_LIMITED', 'too many login attempts from this address', { retryAfterSeconds: hit.retryAfterSeconds });
  }

  async function stateOf(uid: string) {
    const s = await approvalStore.findState(d.db, uid);
    if (!s) throw new ApiError('LOGIN_STEP_OUT_OF_ORDER', 'enter the user-ID first');
    return s;
  }

  const uidOf = (req: FastifyRequest) => (req.params as { uid: string }).uid;
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
  const noStore = { 'cache-control': 'no-store' };

  app.post('/login/interaction/:uid/user-id', async (req, reply) => {
    await bySource(req);
    const uid = uidOf(req);
    const view = await details(uid);
    const userId = field(body(req), 'userId', 64);
    // whatever its status: a suspended or blocked identity is told only after authenticating
    const identity = await d.accounts.byUserId(userId);
    await approvalStore.saveState(d.db, { uid, identityId: identity?.identityId ?? null, userIdKey: userIdKey(userId) }, view.expiresAt * 1000);
    return reply.headers(noStore).send({ methods: [...d.offeredMethods] });
  });

  app.post('/login/interaction/:uid/app', async (req, reply) => {
    await bySource(req);
    const uid = uidOf(req);
    const view = await details(uid);
    const state = await stateOf(uid);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const mode = b.mode === 'same-device' ? 'same-device' : 'qr';
    const created = await d.approvals.create({
      uid,
      identityId: state.identityId,
      userIdKey: state.userIdKey,
      clientId: view.clientId,
      clientName: view.clientName ?? view.clientId,
      text: view.text ?? '',
      mode,
    });
    await approvalStore.saveState(d.db, { ...state, approvalId: created.approvalId }, view.expiresAt * 1000);
    return reply.headers(noStore).send({ approvalId: created.approvalId, expiresAt: created.expiresAt.toISOString(), ...(created.link ? { link: created.link } : {}) });
  });

  app.get('/login/interaction/:uid/qr', async (req, reply) => {
    const state = await stateOf(uidOf(req));
    if (!state.approvalId) throw new ApiError('LOGIN_STEP_OUT_OF_ORDER', 'no approval request yet');
    return reply.headers(noStore).send({ qr: await d.approvals.qr(state.approvalId) });
  });

  app.get('/login/interaction/:uid/status', async (req, reply) => {
    const state = await stateOf(uidOf(req));
    if (!state.approvalId) throw new ApiError('LOGIN_STEP_OUT_OF_ORDER', 'no approval request yet');
    return reply.headers(noStore).send(await d.approvals.status(state.approvalId));
  });

  app.get('/login/apps/:appId/approvals', async (req, reply) => {
    const { appId } = req.params as { appId: string };
    const header = req.headers[APP_AUTH_HEADER];
    const identityId = await d.approvals.readerOf(appId, typeof header === 'string' ? header : undefined);
    return reply.headers(noStore).send({ approvals: await d.approvals.pendingFor(identityId) });
  });

  app.get('/login/apps/:appId/approvals/stream', async (req, reply) => {
    const { appId } = req.params as { appId: string };
    // EventSource cannot set headers: the signature comes as a query parameter (each one usable once)
    const token = (req.query as Record<string, unknown>)[APP_AUTH_QUERY];
    const identityId = await d.approvals.readerOf(appId, typeof token === 'string' ? token : undefined);
    const pending = await d.approvals.pendingFor(identityId);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    // a comment first, so the client sees the headers before any request arrives
    res.write(': connected\n\n');
    const send = (event: unknown) => res.write(`event: approval\ndata: ${JSON.stringify(event)}\n\n`);
    pending.forEach(send);
    const unsubscribe = d.hub.subscribe(identityId, send);
    // a comment now and then keeps proxies from closing an idle stream
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.raw.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });

  app.post('/login/approvals/:id/scan', async (req) => {
    const b = body(req);
    return d.approvals.scan(idOf(req), { appId: field(b, 'appId', 64), proof: field(b, 'proof', 200) });
  });

  app.post('/login/approvals/:id/pin', async (req) => {
    const b = body(req);
    const started = await d.approvals.startPin(idOf(req), { appId: field(b, 'appId', 64), startLoginRequest: field(b, 'startLoginRequest') });
    return { loginId: started.loginId, loginResponse: started.loginResponse, nonce: started.nonce, purpose: started.purpose, expiresAt: started.expiresAt.toISOString() };
  });

  app.post('/login/approvals/:id/approve', async (req) => {
    const b = body(req);
    return d.approvals.approve(idOf(req), {
      appId: field(b, 'appId', 64),
      loginId: field(b, 'loginId', 64),
      finishLoginRequest: field(b, 'finishLoginRequest'),
      pinSignature: field(b, 'pinSignature', 200),
      signature: field(b, 'signature', 200),
    });
  });

  app.post('/login/approvals/:id/deny', async (req) => {
    const b = body(req);
    return d.approvals.deny(idOf(req), { appId: field(b, 'appId', 64), signature: field(b, 'signature', 200) });
  });
}
