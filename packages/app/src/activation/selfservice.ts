/**
 * The device side of self-service (issue 4 §6): a session opened by the app (key + PIN) or by
 * password + code, then list/remove authenticators, change PIN (OPAQUE registration again),
 * change password, block the identity.
 */
import {
  SELFSERVICE_PATHS as P,
  SELFSERVICE_PIN_PURPOSE,
  type AuthenticatorList,
  type AuthenticatorSummary,
  type PinRegistrationResponse,
  type RemoveRequest,
  type SelfServiceSession,
} from '@openmitid/api';
import { callJson, type FetchLike } from '../enrolment/http.js';
import { confirmNewPin, finishPinRegistration, startPinRegistration, type PinOptions } from '../device/pin.js';
import type { MitIdApp } from './app-session.js';

export class SelfServiceClient {
  private constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: FetchLike,
    readonly session: SelfServiceSession,
    private readonly pin: PinOptions | undefined,
  ) {}

  /** Opened by the app: a PIN check for purpose `selfservice`. */
  static async withApp(app: MitIdApp, pin: string, o: { baseUrl: string; fetch?: FetchLike; pin?: PinOptions }): Promise<SelfServiceClient> {
    const proof = await app.pinCheck(pin, SELFSERVICE_PIN_PURPOSE);
    const session = await app.post<SelfServiceSession>(P.sessionByApp, { loginId: proof.loginId, finishLoginRequest: proof.finishLoginRequest, signature: proof.signature });
    return new SelfServiceClient(o.baseUrl.replace(/\/$/, ''), o.fetch ?? (globalThis.fetch as unknown as FetchLike), session, o.pin);
  }

  /** Opened by user-ID, password and a code from the code display. */
  static async withPassword(o: { baseUrl: string; fetch?: FetchLike }, userId: string, password: string, code: string): Promise<SelfServiceClient> {
    const baseUrl = o.baseUrl.replace(/\/$/, '');
    const fetchImpl = o.fetch ?? (globalThis.fetch as unknown as FetchLike);
    const session = await callJson<SelfServiceSession>(fetchImpl, `${baseUrl}${P.sessionByPassword}`, 'POST', { userId, password, code });
    return new SelfServiceClient(baseUrl, fetchImpl, session, undefined);
  }

  #post<T>(path: string, body: unknown = {}): Promise<T> {
    return callJson<T>(this.fetchImpl, `${this.baseUrl}${path.replace(':sid', encodeURIComponent(this.session.sessionId))}`, 'POST', body);
  }

  async list(): Promise<AuthenticatorSummary[]> {
    return (await this.#post<AuthenticatorList>(P.authenticators)).authenticators;
  }

  async remove(what: RemoveRequest): Promise<void> {
    await this.#post(P.remove, what);
  }

  /** The new PIN twice (DeviceError PIN_MISMATCH before anything is sent). */
  async changePin(pin: string, repeated: string): Promise<void> {
    const chosen = confirmNewPin(pin, repeated);
    const start = await startPinRegistration(chosen);
    const { registrationResponse } = await this.#post<PinRegistrationResponse>(P.pinRegistration, { registrationRequest: start.registrationRequest });
    const { registrationRecord } = await finishPinRegistration(start, chosen, registrationResponse, this.pin);
    await this.#post(P.pin, { registrationRecord });
  }

  async changePassword(oldPassword: string, password: string, repeat: string): Promise<void> {
    await this.#post(P.password, { oldPassword, password, repeat });
  }

  /** Blocks the identity: nothing works until re-enrolment or an operator lifts it. */
  async block(): Promise<void> {
    await this.#post(P.block);
  }
}
