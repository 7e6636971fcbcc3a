/**
 * The enrolment screens as a pure state machine. Local screens (welcome, document choice,
 * privacy, manual entry …) move on events; every screen that follows a server step is
 * derived from the flow state the server answered, so the device never runs ahead of the
 * server's decision (design.md: the server decides).
 */
import type { EnrolmentFlowView, EnrolmentState } from '@openmitid/api';

export const SCREENS = [
  'welcome',
  'document',
  'overview',
  'terms',
  'privacy',
  'country',
  'mrz-scan',
  'mrz-manual',
  'chip',
  'face-intro',
  'face-capture',
  'verifying',
  'user-id',
  'phone',
  'phone-code',
  'method',
] as const;
export type Screen = (typeof SCREENS)[number];

export type ApprovalMethod = 'this-phone' | 'other-device' | 'token';

export interface EnrolmentUiState {
  screen: Screen;
  /** the last view of the server's flow; absent before "Næste" on the overview */
  flow?: EnrolmentFlowView;
  /** a server call is under way: buttons are disabled and "Vent venligst" is announced */
  busy: boolean;
  /** the code of the last refusal, shown until the next step succeeds */
  error?: string;
  /** the last refusal's details from the server (FACE_REJECTED: reason, attemptsLeft) */
  errorDetails?: Record<string, unknown>;
  /** the phone number the code was sent to, shown on the code screen */
  phone?: string;
  method?: ApprovalMethod;
}

export type EnrolmentEvent =
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'MANUAL_MRZ' }
  | { type: 'BUSY' }
  | { type: 'FLOW'; flow: EnrolmentFlowView }
  | { type: 'FAILED'; code: string; details?: Record<string, unknown> }
  | { type: 'PHONE_SENT'; phone: string; flow: EnrolmentFlowView }
  | { type: 'CHOOSE_METHOD'; method: ApprovalMethod }
  | { type: 'RESTART' };

export const initialState: EnrolmentUiState = { screen: 'welcome', busy: false };

/** The screen that follows once the server's flow is in `state`. */
export function screenForFlowState(state: EnrolmentState): Screen {
  switch (state) {
    case 'started':
      return 'terms';
    case 'terms_accepted':
      return 'privacy';
    case 'country_chosen':
      return 'mrz-scan';
    case 'mrz_scanned':
      return 'chip';
    case 'chip_verified':
      return 'face-intro';
    // the guide: after "Verificerer" the step overview is shown again, with 3 of 4 done
    case 'face_verified':
      return 'overview';
    case 'user_id_chosen':
      return 'phone';
    case 'phone_code_sent':
      return 'phone-code';
    case 'completed':
      return 'method';
  }
}

/** Which of the overview's four steps are done in this flow state. */
export function overviewProgress(state: EnrolmentState | undefined): { mrz: boolean; chip: boolean; face: boolean; userId: boolean } {
  const order: readonly EnrolmentState[] = [
    'started',
    'terms_accepted',
    'country_chosen',
    'mrz_scanned',
    'chip_verified',
    'face_verified',
    'user_id_chosen',
    'phone_code_sent',
    'completed',
  ];
  const at = state ? order.indexOf(state) : -1;
  return {
    mrz: at >= order.indexOf('mrz_scanned'),
    chip: at >= order.indexOf('chip_verified'),
    face: at >= order.indexOf('face_verified'),
    userId: at >= order.indexOf('user_id_chosen'),
  };
}

/** Refusals after which this flow cannot go on: the person starts over. */
const FATAL = new Set(['FLOW_EXPIRED', 'FLOW_NOT_FOUND', 'FACE_ATTEMPTS_EXHAUSTED']);

/** Local moves: the screens that need no server step to leave, and where "Tilbage" goes. */
const LOCAL_NEXT: Partial<Record<Screen, Screen>> = {
  welcome: 'document',
  document: 'overview',
  privacy: 'country',
  'face-intro': 'face-capture',
};
const LOCAL_BACK: Partial<Record<Screen, Screen>> = {
  document: 'welcome',
  'mrz-manual': 'mrz-scan',
  'face-capture': 'face-intro',
  'phone-code': 'phone',
};

export function enrolmentReducer(state: EnrolmentUiState, event: EnrolmentEvent): EnrolmentUiState {
  switch (event.type) {
    case 'NEXT': {
      if (state.busy) return state;
      if (state.screen === 'overview' && state.flow?.state === 'face_verified') return { ...state, screen: 'user-id', error: undefined };
      const next = LOCAL_NEXT[state.screen];
      return next ? { ...state, screen: next, error: undefined } : state;
    }
    case 'BACK': {
      if (state.busy) return state;
      // before the flow exists the overview leads back to the document choice
      const back = state.screen === 'overview' && !state.flow ? 'document' : LOCAL_BACK[state.screen];
      return back ? { ...state, screen: back, error: undefined } : state;
    }
    case 'MANUAL_MRZ':
      return state.screen === 'mrz-scan' && !state.busy ? { ...state, screen: 'mrz-manual', error: undefined } : state;
    case 'BUSY':
      // the face is being compared: the guide's "Verificerer" screen
      return { ...state, busy: true, error: undefined, screen: state.screen === 'face-capture' ? 'verifying' : state.screen };
    case 'FLOW':
      return { ...state, busy: false, error: undefined, flow: event.flow, screen: screenForFlowState(event.flow.state) };
    case 'PHONE_SENT':
      return { ...state, busy: false, error: undefined, flow: event.flow, phone: event.phone, screen: screenForFlowState(event.flow.state) };
    case 'FAILED':
      if (FATAL.has(event.code)) return { ...initialState, error: event.code };
      // a refused face goes back to the camera, not to the "Verificerer" spinner
      return { ...state, busy: false, error: event.code, errorDetails: event.details, screen: state.screen === 'verifying' ? 'face-capture' : state.screen };
    case 'CHOOSE_METHOD':
      return state.screen === 'method' ? { ...state, method: event.method } : state;
    case 'RESTART':
      return initialState;
  }
}
