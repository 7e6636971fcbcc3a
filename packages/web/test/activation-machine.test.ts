/** The activation screen machine (src/activation/machine.ts) and its routes: the server's flow decides which screens may show. */
import { describe, expect, it } from 'vitest';
import type { ActivationFlowView, ActivationState, FlowMethod } from '@openmitid/api';
import { activationReducer, initialActivationState, screensFor, type ActivationEvent, type ActivationUiState } from '../src/activation/machine.js';
import { parseRoute, routeHash } from '../src/routing.js';

const flow = (state: ActivationState, method?: FlowMethod): ActivationFlowView => ({
  id: 'act-1',
  kind: 'activation',
  state,
  expiresAt: '2030-01-01T00:00:00.000Z',
  ...(method ? { method } : {}),
});
const run = (events: ActivationEvent[], from: ActivationUiState = initialActivationState) => events.reduce(activationReducer, from);

describe('activation machine', () => {
  it('lands each server state of the app path on its screen', () => {
    const at = (state: ActivationState) => run([{ type: 'FLOW', flow: flow(state, 'this-phone') }]).screen;
    expect(['method_chosen', 'temp_pin_sent', 'temp_pin_verified', 'pin_set', 'biometrics_chosen', 'completed'].map((s) => at(s as ActivationState))).toEqual([
      'device-key',
      'temp-pin',
      'pin-intro',
      'biometrics',
      'notifications',
      'app-done',
    ]);
    expect(run([{ type: 'FLOW', flow: flow('started', 'copy-app') }]).screen).toBe('copy-user-id');
    expect(run([{ type: 'FLOW', flow: flow('completed', 'code-reader') }]).screen).toBe('token-done');
    expect(run([{ type: 'FLOW', flow: flow('token_ordered', 'code-display') }]).screen).toBe('order-done');
    expect(run([{ type: 'FLOW', flow: flow('method_chosen', 'chip') }]).screen).toBe('chip');
  });

  it('moves locally only among the screens of the current server state', () => {
    let s = run([{ type: 'FLOW', flow: flow('temp_pin_sent', 'this-phone') }]);
    expect(run([{ type: 'GO', screen: 'biometrics' }], s).screen).toBe('temp-pin');
    s = run([{ type: 'FLOW', flow: flow('temp_pin_verified', 'this-phone') }, { type: 'GO', screen: 'pin' }, { type: 'FIRST_PIN', pin: '135790' }]);
    expect(s).toMatchObject({ screen: 'pin-repeat', firstPin: '135790' });
    // going back to choose a new PIN forgets the first entry
    expect(run([{ type: 'GO', screen: 'pin' }], s)).toMatchObject({ screen: 'pin', firstPin: undefined });
    expect(run([{ type: 'BUSY' }, { type: 'GO', screen: 'pin' }], s).screen).toBe('pin-repeat');
  });

  it('keeps the local screen when an answer leaves the server state as it was (a new temporary PIN)', () => {
    const s = run([{ type: 'FLOW', flow: flow('password_set', 'code-display') }, { type: 'SERIAL', serial: 'SW1' }]);
    expect(s).toMatchObject({ screen: 'token-code', serial: 'SW1' });
    expect(run([{ type: 'BUSY' }, { type: 'FAILED', code: 'TOKEN_CODE_WRONG' }], s)).toMatchObject({ screen: 'token-code', error: 'TOKEN_CODE_WRONG', busy: false });
  });

  it('walks the token choices before the method is fixed on the server', () => {
    let s = run([{ type: 'FLOW', flow: flow('started') }]);
    expect(s.screen).toBe('method');
    s = run([{ type: 'GO', screen: 'token-kind' }, { type: 'TOKEN_KIND', kind: 'code-reader' }], s);
    expect(s.screen).toBe('token-have');
    expect(screensFor(s.flow, s.tokenKind)).toContain('chip');
    s = run([{ type: 'FLOW', flow: flow('method_chosen', 'code-reader') }, { type: 'GO', screen: 'order-address' }], s);
    expect(s.screen).toBe('order-address');
  });

  it('gives up on a flow that is gone', () => {
    const s = run([{ type: 'FLOW', flow: flow('temp_pin_sent', 'this-phone') }, { type: 'FAILED', code: 'FLOW_EXPIRED' }]);
    expect(s).toMatchObject({ screen: 'failed', error: 'FLOW_EXPIRED' });
    expect(s.flow).toBeUndefined();
    expect(run([{ type: 'GO', screen: 'temp-pin' }], s).screen).toBe('failed');
  });
});

describe('activation routes', () => {
  it('parses and writes #/activation/<id>[/<choice>] and #/activation/copy', () => {
    expect(parseRoute('#/activation/AbC_123-xyz0123456789/this-phone')).toEqual({ name: 'activation', flowId: 'AbC_123-xyz0123456789', choice: 'this-phone' });
    expect(parseRoute('#/activation/AbC_123-xyz0123456789/nonsense')).toEqual({ name: 'activation', flowId: 'AbC_123-xyz0123456789' });
    expect(parseRoute('#/activation/copy')).toEqual({ name: 'activation', flowId: 'copy' });
    expect(parseRoute('#/activation/<script>')).toEqual({ name: 'enrolment' });
    expect(routeHash({ name: 'activation', flowId: 'abcd', choice: 'token' })).toBe('#/activation/abcd/token');
  });
});
