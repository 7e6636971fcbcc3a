/**
 * Runs the server steps behind the screens: each action marks the machine busy, calls the
 * transport once and feeds the answer (new flow, or the refusal's code) back as an event.
 * A second tap while a call is under way does nothing, so no step is sent twice.
 */
import type { EnrolmentFlowView } from '@openmitid/api';
import type { EnrolmentEvent, EnrolmentUiState } from './machine.js';
import { errorCodeOf, errorDetailsOf, type ChipLink, type EnrolmentTransport, type MrzInput } from './transport.js';

export class EnrolmentController {
  #inFlight = false;

  constructor(
    private readonly transport: EnrolmentTransport,
    private readonly dispatch: (event: EnrolmentEvent) => void,
  ) {}

  get busy(): boolean {
    return this.#inFlight;
  }

  async #run(call: () => Promise<EnrolmentFlowView>, done: (flow: EnrolmentFlowView) => EnrolmentEvent = (flow) => ({ type: 'FLOW', flow })): Promise<void> {
    if (this.#inFlight) return;
    this.#inFlight = true;
    this.dispatch({ type: 'BUSY' });
    try {
      const flow = await call();
      this.#inFlight = false;
      this.dispatch(done(flow));
    } catch (error) {
      this.#inFlight = false;
      const details = errorDetailsOf(error);
      this.dispatch({ type: 'FAILED', code: errorCodeOf(error), ...(details ? { details } : {}) });
    }
  }

  /** "Næste" on the 4-step overview: starts the server flow the first time, continues after the face. */
  overviewNext(state: EnrolmentUiState): Promise<void> {
    if (!state.flow) return this.#run(() => this.transport.start());
    this.dispatch({ type: 'NEXT' });
    return Promise.resolve();
  }

  acceptTerms(termsVersion: string): Promise<void> {
    return this.#run(() => this.transport.acceptTerms(termsVersion));
  }

  chooseCountry(country: string): Promise<void> {
    return this.#run(() => this.transport.chooseCountry(country));
  }

  submitMrz(input: MrzInput): Promise<void> {
    return this.#run(() => this.transport.submitMrz(input));
  }

  readChip(chip: ChipLink, onProgress?: (percent: number) => void): Promise<void> {
    return this.#run(() => this.transport.readChip(chip, onProgress));
  }

  /** The liveness challenge for the camera screen; not a step (the screen stays, no "Verificerer"), so a refusal comes back as its code. */
  async faceChallenge(): Promise<{ challenge: unknown } | { error: string }> {
    try {
      return { challenge: await this.transport.faceChallenge() };
    } catch (error) {
      return { error: errorCodeOf(error) };
    }
  }

  /** The captured frames and the challenge's nonce (none in demo mode: the server's bypass). */
  submitFace(frames: Uint8Array[], nonce?: string): Promise<void> {
    return this.#run(() => this.transport.submitFace(frames, nonce));
  }

  chooseUserId(userId: string): Promise<void> {
    return this.#run(() => this.transport.chooseUserId(userId));
  }

  sendPhoneCode(phone: string): Promise<void> {
    return this.#run(() => this.transport.sendPhoneCode(phone), (flow) => ({ type: 'PHONE_SENT', phone, flow }));
  }

  verifyPhoneCode(code: string): Promise<void> {
    return this.#run(() => this.transport.verifyPhoneCode(code));
  }

  /** Availability while typing: a refusal or lost connection counts as "unknown", never as free. */
  async isUserIdAvailable(userId: string): Promise<boolean | undefined> {
    try {
      return await this.transport.isUserIdAvailable(userId);
    } catch {
      return undefined;
    }
  }
}
