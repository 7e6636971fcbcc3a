/**
 * The app's side of "log in with OpenMitID": list the approval requests waiting for this
 * app, show one (who asks, for what), and approve it after the user scanned the login page's
 * QR code (or opened the same-phone link) and entered the PIN — or deny it. The approval is
 * signed by the device key over exactly what was shown, the proof of the scan and the PIN
 * check, so the server can tell the app approved this request and nothing else.
 */
import { LOGIN_APPROVAL_PURPOSE, LOGIN_DENIAL_PURPOSE, loginApprovalChallenge, type PendingApproval } from '@openmitid/api';
import { callJson, type FetchLike } from '../enrolment/http.js';
import { base64urlEncode } from '../device/base64url.js';
import { signChallenge } from '../device/keys.js';
import { finishPinLogin, startPinLogin, type PinLoginChallenge, type PinOptions } from '../device/pin.js';

export interface ApprovalOutcome {
  state: 'approved' | 'denied' | 'expired' | 'refused' | 'pending';
  returnTo?: string;
}

export interface ApprovalClientOptions {
  /** the server's base URL, e.g. https://login.example.dk */
  baseUrl: string;
  appId: string;
  /** the device key's private half (non-extractable) */
  privateKey: CryptoKey;
  fetch?: FetchLike;
  pin?: PinOptions;
}

/** The proof inside an "open the app" link (openmitid://login-approval?proof=…). */
export function proofFromLink(link: string): string {
  const url = new URL(link);
  const proof = url.searchParams.get('proof');
  if (url.protocol !== 'openmitid:' || proof === null || proof === '') throw new RangeError('not an OpenMitID approval link');
  return proof;
}

export class ApprovalClient {
  private readonly fetchImpl: FetchLike;
  private readonly base: string;

  constructor(private readonly o: ApprovalClientOptions) {
    this.fetchImpl = o.fetch ?? ((url, init) => fetch(url, init));
    this.base = o.baseUrl.replace(/\/+$/, '');
  }

  /** The requests waiting for this app (also delivered live over …/approvals/stream). */
  async pending(): Promise<PendingApproval[]> {
    const r = await callJson<{ approvals: PendingApproval[] }>(this.fetchImpl, `${this.base}/login/apps/${encodeURIComponent(this.o.appId)}/approvals`, 'GET');
    return r.approvals;
  }

  /** Shows the server the scanned QR code (or the link's proof); answers what the app must show. */
  async scan(approvalId: string, proof: string): Promise<PendingApproval> {
    return callJson<PendingApproval>(this.fetchImpl, this.url(approvalId, 'scan'), 'POST', { appId: this.o.appId, proof });
  }

  /**
   * Approves `approval` (as returned by scan) with the PIN. A wrong PIN throws DeviceError
   * PIN_WRONG before anything is approved (the server has counted the attempt).
   */
  async approve(approval: PendingApproval, proof: string, pin: string): Promise<ApprovalOutcome> {
    const start = await startPinLogin(pin);
    const challenge = await callJson<PinLoginChallenge>(this.fetchImpl, this.url(approval.approvalId, 'pin'), 'POST', {
      appId: this.o.appId,
      startLoginRequest: start.startLoginRequest,
    });
    const finished = await finishPinLogin(start, pin, challenge, this.o.privateKey, this.o.pin ?? {});
    const signature = await signChallenge(
      this.o.privateKey,
      LOGIN_APPROVAL_PURPOSE,
      loginApprovalChallenge({ approvalId: approval.approvalId, clientName: approval.clientName, text: approval.text, proof, loginId: finished.loginId }),
    );
    return callJson<ApprovalOutcome>(this.fetchImpl, this.url(approval.approvalId, 'approve'), 'POST', {
      appId: this.o.appId,
      loginId: finished.loginId,
      finishLoginRequest: finished.finishLoginRequest,
      pinSignature: finished.signature,
      signature: base64urlEncode(signature),
    });
  }

  /** Denies the request; final. */
  async deny(approval: PendingApproval): Promise<ApprovalOutcome> {
    const signature = await signChallenge(
      this.o.privateKey,
      LOGIN_DENIAL_PURPOSE,
      loginApprovalChallenge({ approvalId: approval.approvalId, clientName: approval.clientName, text: approval.text, proof: '', loginId: '' }),
    );
    return callJson<ApprovalOutcome>(this.fetchImpl, this.url(approval.approvalId, 'deny'), 'POST', { appId: this.o.appId, signature: base64urlEncode(signature) });
  }

  private url(approvalId: string, action: string): string {
    return `${this.base}/login/approvals/${encodeURIComponent(approvalId)}/${action}`;
  }
}
