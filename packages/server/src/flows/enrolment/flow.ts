/**
 * The enrolment flow as a stored object and its state machine. Pure: no I/O, no clock;
 * the caller passes `now` and saves what comes back.
 */
import { ENROLMENT_STATES, type EnrolmentFlowView, type EnrolmentState, type EnrolmentStep } from '@openmitid/api';
import { ApiError } from '../../errors.js';

export type Proofing = 'verified' | 'unverified';

/** What a flow has collected so far. Personal data is sealed (`*Sealed`) before it is stored here. */
export interface EnrolmentData {
  termsVersion?: string;
  country?: string;
  /** the scanned MRZ lines, sealed as JSON; for a typed key, DG1's lines once the chip step passed */
  mrzSealed?: string;
  /** the access key typed by hand (MrzKey, sealed as JSON), until the chip step replaces it with DG1 */
  mrzKeySealed?: string;
  /** base64 of the 8 random bytes the chip must sign (Active Authentication) */
  aaChallenge?: string;
  /** who the register says the document belongs to */
  personId?: string;
  documentHash?: string;
  /** DG2 as read from the chip (base64, sealed): the face step compares against it */
  dg2Sealed?: string;
  activeAuthentication?: 'passed' | 'not-supported';
  /** the liveness challenge the face verifier issued (JSON) */
  faceChallenge?: unknown;
  /** failed face attempts so far (the limit is faceMaxAttempts) */
  faceAttempts?: number;
  /** the face_proofings record of the attempt that passed */
  proofingId?: string;
  /** set when the flow has ended without an identity: every later step answers this code */
  endedWith?: 'FACE_ATTEMPTS_EXHAUSTED';
  proofing?: Proofing;
  userId?: string;
  phone?: PhoneCodeState;
  identityId?: string;
}

export interface PhoneCodeState {
  sealed: string;
  hash: string;
  /** keyed hash of the current code; absent once used up */
  codeHash?: string;
  codeExpiresAt: string;
  sentAt: string;
  sends: number;
  wrongTries: number;
}

export interface EnrolmentFlow {
  id: string;
  kind: 'enrolment';
  state: EnrolmentState;
  version: number;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  data: EnrolmentData;
}

/** From which states each step may be taken, and the state that shows it has been done. */
const STEPS: Record<EnrolmentStep, { from: EnrolmentState[]; doneAt: EnrolmentState }> = {
  terms: { from: ['started'], doneAt: 'terms_accepted' },
  country: { from: ['terms_accepted'], doneAt: 'country_chosen' },
  mrz: { from: ['country_chosen'], doneAt: 'mrz_scanned' },
  chip: { from: ['mrz_scanned'], doneAt: 'chip_verified' },
  'face-challenge': { from: ['chip_verified'], doneAt: 'face_verified' },
  face: { from: ['chip_verified'], doneAt: 'face_verified' },
  'user-id-availability': { from: ['face_verified'], doneAt: 'user_id_chosen' },
  'user-id': { from: ['face_verified'], doneAt: 'user_id_chosen' },
  // a new code may be asked for while one is outstanding (throttled elsewhere)
  phone: { from: ['user_id_chosen', 'phone_code_sent'], doneAt: 'completed' },
  'phone-verify': { from: ['phone_code_sent'], doneAt: 'completed' },
};

const order = (s: EnrolmentState) => ENROLMENT_STATES.indexOf(s);

export function newEnrolmentFlow(id: string, now: Date, ttlSeconds: number): EnrolmentFlow {
  return {
    id,
    kind: 'enrolment',
    state: 'started',
    version: 1,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    createdAt: now,
    updatedAt: now,
    data: {},
  };
}

export function isExpired(flow: EnrolmentFlow, now: Date): boolean {
  return now.getTime() >= flow.expiresAt.getTime();
}

/** Throws FLOW_EXPIRED, the code the flow ended with, FLOW_STEP_REPEATED or FLOW_STEP_OUT_OF_ORDER unless `step` may be taken now. */
export function checkStep(flow: EnrolmentFlow, step: EnrolmentStep, now: Date): void {
  if (isExpired(flow, now)) throw new ApiError('FLOW_EXPIRED', `flow expired at ${flow.expiresAt.toISOString()}`);
  if (flow.data.endedWith) throw new ApiError(flow.data.endedWith, 'this flow has ended; start a new one');
  const rule = STEPS[step];
  if (rule.from.includes(flow.state)) return;
  if (order(flow.state) >= order(rule.doneAt)) throw new ApiError('FLOW_STEP_REPEATED', `step ${step} already done (state ${flow.state})`, { state: flow.state });
  throw new ApiError('FLOW_STEP_OUT_OF_ORDER', `step ${step} not allowed in state ${flow.state}`, { state: flow.state });
}

/** The flow after a step: new state (or the same one) and data merged in. */
export function advance(flow: EnrolmentFlow, state: EnrolmentState, patch: Partial<EnrolmentData>, now: Date): EnrolmentFlow {
  return { ...flow, state, data: { ...flow.data, ...patch }, updatedAt: now };
}

/** What the device may see of a flow: never the sealed data. */
export function viewOf(flow: EnrolmentFlow, settings: { termsVersion: string; countries: string[] }): EnrolmentFlowView {
  const view: EnrolmentFlowView = {
    id: flow.id,
    kind: 'enrolment',
    state: flow.state,
    expiresAt: flow.expiresAt.toISOString(),
    termsVersion: settings.termsVersion,
    countries: settings.countries,
  };
  if (flow.data.aaChallenge && flow.state === 'mrz_scanned') view.activeAuthenticationChallenge = flow.data.aaChallenge;
  if (flow.data.userId) view.userId = flow.data.userId;
  if (flow.data.identityId) view.identityId = flow.data.identityId;
  if (flow.data.proofing) view.proofing = flow.data.proofing;
  return view;
}
