/**
 * An activated app on this device: its id, its key, and what it can do with key and PIN
 * proven together (a PIN check by OPAQUE, signed by the device key): open a copy session
 * and show the live QR, or authorise self-service.
 */
import { COPY_APP_PATHS as P, type CopySessionResponse, type PinLoginStartResponse } from '@openmitid/api';
import { callJson, type FetchLike } from '../enrolment/http.js';
import { CopyQrDisplay } from '../device/copy-qr.js';
import { loadDeviceKey, type KeyStore } from '../device/keys.js';
import { finishPinLogin, startPinLogin, type PinLoginFinish, type PinOptions } from '../device/pin.js';

export interface AppSessionOptions {
  baseUrl: string;
  fetch?: FetchLike;
  keys: KeyStore;
  keyId?: string;
  pin?: PinOptions;
}

export class MitIdApp {
  readonly #baseUrl: string;
  readonly #fetch: FetchLike;

  constructor(
    private readonly o: AppSessionOptions,
    /** the app id the server gave at activation */
    readonly appId: string,
  ) {
    this.#baseUrl = o.baseUrl.replace(/\/$/, '');
    this.#fetch = o.fetch ?? (globalThis.fetch as unknown as FetchLike);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return callJson<T>(this.#fetch, `${this.#baseUrl}${path}`, 'POST', body);
  }

  /**
   * A PIN check for `purpose`. A wrong PIN fails on the device (DeviceError PIN_WRONG) after
   * the server has counted it. Returns the signed finish to send with the request it authorises.
   */
  async pinCheck(pin: string, purpose: string): Promise<PinLoginFinish> {
    const start = await startPinLogin(pin);
    const challenge = await this.post<PinLoginStartResponse>(P.pinLogin.replace(':appId', encodeURIComponent(this.appId)), {
      startLoginRequest: start.startLoginRequest,
      purpose,
    });
    const pair = await loadDeviceKey(this.o.keys, this.o.keyId ?? 'openmitid-app');
    return finishPinLogin(start, pin, challenge, pair.privateKey, this.o.pin);
  }

  /** "Kopier til ny enhed": proves key and PIN and returns the live QR display (valid 3 minutes from `now`). */
  async openCopySession(pin: string, now: Date): Promise<CopyQrDisplay> {
    const proof = await this.pinCheck(pin, 'copy');
    const grant = await this.post<CopySessionResponse>(P.session, { loginId: proof.loginId, finishLoginRequest: proof.finishLoginRequest, signature: proof.signature });
    return new CopyQrDisplay(grant, now);
  }
}
