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

export type MrzInput = { kind: 'lines'; lines: string[] } | { kind: 'key'; key: ManualMrzKey };

export interface EnrolmentTransport {
  start(): Promise<EnrolmentFlowView>;
  acceptTerms(termsVersion: string): Promise<EnrolmentFlowView>;
  chooseCountry(country: string): Promise<EnrolmentFlowView>;
  submitMrz(input: MrzInput): Promise<EnrolmentFlowView>;
  /** Reads the chip (in demo mode a virtual passport) and lets the server decide. */
  readChip(): Promise<EnrolmentFlowView>;
  /** Camera frames answering the server's liveness challenge. */
  submitFace(frames: Uint8Array[]): Promise<EnrolmentFlowView>;
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

/** The code to show for anything a transport call threw. */
export function errorCodeOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof (error as { code: unknown }).code === 'string') {
    return (error as { code: string }).code;
  }
  // fetch rejects with a TypeError when no answer came at all
  if (error instanceof TypeError) return 'NETWORK';
  return 'INTERNAL';
}
