/**
 * The device side of activation (issue 4): "Hvordan vil du godkende med MitID?" after a
 * completed enrolment. Runs in browsers and in Node. The app path makes a non-extractable
 * P-256 key, proves the temporary PIN from the SMS, chooses the personal PIN with OPAQUE (the
 * server never sees it), and signs the activation. The code display path sets the password
 * and activates a device by serial and code; the chip path registers a FIDO security key with
 * the password. Every decision is the server's.
 */
import {
  ACTIVATION_PATHS as P,
  COPY_APP_PATHS,
  DEVICE_SIGNATURE_PURPOSES,
  type ActivationFlowView,
  type ActivationMethod,
  type ChipCreationOptions,
  type ChipOptionsResponse,
  type ChipRegistrationResponse,
  type NotificationsRequest,
  type OrderRequest,
  type PinRegistrationResponse,
} from '@openmitid/api';
import { callJson, type FetchLike } from '../enrolment/http.js';
import { base64urlDecode, base64urlEncode } from '../device/base64url.js';
import { createDeviceKey, exportPublicKeySpki, loadDeviceKey, signChallenge, type KeyStore } from '../device/keys.js';
import type { Proximity } from '../device/proximity.js';
import { confirmNewPin, finishPinRegistration, startPinRegistration, type PinOptions } from '../device/pin.js';

export interface ActivationClientOptions {
  /** the server's base URL, e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  fetch?: FetchLike;
  /** where the device key lives (IndexedDB in a browser, memory in Node) */
  keys: KeyStore;
  /** the name the device key is stored under (default `openmitid-app`) */
  keyId?: string;
  /** OPAQUE options (key stretching, the server key the app expects) */
  pin?: PinOptions;
}

export type PushSubscriptionJson = NotificationsRequest['pushSubscription'];
export type DeliveryAddress = OrderRequest['address'];

type Resolved = Required<Pick<ActivationClientOptions, 'baseUrl' | 'fetch' | 'keyId'>> & ActivationClientOptions;

function resolve(options: ActivationClientOptions): Resolved {
  return { ...options, baseUrl: options.baseUrl.replace(/\/$/, ''), fetch: options.fetch ?? (globalThis.fetch as unknown as FetchLike), keyId: options.keyId ?? 'openmitid-app' };
}

export class ActivationClient {
  #flow: ActivationFlowView;

  private constructor(
    private readonly o: Resolved,
    flow: ActivationFlowView,
  ) {
    this.#flow = flow;
  }

  /** Starts the activation of the enrolment flow `enrolmentFlowId` (which must be completed). */
  static async start(options: ActivationClientOptions, enrolmentFlowId: string): Promise<ActivationClient> {
    const o = resolve(options);
    const flow = await callJson<ActivationFlowView>(o.fetch, `${o.baseUrl}${P.start.replace(':id', encodeURIComponent(enrolmentFlowId))}`, 'POST', {});
    return new ActivationClient(o, flow);
  }

  /** Continues an activation (e.g. on another device the flow id was handed to). */
  static async resume(options: ActivationClientOptions, flowId: string): Promise<ActivationClient> {
    const o = resolve(options);
    const flow = await callJson<ActivationFlowView>(o.fetch, `${o.baseUrl}${P.flow.replace(':id', encodeURIComponent(flowId))}`, 'GET');
    return new ActivationClient(o, flow);
  }

  /**
   * "Kopier fra anden MitID app": proves proximity (the live QR of the old app, or Bluetooth in
   * a native shell) and hands the scanned frame in; the server starts this device's activation.
   */
  static async startCopy(options: ActivationClientOptions, proximity: Proximity): Promise<ActivationClient> {
    const o = resolve(options);
    const evidence = await proximity.prove({});
    const flow = await callJson<ActivationFlowView>(o.fetch, `${o.baseUrl}${COPY_APP_PATHS.start}`, 'POST', { qr: evidence.qr });
    return new ActivationClient(o, flow);
  }

  /** The user-ID, entered on the new device during a copy. */
  confirmUserId(userId: string): Promise<ActivationFlowView> {
    return this.#step(COPY_APP_PATHS.userId, { userId });
  }

  get flow(): ActivationFlowView {
    return this.#flow;
  }

  #url(path: string): string {
    return `${this.o.baseUrl}${path.replace(':id', encodeURIComponent(this.#flow.id))}`;
  }

  async #step(path: string, body: unknown): Promise<ActivationFlowView> {
    this.#flow = await callJson<ActivationFlowView>(this.o.fetch, this.#url(path), 'POST', body);
    return this.#flow;
  }

  async refresh(): Promise<ActivationFlowView> {
    this.#flow = await callJson<ActivationFlowView>(this.o.fetch, this.#url(P.flow), 'GET');
    return this.#flow;
  }

  chooseMethod(method: ActivationMethod): Promise<ActivationFlowView> {
    return this.#step(P.method, { method });
  }

  /** Makes the device key (once) and registers its public half; the server sends the temporary PIN by SMS. */
  async registerDevice(): Promise<ActivationFlowView> {
    const pair = (await this.o.keys.get(this.o.keyId)) ?? (await createDeviceKey(this.o.keys, this.o.keyId));
    return this.#step(P.deviceKey, { publicKeySpki: base64urlEncode(await exportPublicKeySpki(pair.publicKey)) });
  }

  /** Asks for a new temporary PIN (same device key). */
  resendTempPin(): Promise<ActivationFlowView> {
    return this.registerDevice();
  }

  verifyTempPin(code: string): Promise<ActivationFlowView> {
    return this.#step(P.tempPin, { code });
  }

  /** The personal PIN, entered twice (DeviceError PIN_MISMATCH before anything is sent), registered by OPAQUE. */
  async choosePin(pin: string, repeated: string): Promise<ActivationFlowView> {
    const chosen = confirmNewPin(pin, repeated);
    const start = await startPinRegistration(chosen);
    const { registrationResponse } = await callJson<PinRegistrationResponse>(this.o.fetch, this.#url(P.pinRegistration), 'POST', {
      registrationRequest: start.registrationRequest,
    });
    const { registrationRecord } = await finishPinRegistration(start, chosen, registrationResponse, this.o.pin);
    return this.#step(P.pin, { registrationRecord });
  }

  setBiometrics(enabled: boolean): Promise<ActivationFlowView> {
    return this.#step(P.biometrics, { enabled });
  }

  /** Notifications consent (a push subscription, or null) and the device key's signature: the app becomes active. */
  async finish(pushSubscription: PushSubscriptionJson): Promise<ActivationFlowView> {
    const challenge = this.#flow.activationChallenge;
    // without a challenge (step not reached, or done) the server gives the refusal: send no signature
    let signature = '';
    if (challenge) {
      const pair = await loadDeviceKey(this.o.keys, this.o.keyId);
      signature = base64urlEncode(await signChallenge(pair.privateKey, DEVICE_SIGNATURE_PURPOSES.register, base64urlDecode(challenge)));
    }
    return this.#step(P.notifications, { pushSubscription, signature });
  }

  /** "Nej, bestil": orders a code display or code reader to `address`. */
  order(address: DeliveryAddress): Promise<ActivationFlowView> {
    return this.#step(P.order, { address });
  }

  setPassword(password: string, repeat: string): Promise<ActivationFlowView> {
    return this.#step(P.password, { password, repeat });
  }

  /** "Ja, aktivér": the serial number on the back and the code the device shows. */
  activateToken(serial: string, code: string): Promise<ActivationFlowView> {
    return this.#step(P.token, { serial, code });
  }

  /**
   * Chip: the WebAuthn registration options for navigator.credentials.create() (see
   * createSecurityKeyCredential). Each call makes a new challenge; the earlier one is void.
   */
  async chipOptions(): Promise<ChipCreationOptions> {
    const r = await callJson<ChipOptionsResponse>(this.o.fetch, this.#url(P.chipOptions), 'POST', {});
    this.#flow = r.flow;
    return r.options;
  }

  /**
   * Chip: the key's answer to the latest options (RegistrationResponseJSON, e.g.
   * `credential.toJSON()`) and the new password twice; the chip and the password become active.
   */
  activateChip(credential: ChipRegistrationResponse, password: string, repeat: string): Promise<ActivationFlowView> {
    return this.#step(P.chip, { credential, password, repeat });
  }
}
