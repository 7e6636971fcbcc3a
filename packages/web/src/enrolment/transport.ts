/**
 * What the enrolment screens need from the server, as one small interface so the screens
 * can be driven by the real HTTP client (http-transport.ts) or a test double.
 */
import type { EnrolmentFlowView } from '@openmitid/api';

/** The three fields of the chip's access key, typed by hand when the camera cannot read the code. */
export interface ManualMrzKey {
  documentNumber: string;
  /** YYMMDD, as in the MRZ */
  dateOfBirth: string;
  /** YYMMDD, as in the MRZ */
  dateOfExpiry: string;
}

/** A card link that carries APDUs to the chip (an @openmitid/mrtd Transport). */
export interface ChipLink {
  transceive(command: Uint8Array): Promise<Uint8Array>;
}

export type MrzInput = { kind: 'lines'; lines: string[] } | { kind: 'key'; key: ManualMrzKey };

export interface EnrolmentTransport {
  start(): Promise<EnrolmentFlowView>;
  acceptTerms(termsVersion: string): Promise<EnrolmentFlowView>;
  chooseCountry(country: string): Promise<EnrolmentFlowView>;
  submitMrz(input: MrzInput): Promise<EnrolmentFlowView>;
  /**
   * Reads the chip through `chip` (the reader companion's card channel; in demo mode a virtual
   * passport) and lets the server decide. `onProgress` gets the read's percentage.
   */
  readChip(chip: ChipLink, onProgress?: (percent: number) => void): Promise<EnrolmentFlowView>;
  /** A fresh liveness challenge (FaceChallengeResponse.challenge, checked by @openmitid/app's parseFaceChallenge). */
  faceChallenge(): Promise<unknown>;
  /** Camera frames answering the challenge with `nonce`; in demo mode no frames and no nonce (the server's bypass). */
  submitFace(frames: Uint8Array[], nonce?: string): Promise<EnrolmentFlowView>;
  isUserIdAvailable(userId: string): Promise<boolean>;
  chooseUserId(userId: string): Promise<EnrolmentFlowView>;
  sendPhoneCode(phone: string): Promise<EnrolmentFlowView>;
  verifyPhoneCode(code: string): Promise<EnrolmentFlowView>;
}

/** A refusal the screens can show: `code` is an API error code or a ClientErrorCode. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(readonly code: string) {
    super(code);
  }
}

/** The refusal's details (e.g. FACE_REJECTED's reason and attemptsLeft), when the server sent any. */
export function errorDetailsOf(error: unknown): Record<string, unknown> | undefined {
  const details = error && typeof error === 'object' && 'details' in error ? (error as { details: unknown }).details : undefined;
  return details && typeof details === 'object' ? (details as Record<string, unknown>) : undefined;
}

/** The code to show for anything a transport call threw. */
export function errorCodeOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof (error as { code: unknown }).code === 'string') {
    return (error as { code: string }).code;
  }
  // fetch rejects with a TypeError when no answer came at all
  if (error instanceof TypeError) return 'NETWORK';
  return 'INTERNAL';
}
