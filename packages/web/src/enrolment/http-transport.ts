/**
 * The real transport: @openmitid/app's EnrolmentClient over fetch against the server.
 *
 * STUBBED for now (each throws NOT_SUPPORTED_YET, shown as text on the screen):
 * - readChip: reading a chip in the browser needs @openmitid/mrtd without node:crypto
 *   (its BAC/AA use node:crypto today), or a virtual passport hosted by `openmitid demo`
 *   that the page relays to (chip mode B).
 * - submitMrz with a typed key: the API's MrzRequest takes the full MRZ lines only; a
 *   manual-key variant (DG1 then read from the chip becomes the MRZ) is needed on the server.
 */
import type { EnrolmentFlowView } from '@openmitid/api';
// Not '@openmitid/app': its root also exports the device and approval code (OPAQUE WASM), which
// grows the page from 320 kB to 750 kB. Until the package exports './enrolment', reach in here only.
import { EnrolmentClient, type FetchLike } from '@openmitid/app/enrolment';
import { TransportError, type EnrolmentTransport, type MrzInput } from './transport.js';

export interface HttpTransportOptions {
  /** the server's base URL; the page's own origin when the server serves it */
  baseUrl: string;
  fetch?: FetchLike;
  /** demo servers accept an empty face answer with this nonce (the server's development bypass) */
  faceBypassNonce?: string;
}

export class HttpTransport implements EnrolmentTransport {
  #client: EnrolmentClient | undefined;

  constructor(private readonly options: HttpTransportOptions) {}

  get #started(): EnrolmentClient {
    // the machine only offers later steps once start() answered
    if (!this.#client) throw new TransportError('FLOW_NOT_FOUND');
    return this.#client;
  }

  async start(): Promise<EnrolmentFlowView> {
    this.#client = await EnrolmentClient.start({
      baseUrl: this.options.baseUrl,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
    return this.#client.flow;
  }

  acceptTerms(termsVersion: string): Promise<EnrolmentFlowView> {
    return this.#started.acceptTerms(termsVersion);
  }

  chooseCountry(country: string): Promise<EnrolmentFlowView> {
    return this.#started.chooseCountry(country);
  }

  async submitMrz(input: MrzInput): Promise<EnrolmentFlowView> {
    if (input.kind === 'lines') return this.#started.scanMrz(input.lines);
    throw new TransportError('NOT_SUPPORTED_YET');
  }

  async readChip(): Promise<EnrolmentFlowView> {
    throw new TransportError('NOT_SUPPORTED_YET');
  }

  async submitFace(frames: Uint8Array[]): Promise<EnrolmentFlowView> {
    const client = this.#started;
    if (frames.length === 0 && this.options.faceBypassNonce) return client.submitFace([], this.options.faceBypassNonce);
    const { nonce } = await client.faceChallenge();
    return client.submitFace(frames, nonce);
  }

  isUserIdAvailable(userId: string): Promise<boolean> {
    return this.#started.isUserIdAvailable(userId);
  }

  chooseUserId(userId: string): Promise<EnrolmentFlowView> {
    return this.#started.chooseUserId(userId);
  }

  sendPhoneCode(phone: string): Promise<EnrolmentFlowView> {
    return this.#started.sendPhoneCode(phone);
  }

  verifyPhoneCode(code: string): Promise<EnrolmentFlowView> {
    return this.#started.verifyPhoneCode(code);
  }
}
