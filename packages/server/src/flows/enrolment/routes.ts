/** The enrolment endpoints: a thin table from HTTP to the steps. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type {} from '@fastify/websocket';
import { Type } from '@sinclair/typebox';
import {
  ChipUploadRequest,
  CountryRequest,
  ENROLMENT_PATHS as P,
  EnrolmentFlowView,
  FaceChallengeResponse,
  FaceRequest,
  MrzRequest,
  PhoneRequest,
  PhoneVerifyRequest,
  ProblemSchema,
  TermsRequest,
  UserIdAvailability,
  UserIdRequest,
  type EnrolmentStep,
} from '@openmitid/api';
import { isMrtdError, readPassport, type LdsFileName } from '@openmitid/mrtd';
import type { Services } from '../../services.js';
import { ApiError } from '../../errors.js';
import { problemOf } from '../../http/problem.js';
import type { LivenessChallenge } from '../../proofing/face/port.js';
import { enrolmentView, getEnrolment, startEnrolment } from './service.js';
import { runStep, type StepWork } from './runner.js';
import { RelayTransport } from './relay.js';
import { chipAccess, chipStep, countryStep, faceChallengeStep, faceStep, mrzStep, termsStep } from './proofing-steps.js';
import { phoneStep, phoneVerifyStep, userIdAvailabilityStep, userIdStep } from './account-steps.js';

const Params = Type.Object({ id: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });
const errors = { '4xx': ProblemSchema, '5xx': ProblemSchema };
const tags = ['enrolment'];
const unb64 = (t: string) => new Uint8Array(Buffer.from(t, 'base64'));

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

export async function enrolmentRoutes(app: FastifyInstance, s: Services): Promise<void> {
  const view = (flow: Parameters<typeof enrolmentView>[1]) => enrolmentView(s, flow);
  const stepRoute = <B>(path: string, step: EnrolmentStep, body: object, work: (b: B, req: IdRequest) => StepWork) =>
    app.post(path, { schema: { tags, params: Params, body, response: { 200: EnrolmentFlowView, ...errors } } }, async (req) => {
      const r = req as IdRequest;
      return view(await runStep(s, r.params.id, step, work(req.body as B, r)));
    });

  app.post(P.start, { schema: { tags, summary: 'Kom i gang: start an enrolment flow', response: { 201: EnrolmentFlowView, ...errors } } }, async (req, reply) => {
    const flow = await startEnrolment(s, req.ip);
    return reply.code(201).send(view(flow));
  });

  app.get(P.flow, { schema: { tags, params: Params, response: { 200: EnrolmentFlowView, ...errors } } }, async (req) => {
    return view(await getEnrolment(s, (req as IdRequest).params.id));
  });

  stepRoute<TermsRequest>(P.terms, 'terms', TermsRequest, (b) => termsStep(s, b.termsVersion));
  stepRoute<CountryRequest>(P.country, 'country', CountryRequest, (b) => countryStep(s, b.country));
  stepRoute<MrzRequest>(P.mrz, 'mrz', MrzRequest, (b) => mrzStep(s, 'key' in b ? { key: b.key } : { lines: b.mrz }));
  stepRoute<ChipUploadRequest>(P.chip, 'chip', ChipUploadRequest, (b) => {
    const files = new Map<LdsFileName, Uint8Array>();
    for (const [name, value] of Object.entries(b.files) as [string, string][]) files.set(name as LdsFileName, unb64(value));
    const aa = b.activeAuthentication;
    return chipStep(s, { files, ...(aa ? { activeAuthentication: { challenge: unb64(aa.challenge), signature: unb64(aa.signature) } } : {}) });
  });
  stepRoute<FaceRequest>(P.face, 'face', FaceRequest, (b, req) => faceStep(s, req.log, b));
  stepRoute<UserIdRequest>(P.userId, 'user-id', UserIdRequest, (b) => userIdStep(s, b.userId));
  stepRoute<PhoneRequest>(P.phone, 'phone', PhoneRequest, (b) => phoneStep(s, b.phone));
  stepRoute<PhoneVerifyRequest>(P.phoneVerify, 'phone-verify', PhoneVerifyRequest, (b) => phoneVerifyStep(s, b.code));

  app.post(P.faceChallenge, { schema: { tags, params: Params, response: { 200: FaceChallengeResponse, ...errors } } }, async (req) => {
    let challenge: LivenessChallenge | undefined;
    await runStep(s, (req as IdRequest).params.id, 'face-challenge', faceChallengeStep(s, (c) => (challenge = c)));
    return { challenge, nonce: challenge!.nonce };
  });

  app.post(
    P.userIdAvailability,
    { schema: { tags, params: Params, body: UserIdRequest, response: { 200: UserIdAvailability, ...errors } } },
    async (req) => {
      let available = false;
      await runStep(s, (req as IdRequest).params.id, 'user-id-availability', userIdAvailabilityStep(s, (req.body as UserIdRequest).userId, (a) => (available = a)));
      return { available };
    },
  );

  app.get(P.chipRelay, { websocket: true, schema: { tags, params: Params, hide: true } }, (socket: WebSocket, req) => {
    void relayChip(s, socket, (req as IdRequest).params.id);
  });
}

async function relayChip(s: Services, socket: WebSocket, id: string): Promise<void> {
  const transport = new RelayTransport(socket);
  try {
    const flow = await runStep(s, id, 'chip', async (current, now) => {
      const { key, challenge } = chipAccess(s, current);
      let read;
      try {
        read = await readPassport(transport, { key, activeAuthenticationChallenge: challenge, random: s.random });
      } catch (e) {
        if (isMrtdError(e)) throw new ApiError('CHIP_READ_FAILED', e.message, { reason: e.code });
        throw e;
      }
      return chipStep(s, { files: read.files, ...(read.activeAuthentication ? { activeAuthentication: read.activeAuthentication } : {}) })(current, now);
    });
    transport.send({ type: 'done', flow: enrolmentView(s, flow) });
  } catch (e) {
    const p = e instanceof ApiError ? problemOf(e.code) : problemOf('INTERNAL');
    transport.send({ type: 'error', code: p.code, status: p.status });
  } finally {
    transport.close();
  }
}
