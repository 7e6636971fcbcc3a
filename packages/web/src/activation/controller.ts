/**
 * Runs the activation's server steps behind the screens (as enrolment/controller.ts does for
 * enrolment): one call at a time, the answer (new flow view, or the refusal's code) fed back
 * to the machine. The SDK (@openmitid/app ActivationClient) does the device work: the
 * non-extractable key, OPAQUE for the PIN, the signature that activates the app.
 */
import type { ActivationFlowView, ActivationMethod } from '@openmitid/api';
import { ActivationClient, createSecurityKeyCredential, LiveQrProximity, type ActivationClientOptions, type DeliveryAddress, type PinOptions, type PushSubscriptionJson, type QrScanner } from '@openmitid/app';
import { errorCodeOf } from '../enrolment/transport.js';
import type { ActivationEvent } from './machine.js';
import { activationKeyId, deviceStore, type DeviceStore } from './device-store.js';

export interface ActivationControllerOptions {
  apiBaseUrl: string;
  store?: DeviceStore;
  /** OPAQUE options; the defaults are the production key stretching */
  pin?: PinOptions;
  now?: () => Date;
}

export class ActivationController {
  #inFlight = false;
  #client: ActivationClient | undefined;
  /** the biometrics choice the server recorded, kept for the device's own unlock screen (unknown after a reload: false) */
  #biometrics = false;
  readonly #store: DeviceStore;

  constructor(
    private readonly o: ActivationControllerOptions,
    private readonly dispatch: (event: ActivationEvent) => void,
  ) {
    this.#store = o.store ?? deviceStore();
  }

  #options(flowId?: string): ActivationClientOptions {
    return {
      baseUrl: this.o.apiBaseUrl,
      fetch: (url, init) => fetch(url, init),
      keys: this.#store.keys,
      // each flow its own key name: a resumed flow finds its key, an active app's key is never reused
      ...(flowId ? { keyId: activationKeyId(flowId) } : {}),
      ...(this.o.pin ? { pin: this.o.pin } : {}),
    };
  }

  get #started(): ActivationClient {
    if (!this.#client) throw Object.assign(new Error('no activation flow'), { code: 'FLOW_NOT_FOUND' });
    return this.#client;
  }

  async #run(call: () => Promise<ActivationFlowView>): Promise<boolean> {
    if (this.#inFlight) return false;
    this.#inFlight = true;
    this.dispatch({ type: 'BUSY' });
    try {
      const flow = await call();
      this.#inFlight = false;
      this.dispatch({ type: 'FLOW', flow });
      return true;
    } catch (error) {
      this.#inFlight = false;
      this.dispatch({ type: 'FAILED', code: errorCodeOf(error) });
      return false;
    }
  }

  /** Opens the flow named in the URL (after a reload, or on the device a hand-off QR was scanned with). */
  resume(flowId: string): Promise<boolean> {
    return this.#run(async () => {
      this.#client = await ActivationClient.resume(this.#options(flowId), flowId);
      // the key name follows the flow id, known only now
      return this.#client.flow;
    });
  }

  /**
   * "Næste" after the method choice. This phone: the device key is made and registered at
   * once, so the temporary PIN is on its way by SMS when its screen shows. Another device:
   * the flow waits for the device that opens the hand-off link.
   */
  chooseMethod(method: ActivationMethod): Promise<boolean> {
    return this.#run(async () => {
      const flow = await this.#started.chooseMethod(method);
      if (method === 'this-phone') return this.#started.registerDevice();
      return flow;
    });
  }

  registerDevice(): Promise<boolean> {
    return this.#run(() => this.#started.registerDevice());
  }

  resendTempPin(): Promise<boolean> {
    return this.#run(() => this.#started.resendTempPin());
  }

  verifyTempPin(code: string): Promise<boolean> {
    return this.#run(() => this.#started.verifyTempPin(code));
  }

  choosePin(pin: string, repeated: string): Promise<boolean> {
    return this.#run(() => this.#started.choosePin(pin, repeated));
  }

  setBiometrics(enabled: boolean): Promise<boolean> {
    return this.#run(async () => {
      const flow = await this.#started.setBiometrics(enabled);
      this.#biometrics = enabled;
      return flow;
    });
  }

  /** The last app step: the server activates the app; this device then remembers it. */
  finish(subscription: PushSubscriptionJson): Promise<boolean> {
    return this.#run(async () => {
      const client = this.#started;
      const flow = await client.finish(subscription);
      if (flow.state === 'completed' && flow.appId) {
        await this.#store.saveApp({
          appId: flow.appId,
          keyId: activationKeyId(flow.id),
          activatedAt: (this.o.now ?? (() => new Date()))().toISOString(),
          biometrics: this.#biometrics,
          notifications: subscription !== null,
        });
      }
      return flow;
    });
  }

  order(address: DeliveryAddress): Promise<boolean> {
    return this.#run(() => this.#started.order(address));
  }

  setPassword(password: string, repeat: string): Promise<boolean> {
    return this.#run(() => this.#started.setPassword(password, repeat));
  }

  activateToken(serial: string, code: string): Promise<boolean> {
    return this.#run(() => this.#started.activateToken(serial, code));
  }

  /**
   * "Vælg chip": the method (once), fresh WebAuthn options from the server, the security key's
   * new credential (the browser asks the person to touch it), then the key's answer and the new
   * password twice in one step: the server checks both and activates them together.
   */
  activateChip(password: string, repeat: string): Promise<boolean> {
    return this.#run(async () => {
      const client = this.#started;
      // shown at once, so a cancelled key leaves the screens on the chip, not on the method choice
      if (client.flow.state === 'started') this.dispatch({ type: 'FLOW', flow: await client.chooseMethod('chip') });
      const credential = await createSecurityKeyCredential(await client.chipOptions());
      return client.activateChip(credential, password, repeat);
    });
  }

  /** The new device of a copy: the scanned live QR starts its own activation flow. */
  startCopy(scan: QrScanner): Promise<boolean> {
    return this.#run(async () => {
      // a copy flow's id is known only after the scan; its key is made at registerDevice, under that id
      const started = await ActivationClient.startCopy(this.#options(), new LiveQrProximity(scan, 1));
      this.#client = await ActivationClient.resume(this.#options(started.flow.id), started.flow.id);
      return this.#client.flow;
    });
  }

  confirmUserId(userId: string): Promise<boolean> {
    return this.#run(() => this.#started.confirmUserId(userId));
  }

  /** The flow as the server last answered it. */
  get flow(): ActivationFlowView | undefined {
    return this.#client?.flow;
  }
}

/** Starts the activation of a completed enrolment flow; returns the activation flow's id (the page then moves to #/activation/<id>). */
export async function startActivation(apiBaseUrl: string, enrolmentFlowId: string): Promise<string> {
  const client = await ActivationClient.start({ baseUrl: apiBaseUrl, fetch: (url, init) => fetch(url, init), keys: deviceStore().keys }, enrolmentFlowId);
  return client.flow.id;
}
