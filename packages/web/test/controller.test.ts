import { describe, expect, it } from 'vitest';
import { EnrolmentController } from '../src/enrolment/controller.js';
import { HttpTransport } from '../src/enrolment/http-transport.js';
import { enrolmentReducer, initialState, type EnrolmentEvent, type EnrolmentUiState } from '../src/enrolment/machine.js';
import { errorCodeOf, TransportError } from '../src/enrolment/transport.js';
import { fakeEnrolmentApi, fakeFetch } from './support/fake-enrolment-api.js';

function harness(options: Parameters<typeof fakeEnrolmentApi>[0] = {}) {
  const api = fakeEnrolmentApi(options);
  const transport = new HttpTransport({ baseUrl: 'http://127.0.0.1:1/', fetch: fakeFetch(api), faceBypassNonce: 'bypass' });
  let state: EnrolmentUiState = initialState;
  const events: EnrolmentEvent[] = [];
  const controller = new EnrolmentController(transport, (e) => {
    events.push(e);
    state = enrolmentReducer(state, e);
  });
  return { api, transport, controller, events, get state() { return state; }, dispatch: (e: EnrolmentEvent) => (state = enrolmentReducer(state, e)) };
}

describe('enrolment controller over the app\'s HTTP client', () => {
  it('drives the screens through a whole enrolment against the API contract', async () => {
    const h = harness({ phoneCode: '654321' });
    h.dispatch({ type: 'NEXT' });
    h.dispatch({ type: 'NEXT' });
    await h.controller.overviewNext(h.state);
    expect(h.state.screen).toBe('terms');
    await h.controller.acceptTerms(h.state.flow!.termsVersion);
    expect(h.state.screen).toBe('privacy');
    h.dispatch({ type: 'NEXT' });
    await h.controller.chooseCountry('GL');
    expect(h.state.screen).toBe('mrz-scan');
    await h.controller.submitMrz({ kind: 'lines', lines: ['P<DNK'.padEnd(44, '<'), '0'.repeat(44)] });
    expect(h.state.screen).toBe('chip');
    expect(h.api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /v1/enrolment',
      'POST /v1/enrolment/flow-1/terms',
      'POST /v1/enrolment/flow-1/country',
      'POST /v1/enrolment/flow-1/mrz',
    ]);
    expect(h.api.calls[1]?.body).toEqual({ termsVersion: '2025-02' });
    expect(h.api.calls[2]?.body).toEqual({ country: 'GL' });
  });

  it('continues after the face with user-ID, phone and code', async () => {
    const h = harness({ phoneCode: '654321', takenUserIds: ['Taken.One'] });
    await h.transport.start();
    await h.transport.acceptTerms('2025-02');
    await h.transport.chooseCountry('DK');
    await h.transport.submitMrz({ kind: 'lines', lines: ['a', 'b'] });
    h.api.handle('POST', '/v1/enrolment/flow-1/chip', {});
    h.dispatch({ type: 'FLOW', flow: (await h.transport.submitFace([])) });
    expect(h.api.calls.at(-1)?.body).toEqual({ frames: [], nonce: 'bypass' });
    expect(h.state.screen).toBe('overview');
    await h.controller.overviewNext(h.state);
    expect(h.state.screen).toBe('user-id');
    expect(await h.controller.isUserIdAvailable('taken.one')).toBe(false);
    expect(await h.controller.isUserIdAvailable('free.one')).toBe(true);
    await h.controller.chooseUserId('TAKEN.one');
    expect(h.state).toMatchObject({ screen: 'user-id', error: 'USER_ID_TAKEN' });
    await h.controller.chooseUserId('free.one');
    await h.controller.sendPhoneCode('20000001');
    expect(h.state).toMatchObject({ screen: 'phone-code', phone: '20000001' });
    await h.controller.verifyPhoneCode('111111');
    expect(h.state).toMatchObject({ screen: 'phone-code', error: 'PHONE_CODE_WRONG' });
    await h.controller.verifyPhoneCode('654321');
    expect(h.state).toMatchObject({ screen: 'method', error: undefined });
  });

  it('sends a step once when tapped twice', async () => {
    const h = harness();
    await h.transport.start();
    await Promise.all([h.controller.acceptTerms('2025-02'), h.controller.acceptTerms('2025-02')]);
    expect(h.api.calls.filter((c) => c.path.endsWith('/terms'))).toHaveLength(1);
    expect(h.state.screen).toBe('privacy');
  });

  it('turns server refusals into their codes', async () => {
    const h = harness();
    await h.controller.overviewNext(h.state);
    await h.controller.acceptTerms('old');
    expect(h.state).toMatchObject({ screen: 'terms', error: 'TERMS_VERSION_MISMATCH', busy: false });
    await h.controller.chooseCountry('DK');
    expect(h.state.error).toBe('FLOW_STEP_OUT_OF_ORDER');
  });

  it('sends passport data typed by hand as the MRZ step\'s key variant', async () => {
    const h = harness();
    await h.transport.start();
    await h.transport.acceptTerms('2025-02');
    await h.transport.chooseCountry('DK');
    const key = { documentNumber: 'A1', dateOfBirth: '900101', dateOfExpiry: '300101' };
    expect((await h.transport.submitMrz({ kind: 'key', key })).state).toBe('mrz_scanned');
    expect(h.api.calls.at(-1)).toEqual({ method: 'POST', path: '/v1/enrolment/flow-1/mrz', body: { key } });
  });

  it('reports a lost connection as NETWORK', async () => {
    const transport = new HttpTransport({
      baseUrl: 'http://127.0.0.1:1',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    let state: EnrolmentUiState = { ...initialState, screen: 'overview' };
    const controller = new EnrolmentController(transport, (e) => (state = enrolmentReducer(state, e)));
    await controller.overviewNext(state);
    expect(state).toMatchObject({ screen: 'overview', error: 'NETWORK', busy: false });
    expect(errorCodeOf(new TransportError('X'))).toBe('X');
    expect(errorCodeOf('boom')).toBe('INTERNAL');
  });
});
