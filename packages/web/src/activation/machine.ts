/**
 * The activation screens ("Hvordan vil du godkende med MitID?" onwards) as a pure state
 * machine, beside the enrolment machine. Which screens may show is derived from the
 * server's activation flow (its state and method); inside one server state the person moves
 * between a few local screens (e.g. "Vælg din personlige PIN-kode" → PIN → PIN again). The
 * device never runs ahead of the server: a local move is only allowed within the screens
 * of the flow's current state.
 */
import type { ActivationFlowView, ActivationState, FlowMethod } from '@openmitid/api';

export type Choice = 'this-phone' | 'other-device' | 'token';
export type TokenKind = 'code-display' | 'code-reader' | 'chip';

export const ACTIVATION_SCREENS = [
  'loading',
  'method',
  // app path
  'handoff',
  'device-key',
  'temp-pin',
  'pin-intro',
  'pin',
  'pin-repeat',
  'biometrics',
  'notifications',
  'app-done',
  // copy, new device
  'copy-intro',
  'copy-scan',
  'copy-user-id',
  // code display, code reader, chip
  'token-kind',
  'token-have',
  'order-address',
  'order-done',
  'token-intro',
  'password',
  'serial',
  'token-code',
  'token-done',
  'chip',
  // the flow is gone (expired, unknown): only "start again" is left
  'failed',
] as const;
export type ActivationScreen = (typeof ACTIVATION_SCREENS)[number];

export interface ActivationUiState {
  screen: ActivationScreen;
  flow?: ActivationFlowView;
  busy: boolean;
  /** the code of the last refusal (server problem code, DeviceError code or client code) */
  error?: string;
  tokenKind?: TokenKind;
  /** the first entry of the new PIN, held in page memory until it is repeated */
  firstPin?: string;
  /** the serial number, asked on its own screen before the code */
  serial?: string;
}

export type ActivationEvent =
  | { type: 'BUSY' }
  | { type: 'FLOW'; flow: ActivationFlowView }
  | { type: 'FAILED'; code: string }
  | { type: 'GO'; screen: ActivationScreen }
  | { type: 'TOKEN_KIND'; kind: TokenKind }
  | { type: 'FIRST_PIN'; pin: string }
  | { type: 'SERIAL'; serial: string }
  | { type: 'CLEAR_ERROR' };

const APP_METHODS: readonly FlowMethod[] = ['this-phone', 'other-device', 'copy-app'];

/** The screens a flow in `state` (by `method`) may show; the first is where a fresh answer lands. */
export function screensFor(flow: ActivationFlowView | undefined, tokenKind?: TokenKind): readonly ActivationScreen[] {
  if (!flow) return ['copy-intro', 'copy-scan', 'loading'];
  const app = flow.method !== undefined && APP_METHODS.includes(flow.method);
  const s: ActivationState = flow.state;
  switch (s) {
    case 'started':
      if (flow.method === 'copy-app') return ['copy-user-id'];
      return tokenKind ? ['token-have', 'token-kind', 'method', 'chip'] : ['method', 'token-kind', 'token-have'];
    case 'method_chosen':
      if (app) return flow.method === 'other-device' ? ['device-key', 'handoff'] : ['device-key'];
      // the chip stays here until the key's answer is accepted (new options may be asked for)
      if (flow.method === 'chip') return ['chip'];
      return ['token-intro', 'password', 'order-address', 'token-have'];
    case 'temp_pin_sent':
      return ['temp-pin'];
    case 'temp_pin_verified':
      return ['pin-intro', 'pin', 'pin-repeat'];
    case 'pin_set':
      return ['biometrics'];
    case 'biometrics_chosen':
      return ['notifications'];
    case 'password_set':
      return ['serial', 'token-code'];
    case 'token_ordered':
      return ['order-done'];
    case 'completed':
      return [app ? 'app-done' : 'token-done'];
  }
}

export const initialActivationState: ActivationUiState = { screen: 'loading', busy: false };

/** Refusals after which this flow cannot go on. */
const FATAL = new Set(['FLOW_EXPIRED', 'FLOW_NOT_FOUND']);

export function activationReducer(state: ActivationUiState, event: ActivationEvent): ActivationUiState {
  switch (event.type) {
    case 'BUSY':
      return { ...state, busy: true, error: undefined };
    case 'FLOW': {
      const allowed = screensFor(event.flow, state.tokenKind);
      // an answer that leaves the flow in the same state keeps the local screen (e.g. a new temporary PIN)
      const screen = allowed.includes(state.screen) && state.flow?.state === event.flow.state ? state.screen : (allowed[0] ?? 'loading');
      return { ...state, busy: false, error: undefined, flow: event.flow, screen, firstPin: screen === 'pin-repeat' ? state.firstPin : undefined };
    }
    case 'FAILED':
      // the camera stopped because the person left the scan screen: nothing went wrong
      if (event.code === 'CAMERA' && state.screen !== 'copy-scan') return { ...state, busy: false };
      if (FATAL.has(event.code)) return { ...initialActivationState, screen: 'failed', error: event.code };
      return { ...state, busy: false, error: event.code };
    case 'GO':
      if (state.busy || !screensFor(state.flow, state.tokenKind).includes(event.screen)) return state;
      return { ...state, screen: event.screen, error: undefined, firstPin: event.screen === 'pin-repeat' ? state.firstPin : undefined };
    case 'TOKEN_KIND':
      return { ...state, tokenKind: event.kind, screen: event.kind === 'chip' ? 'chip' : 'token-have', error: undefined };
    case 'FIRST_PIN':
      return state.screen === 'pin' ? { ...state, firstPin: event.pin, screen: 'pin-repeat', error: undefined } : state;
    case 'SERIAL':
      return state.screen === 'serial' ? { ...state, serial: event.serial, screen: 'token-code', error: undefined } : state;
    case 'CLEAR_ERROR':
      return { ...state, error: undefined };
  }
}
