/** The self-service endpoints. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  AuthenticatorList,
  ChangePasswordRequest,
  Done,
  PasswordSessionRequest,
  PinLoginFinishRequest,
  PinRecordRequest,
  PinRegistrationRequest,
  PinRegistrationResponse,
  ProblemSchema,
  RemoveRequest,
  SELFSERVICE_PATHS as P,
  SelfServiceSession as SessionView,
} from '@openmitid/api';
import type { Services } from '../services.js';
import { block, changePassword, changePin, listAuthenticators, pinRegistration, removeAuthenticator } from './actions.js';
import { loadSession, openByApp, openByPassword, type SelfServiceSession } from './session.js';

const Sid = Type.Object({ sid: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });
const errors = { '4xx': ProblemSchema, '5xx': ProblemSchema };
const tags = ['selfservice'];

const viewOf = (x: SelfServiceSession) => ({ sessionId: x.id, expiresAt: x.expiresAt.toISOString(), ...(x.appId ? { appId: x.appId } : {}) });

export async function selfServiceRoutes(app: FastifyInstance, s: Services): Promise<void> {
  const session = (req: FastifyRequest) => loadSession(s, (req as FastifyRequest<{ Params: { sid: string } }>).params.sid);
  const route = (path: string, body: object | undefined, response: object, handler: (req: FastifyRequest, x: SelfServiceSession) => Promise<unknown>) =>
    app.post(path, { schema: { tags, params: Sid, ...(body ? { body } : {}), response: { 200: response, ...errors } } }, async (req) => handler(req, await session(req)));

  app.post(P.sessionByApp, { schema: { tags, body: PinLoginFinishRequest, response: { 200: SessionView, ...errors } } }, async (req) =>
    viewOf(await openByApp(s, req.body as PinLoginFinishRequest)),
  );
  app.post(P.sessionByPassword, { schema: { tags, body: PasswordSessionRequest, response: { 200: SessionView, ...errors } } }, async (req) =>
    viewOf(await openByPassword(s, req.body as PasswordSessionRequest)),
  );
  route(P.authenticators, undefined, AuthenticatorList, async (_req, x) => ({ authenticators: await listAuthenticators(s, x) }));
  route(P.remove, RemoveRequest, Done, async (req, x) => {
    await removeAuthenticator(s, x, req.body as RemoveRequest);
    return { ok: true };
  });
  route(P.pinRegistration, PinRegistrationRequest, PinRegistrationResponse, async (req, x) => ({
    registrationResponse: await pinRegistration(s, x, (req.body as PinRegistrationRequest).registrationRequest),
  }));
  route(P.pin, PinRecordRequest, Done, async (req, x) => {
    await changePin(s, x, (req.body as PinRecordRequest).registrationRecord);
    return { ok: true };
  });
  route(P.password, ChangePasswordRequest, Done, async (req, x) => {
    await changePassword(s, x, req.body as ChangePasswordRequest);
    return { ok: true };
  });
  route(P.block, undefined, Done, async (_req, x) => {
    await block(s, x);
    return { ok: true };
  });
}
