import { describe, expect, it } from 'vitest';
import { ENROLMENT_STATES, type EnrolmentFlowView, type EnrolmentState } from '@openmitid/api';
import { enrolmentReducer, initialState, overviewProgress, SCREENS, screenForFlowState, type EnrolmentEvent, type EnrolmentUiState } from '../src/enrolment/machine.js';

const flow = (state: EnrolmentState): EnrolmentFlowView => ({
  id: 'f1',
  kind: 'enrolment',
  state,
  expiresAt: '2030-01-01T00:00:00.000Z',
  termsVersion: 'v1',
  countries: ['DK'],
});
const run = (events: EnrolmentEvent[], from: EnrolmentUiState = initialState) => events.reduce(enrolmentReducer, from);

describe('enrolment screen machine', () => {
  it('walks the seed\'s local screens: Kom i gang → Pas/ID-kort → overview, and back', () => {
    expect(run([{ type: 'NEXT' }]).screen).toBe('document');
    expect(run([{ type: 'NEXT' }, { type: 'NEXT' }]).screen).toBe('overview');
    expect(run([{ type: 'NEXT' }, { type: 'NEXT' }, { type: 'BACK' }]).screen).toBe('document');
    expect(run([{ type: 'NEXT' }, { type: 'BACK' }]).screen).toBe('welcome');
    // a server step cannot be skipped with NEXT
    expect(run([{ type: 'NEXT' }, { type: 'NEXT' }, { type: 'NEXT' }]).screen).toBe('overview');
  });

  it('maps every server flow state to a screen, in the seed\'s order', () => {
    const screens = ENROLMENT_STATES.map(screenForFlowState);
    expect(screens).toEqual(['terms', 'privacy', 'mrz-scan', 'chip', 'face-intro', 'overview', 'phone', 'phone-code', 'method']);
    for (const s of screens) expect(SCREENS).toContain(s);
    // the order of screens follows the order of states (the overview comes back after the face)
    const positions = screens.filter((s) => s !== 'overview').map((s) => SCREENS.indexOf(s));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('goes through the whole flow driven by server answers', () => {
    let s = run([{ type: 'NEXT' }, { type: 'NEXT' }, { type: 'BUSY' }, { type: 'FLOW', flow: flow('started') }]);
    expect(s.screen).toBe('terms');
    s = run([{ type: 'BUSY' }, { type: 'FLOW', flow: flow('terms_accepted') }], s);
    expect(s.screen).toBe('privacy');
    s = run([{ type: 'NEXT' }], s);
    expect(s.screen).toBe('country');
    s = run([{ type: 'FLOW', flow: flow('country_chosen') }, { type: 'MANUAL_MRZ' }], s);
    expect(s.screen).toBe('mrz-manual');
    s = run([{ type: 'BACK' }], s);
    expect(s.screen).toBe('mrz-scan');
    s = run([{ type: 'FLOW', flow: flow('mrz_scanned') }], s);
    expect(s.screen).toBe('chip');
    s = run([{ type: 'FLOW', flow: flow('chip_verified') }, { type: 'NEXT' }], s);
    expect(s.screen).toBe('face-capture');
    s = run([{ type: 'BUSY' }], s);
    expect(s.screen).toBe('verifying');
    s = run([{ type: 'FLOW', flow: flow('face_verified') }], s);
    expect(s.screen).toBe('overview');
    expect(overviewProgress(s.flow?.state)).toEqual({ mrz: true, chip: true, face: true, userId: false });
    s = run([{ type: 'NEXT' }], s);
    expect(s.screen).toBe('user-id');
    s = run([{ type: 'FLOW', flow: flow('user_id_chosen') }], s);
    expect(s.screen).toBe('phone');
    s = run([{ type: 'PHONE_SENT', phone: '+4520000001', flow: flow('phone_code_sent') }], s);
    expect(s).toMatchObject({ screen: 'phone-code', phone: '+4520000001' });
    s = run([{ type: 'FLOW', flow: flow('completed') }, { type: 'CHOOSE_METHOD', method: 'token' }], s);
    expect(s).toMatchObject({ screen: 'method', method: 'token', busy: false });
  });

  it('ignores taps while a server call is under way', () => {
    const busy = run([{ type: 'NEXT' }, { type: 'NEXT' }, { type: 'BUSY' }]);
    expect(busy.busy).toBe(true);
    expect(run([{ type: 'NEXT' }], busy)).toBe(busy);
    expect(run([{ type: 'BACK' }], busy)).toBe(busy);
  });

  it('shows a refusal and stays on the screen; a refused face returns to the camera', () => {
    const onCountry = { ...initialState, screen: 'country' as const, flow: flow('terms_accepted') };
    const refused = run([{ type: 'BUSY' }, { type: 'FAILED', code: 'COUNTRY_NOT_OFFERED' }], onCountry);
    expect(refused).toMatchObject({ screen: 'country', busy: false, error: 'COUNTRY_NOT_OFFERED' });
    // the next success clears it
    expect(run([{ type: 'FLOW', flow: flow('country_chosen') }], refused).error).toBeUndefined();
    const face = run([{ type: 'BUSY' }, { type: 'FAILED', code: 'FACE_REJECTED' }], { ...initialState, screen: 'face-capture', flow: flow('chip_verified') });
    expect(face).toMatchObject({ screen: 'face-capture', error: 'FACE_REJECTED' });
  });

  it('starts over when the flow expired or is gone', () => {
    for (const code of ['FLOW_EXPIRED', 'FLOW_NOT_FOUND', 'FACE_ATTEMPTS_EXHAUSTED']) {
      const s = run([{ type: 'FAILED', code }], { ...initialState, screen: 'chip', flow: flow('mrz_scanned'), busy: true });
      expect(s).toEqual({ ...initialState, error: code });
    }
  });

  it('only takes a method on the method screen', () => {
    expect(run([{ type: 'CHOOSE_METHOD', method: 'this-phone' }]).method).toBeUndefined();
  });
});
