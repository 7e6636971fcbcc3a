/**
 * The real transport: @openmitid/app's EnrolmentClient over fetch against the server.
 *
 * The chip is read in the page (chip mode A: BAC with the key the person scanned or typed,
 * Active Authentication of the server's challenge, @openmitid/mrtd's browser entry) through
 * the reader companion's card channel, and the files and the chip's answer are uploaded for
 * the server to decide. Mode A rather than the server-driven relay (mode B) because one
 * upload survives a slow or lossy network where ~100 APDU round trips to the server do not,
 * the read's progress is known file by file, and the server decides on the same evidence.
 */
import type { EnrolmentFlowView } from '@openmitid/api';
// Not '@openmitid/app': its root also exports the device and approval code (OPAQUE WASM), which
// grows the page from 320 kB to 750 kB. Until the package exports './enrolment', reach in here only.
import { EnrolmentClient, type FetchLike } from '@openmitid/app/enrolment';
import { TransportError, type ChipLink, type EnrolmentTransport, type MrzInput } from './transport.js';
import { chipReadError } from '../chip/chip-error.js';
import { readPercent } from '../chip/read-progress.js';

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
    return this.#started.enterMrzKey(input.key);
  }

  async readChip(chip: ChipLink, onProgress?: (percent: number) => void): Promise<EnrolmentFlowView> {
    try {
      return await this.#started.readChip(chip, undefined, onProgress ? { onProgress: (file, read, total) => onProgress(readPercent(file, read, total)) } : {});
    } catch (e) {
      throw chipReadError(e);
    }
  }

  async faceChallenge(): Promise<unknown> {
    return (await this.#started.faceChallenge()).challenge;
  }

  async submitFace(frames: Uint8Array[], nonce?: string): Promise<EnrolmentFlowView> {
    const client = this.#started;
    if (nonce) return client.submitFace(frames, nonce);
    if (frames.length === 0 && this.options.faceBypassNonce) return client.submitFace([], this.options.faceBypassNonce);
    throw new TransportError('FACE_CHALLENGE_MISSING');
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
