/**
 * The activation flow as a stored object and its state machine (the last step of enrolment:
 * "Hvordan vil du godkende med MitID?"). Pure: no I/O, no clock.
 */
import { ACTIVATION_STATES, type ActivationFlowView, type ActivationState, type ActivationStep, type FlowMethod } from '@openmitid/api';
import { ApiError } from '../../errors.js';

export interface ActivationData {
  identityId: string;
  /** the enrolment flow this activation ends (absent for a copy) */
  enrolmentFlowId?: string;
  /** the copy session whose QR started this flow */
  copySessionId?: string;
  method?: FlowMethod;
  /** app path: the app being activated */
  appId?: string;
  /** base64url; what the device key signs (purpose `register`) at the last step */
  challenge?: string;
  tempPinExpiresAt?: string;
  biometrics?: boolean;
  orderId?: string;
  /** chip path: the WebAuthn registration ceremony whose options the device was given */
  chipCeremonyId?: string;
}

export interface ActivationFlow {
  id: string;
  kind: 'activation';
  state: ActivationState;
  version: number;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  data: ActivationData;
}

type Path = 'app' | 'token' | 'chip';

export function pathOf(method: FlowMethod | undefined): Path | undefined {
  if (method === 'this-phone' || method === 'other-device' || method === 'copy-app') return 'app';
  if (method === 'code-display' || method === 'code-reader') return 'token';
  if (method === 'chip') return 'chip';
  return undefined;
}

/** From which states each step may be taken, which path it belongs to, and the state that shows it done. */
const STEPS: Record<ActivationStep, { path?: Path; copy?: boolean; from: ActivationState[]; doneAt: ActivationState }> = {
  method: { copy: false, from: ['started'], doneAt: 'method_chosen' },
  // a copy starts from the scanned QR; the user-ID entered on the new device takes it on
  'user-id': { copy: true, from: ['started'], doneAt: 'method_chosen' },
  // a new temporary PIN may be asked for while one is outstanding (e.g. after three wrong ones)
  'device-key': { path: 'app', from: ['method_chosen', 'temp_pin_sent'], doneAt: 'temp_pin_verified' },
  'temp-pin': { path: 'app', from: ['temp_pin_sent'], doneAt: 'temp_pin_verified' },
  // the PIN may be chosen again (e.g. the two entries differed) until it is stored
  'pin-registration': { path: 'app', from: ['temp_pin_verified'], doneAt: 'pin_set' },
  pin: { path: 'app', from: ['temp_pin_verified'], doneAt: 'pin_set' },
  biometrics: { path: 'app', from: ['pin_set'], doneAt: 'biometrics_chosen' },
  notifications: { path: 'app', from: ['biometrics_chosen'], doneAt: 'completed' },
  order: { path: 'token', from: ['method_chosen'], doneAt: 'token_ordered' },
  password: { path: 'token', from: ['method_chosen'], doneAt: 'password_set' },
  token: { path: 'token', from: ['password_set'], doneAt: 'completed' },
  // the chip stays in method_chosen until the key's answer is accepted: new options (a new
  // challenge) may be asked for meanwhile; the key's answer needs options (chip-steps.ts)
  'chip-options': { path: 'chip', from: ['method_chosen'], doneAt: 'completed' },
  chip: { path: 'chip', from: ['method_chosen'], doneAt: 'completed' },
};

const order = (s: ActivationState) => ACTIVATION_STATES.indexOf(s);

export function newActivationFlow(id: string, start: Pick<ActivationData, 'identityId' | 'enrolmentFlowId' | 'copySessionId' | 'method'>, now: Date, ttlSeconds: number): ActivationFlow {
  return {
    id,
    kind: 'activation',
    state: 'started',
    version: 1,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    createdAt: now,
    updatedAt: now,
    data: { ...start },
  };
}

/** Throws FLOW_EXPIRED, FLOW_STEP_REPEATED or FLOW_STEP_OUT_OF_ORDER unless `step` may be taken now. */
export function checkStep(flow: ActivationFlow, step: ActivationStep, now: Date): void {
  if (now.getTime() >= flow.expiresAt.getTime()) throw new ApiError('FLOW_EXPIRED', `flow expired at ${flow.expiresAt.toISOString()}`);
  const rule = STEPS[step];
  const path = pathOf(flow.data.method);
  if (rule.copy !== undefined && rule.copy !== (flow.data.method === 'copy-app')) {
    throw new ApiError('FLOW_STEP_OUT_OF_ORDER', `step ${step} is not part of this flow`, { state: flow.state });
  }
  if (rule.path && path && rule.path !== path) throw new ApiError('FLOW_STEP_OUT_OF_ORDER', `step ${step} is not part of ${flow.data.method}`, { state: flow.state });
  if (rule.from.includes(flow.state)) return;
  if (flow.state === 'completed' || flow.state === 'token_ordered' || order(flow.state) >= order(rule.doneAt)) {
    throw new ApiError('FLOW_STEP_REPEATED', `step ${step} already done (state ${flow.state})`, { state: flow.state });
  }
  throw new ApiError('FLOW_STEP_OUT_OF_ORDER', `step ${step} not allowed in state ${flow.state}`, { state: flow.state });
}

export function advance(flow: ActivationFlow, state: ActivationState, patch: Partial<ActivationData>, now: Date): ActivationFlow {
  return { ...flow, state, data: { ...flow.data, ...patch }, updatedAt: now };
}

export function viewOf(flow: ActivationFlow): ActivationFlowView {
  const d = flow.data;
  return {
    id: flow.id,
    kind: 'activation',
    state: flow.state,
    expiresAt: flow.expiresAt.toISOString(),
    ...(d.method ? { method: d.method } : {}),
    ...(d.appId ? { appId: d.appId } : {}),
    ...(d.challenge && flow.state !== 'completed' ? { activationChallenge: d.challenge } : {}),
    ...(d.tempPinExpiresAt && flow.state === 'temp_pin_sent' ? { tempPinExpiresAt: d.tempPinExpiresAt } : {}),
    ...(d.orderId ? { orderId: d.orderId } : {}),
  };
}
