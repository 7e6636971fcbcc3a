/**
 * The device side of enrolment (issue 3 §11): talks to the API with fetch and reads the
 * chip with @openmitid/mrtd. Runs in browsers and in Node. Holds only the flow id and the
 * last view of the flow; every decision is the server's.
 */
import { mrzKeyFromMrz, parseMrz, readPassport, type MrzKey, type ReadPassportOptions, type Transport } from '@openmitid/mrtd';
import {
  ENROLMENT_PATHS as P,
  type ChipUploadRequest,
  type EnrolmentFlowView,
  type FaceChallengeResponse,
  type UserIdAvailability,
} from '@openmitid/api';
import { callJson, type FetchLike } from './http.js';
import { relayChip, type WebSocketFactory } from './relay.js';

export interface EnrolmentClientOptions {
  /** the server's base URL, e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  fetch?: FetchLike;
  /** needed for chip mode B; defaults to the global WebSocket (browsers, Node 22+) */
  webSocket?: WebSocketFactory;
}

const b64 = (bytes: Uint8Array) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
};
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export class EnrolmentClient {
  #flow: EnrolmentFlowView;
  /** what opens the chip: the scanned lines or the key as typed */
  #access: { lines: string[] } | { key: MrzKey } | undefined;

  private constructor(
    private readonly o: Required<Pick<EnrolmentClientOptions, 'baseUrl' | 'fetch'>> & EnrolmentClientOptions,
    flow: EnrolmentFlowView,
  ) {
    this.#flow = flow;
  }

  /** "Kom i gang": starts a new flow on the server. */
  static async start(options: EnrolmentClientOptions): Promise<EnrolmentClient> {
    const o = { ...options, baseUrl: options.baseUrl.replace(/\/$/, ''), fetch: options.fetch ?? (globalThis.fetch as unknown as FetchLike) };
    const flow = await callJson<EnrolmentFlowView>(o.fetch, `${o.baseUrl}${P.start}`, 'POST', {});
    return new EnrolmentClient(o, flow);
  }

  /** Continues a flow started earlier (e.g. after the app was restarted). */
  static async resume(options: EnrolmentClientOptions, flowId: string): Promise<EnrolmentClient> {
    const o = { ...options, baseUrl: options.baseUrl.replace(/\/$/, ''), fetch: options.fetch ?? (globalThis.fetch as unknown as FetchLike) };
    const flow = await callJson<EnrolmentFlowView>(o.fetch, `${o.baseUrl}${P.flow.replace(':id', encodeURIComponent(flowId))}`, 'GET');
    return new EnrolmentClient(o, flow);
  }

  get flow(): EnrolmentFlowView {
    return this.#flow;
  }

  #url(path: string): string {
    return `${this.o.baseUrl}${path.replace(':id', encodeURIComponent(this.#flow.id))}`;
  }

  async #step(path: string, body: unknown): Promise<EnrolmentFlowView> {
    this.#flow = await callJson<EnrolmentFlowView>(this.o.fetch, this.#url(path), 'POST', body);
    return this.#flow;
  }

  async refresh(): Promise<EnrolmentFlowView> {
    this.#flow = await callJson<EnrolmentFlowView>(this.o.fetch, this.#url(P.flow), 'GET');
    return this.#flow;
  }

  /** Accepts the terms version the server asks for (the screen shows that version). */
  acceptTerms(termsVersion = this.#flow.termsVersion): Promise<EnrolmentFlowView> {
    return this.#step(P.terms, { termsVersion });
  }

  chooseCountry(country: string): Promise<EnrolmentFlowView> {
    return this.#step(P.country, { country });
  }

  /** The MRZ lines as the camera read them; their access key is kept to open the chip. */
  async scanMrz(lines: string[]): Promise<EnrolmentFlowView> {
    const flow = await this.#step(P.mrz, { mrz: lines });
    this.#access = { lines };
    return flow;
  }

  /**
   * Only the access key, typed by hand (dates YYMMDD); kept to open the chip. The server takes
   * the names from the chip's DG1 instead of the MRZ.
   */
  async enterMrzKey(key: MrzKey): Promise<EnrolmentFlowView> {
    const flow = await this.#step(P.mrz, { key: { documentNumber: key.documentNumber, dateOfBirth: key.dateOfBirth, dateOfExpiry: key.dateOfExpiry } });
    this.#access = { key: { ...key, documentNumber: key.documentNumber.toUpperCase() } };
    return flow;
  }

  /** Mode A: reads the chip here (BAC with the MRZ's key, Active Authentication of the server's challenge) and uploads. */
  async readChip(chip: Transport, mrz?: string[], options: { onProgress?: ReadPassportOptions['onProgress'] } = {}): Promise<EnrolmentFlowView> {
    const access = mrz ? { lines: mrz } : this.#access;
    if (!access) throw new TypeError('scan the MRZ first');
    const key = 'key' in access ? access.key : mrzKeyFromMrz(parseMrz(access.lines));
    const challenge = this.#flow.activeAuthenticationChallenge;
    const read = await readPassport(chip, {
      key,
      ...(challenge ? { activeAuthenticationChallenge: unb64(challenge) } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return this.uploadChip(read.files, read.activeAuthentication);
  }

  /** Mode A's upload on its own: the files read and the chip's answer. */
  uploadChip(
    files: Map<string, Uint8Array>,
    activeAuthentication?: { challenge: Uint8Array; signature: Uint8Array },
  ): Promise<EnrolmentFlowView> {
    const body: ChipUploadRequest = { files: {} };
    for (const [name, bytes] of files) (body.files as Record<string, string>)[name] = b64(bytes);
    if (activeAuthentication) body.activeAuthentication = { challenge: b64(activeAuthentication.challenge), signature: b64(activeAuthentication.signature) };
    return this.#step(P.chip, body);
  }

  /** Mode B: relays APDUs between the server and the chip until the server has decided. */
  async relayChip(chip: Transport): Promise<EnrolmentFlowView> {
    const factory = this.o.webSocket ?? ((url: string) => new (globalThis as unknown as { WebSocket: new (u: string) => ReturnType<WebSocketFactory> }).WebSocket(url));
    const socket = factory(this.#url(P.chipRelay).replace(/^http/, 'ws'));
    try {
      this.#flow = await relayChip(socket, chip);
      return this.#flow;
    } finally {
      socket.close();
    }
  }

  faceChallenge(): Promise<FaceChallengeResponse> {
    return callJson<FaceChallengeResponse>(this.o.fetch, this.#url(P.faceChallenge), 'POST', {});
  }

  /** Camera frames (JPEG/PNG) answering the challenge's nonce; with the development bypass, none are needed. */
  submitFace(frames: Uint8Array[], nonce: string): Promise<EnrolmentFlowView> {
    return this.#step(P.face, { frames: frames.map(b64), nonce });
  }

  async isUserIdAvailable(userId: string): Promise<boolean> {
    const r = await callJson<UserIdAvailability>(this.o.fetch, this.#url(P.userIdAvailability), 'POST', { userId });
    return r.available;
  }

  chooseUserId(userId: string): Promise<EnrolmentFlowView> {
    return this.#step(P.userId, { userId });
  }

  sendPhoneCode(phone: string): Promise<EnrolmentFlowView> {
    return this.#step(P.phone, { phone });
  }

  verifyPhoneCode(code: string): Promise<EnrolmentFlowView> {
    return this.#step(P.phoneVerify, { code });
  }
}
