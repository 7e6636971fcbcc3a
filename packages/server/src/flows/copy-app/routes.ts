/** The copy endpoints: the PIN check of an app, the old app's copy session, the new device's scan and user-ID. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  ActivationFlowView,
  COPY_APP_PATHS as P,
  CopySessionResponse,
  CopyStartRequest,
  PinLoginFinishRequest,
  PinLoginStartRequest,
  PinLoginStartResponse,
  ProblemSchema,
  UserIdConfirmRequest,
} from '@openmitid/api';
import type { Services } from '../../services.js';
import { enginesOf } from '../activation/engines.js';
import { viewOf } from '../activation/flow.js';
import { requireActiveIdentity } from '../activation/identity.js';
import { runActivationStep } from '../activation/runner.js';
import { loadAppRow } from '../../authenticators/app/index.js';
import { openCopySession, startCopy, userIdStep } from './steps.js';

const Id = Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const errors = { '4xx': ProblemSchema, '5xx': ProblemSchema };
const tags = ['copy-app'];

export async function copyAppRoutes(app: FastifyInstance, s: Services): Promise<void> {
  app.post(
    P.pinLogin,
    { schema: { tags: ['apps'], params: Type.Object({ appId: Id }), body: PinLoginStartRequest, response: { 200: PinLoginStartResponse, ...errors } } },
    async (req) => {
      const e = await enginesOf(s);
      const appId = (req as FastifyRequest<{ Params: { appId: string } }>).params.appId;
      const body = req.body as PinLoginStartRequest;
      await requireActiveIdentity(s.db, (await loadAppRow(s.db, appId)).identity_id);
      const started = await e.app.pins.startLogin({ appId, startLoginRequest: body.startLoginRequest, purpose: body.purpose, now: s.clock.now() });
      return { ...started, expiresAt: started.expiresAt.toISOString() };
    },
  );

  app.post(P.session, { schema: { tags, body: PinLoginFinishRequest, response: { 200: CopySessionResponse, ...errors } } }, async (req) => {
    const grant = await openCopySession(s, req.body as PinLoginFinishRequest);
    return { sessionId: grant.sessionId, secret: grant.secret, validSeconds: grant.validSeconds, expiresAt: grant.expiresAt.toISOString() };
  });

  app.post(P.start, { schema: { tags, summary: 'Kopier fra anden MitID app', body: CopyStartRequest, response: { 201: ActivationFlowView, ...errors } } }, async (req, reply) => {
    return reply.code(201).send(viewOf(await startCopy(s, (req.body as CopyStartRequest).qr)));
  });

  app.post(P.userId, { schema: { tags, params: Type.Object({ id: Id }), body: UserIdConfirmRequest, response: { 200: ActivationFlowView, ...errors } } }, async (req) => {
    const id = (req as FastifyRequest<{ Params: { id: string } }>).params.id;
    return viewOf(await runActivationStep(s, id, 'user-id', userIdStep(s, (req.body as UserIdConfirmRequest).userId)));
  });
}
