/** The activation endpoints: a thin table from HTTP to the steps. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  ACTIVATION_PATHS as P,
  ActivationFlowView,
  BiometricsRequest,
  ChipActivationRequest,
  ChipOptionsResponse,
  DeviceKeyRequest,
  MethodRequest,
  NotificationsRequest,
  OrderRequest,
  PasswordRequest,
  PinRecordRequest,
  PinRegistrationRequest,
  PinRegistrationResponse,
  ProblemSchema,
  TempPinRequest,
  TokenRequest,
  type ActivationStep,
} from '@openmitid/api';
import type { Services } from '../../services.js';
import { viewOf } from './flow.js';
import { runActivationStep, type ActivationWork } from './runner.js';
import { getActivation, startActivation } from './service.js';
import { biometricsStep, deviceKeyStep, methodStep, notificationsStep, pinRegistrationStep, pinStep, tempPinStep } from './app-steps.js';
import { orderStep, passwordStep, tokenStep } from './token-steps.js';
import { enginesOf } from './engines.js';
import { chipOptionsStep, chipStep } from './chip-steps.js';

const Params = Type.Object({ id: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });
const errors = { '4xx': ProblemSchema, '5xx': ProblemSchema };
const tags = ['activation'];

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

export async function activationRoutes(app: FastifyInstance, s: Services): Promise<void> {
  // fail at start-up, not at the first activation, when the app secrets are unusable
  await enginesOf(s);
  const stepRoute = <B>(path: string, step: ActivationStep, body: object, work: (b: B) => ActivationWork) =>
    app.post(path, { schema: { tags, params: Params, body, response: { 200: ActivationFlowView, ...errors } } }, async (req) => {
      return viewOf(await runActivationStep(s, (req as IdRequest).params.id, step, work(req.body as B)));
    });

  app.post(P.start, { schema: { tags, summary: 'Hvordan vil du godkende med MitID?', params: Params, response: { 201: ActivationFlowView, ...errors } } }, async (req, reply) => {
    return reply.code(201).send(viewOf(await startActivation(s, (req as IdRequest).params.id)));
  });
  app.get(P.flow, { schema: { tags, params: Params, response: { 200: ActivationFlowView, ...errors } } }, async (req) => viewOf(await getActivation(s, (req as IdRequest).params.id)));

  stepRoute<MethodRequest>(P.method, 'method', MethodRequest, (b) => methodStep(s, b.method));
  stepRoute<DeviceKeyRequest>(P.deviceKey, 'device-key', DeviceKeyRequest, (b) => deviceKeyStep(s, b.publicKeySpki));
  stepRoute<TempPinRequest>(P.tempPin, 'temp-pin', TempPinRequest, (b) => tempPinStep(s, b.code));
  stepRoute<PinRecordRequest>(P.pin, 'pin', PinRecordRequest, (b) => pinStep(s, b.registrationRecord));
  stepRoute<BiometricsRequest>(P.biometrics, 'biometrics', BiometricsRequest, (b) => biometricsStep(b.enabled));
  stepRoute<NotificationsRequest>(P.notifications, 'notifications', NotificationsRequest, (b) => notificationsStep(s, b.pushSubscription, b.signature));
  stepRoute<OrderRequest>(P.order, 'order', OrderRequest, (b) => orderStep(s, b.address));
  stepRoute<PasswordRequest>(P.password, 'password', PasswordRequest, (b) => passwordStep(s, b.password, b.repeat));
  stepRoute<TokenRequest>(P.token, 'token', TokenRequest, (b) => tokenStep(s, b.serial, b.code));
  stepRoute<ChipActivationRequest>(P.chip, 'chip', ChipActivationRequest, (b) => chipStep(s, b.credential, b.password, b.repeat));

  app.post(
    P.chipOptions,
    { schema: { tags, summary: 'MitID chip: registration options', params: Params, response: { 200: ChipOptionsResponse, ...errors } } },
    async (req) => {
      let options: unknown;
      const flow = await runActivationStep(s, (req as IdRequest).params.id, 'chip-options', chipOptionsStep(s, (o) => (options = o)));
      return { flow: viewOf(flow), options };
    },
  );

  app.post(
    P.pinRegistration,
    { schema: { tags, params: Params, body: PinRegistrationRequest, response: { 200: PinRegistrationResponse, ...errors } } },
    async (req) => {
      let registrationResponse = '';
      const body = req.body as PinRegistrationRequest;
      await runActivationStep(s, (req as IdRequest).params.id, 'pin-registration', pinRegistrationStep(s, body.registrationRequest, (r) => (registrationResponse = r)));
      return { registrationResponse };
    },
  );
}
