/**
 * The app's side of "log in with OpenMitID": list the approval requests waiting for this
 * app, show one (who asks, for what), and approve it after the user scanned the login page's
 * QR code (or opened the same-phone link) and entered the PIN — or deny it. The approval is
 * signed by the device key over exactly what was shown, the proof of the scan and the PIN
 * check, so the server can tell the app approved this request and nothing else.
 */
import {
  APP_AUTH_HEADER,
  APP_AUTH_QUERY,
  LOGIN_APPROVAL_PURPOSE,
  LOGIN_APPROVALS_PURPOSE,
  LOGIN_DENIAL_PURPOSE,
  appReadChallenge,
  loginApprovalChallenge,
  type PendingApproval,
} from '@openmitid/api';
import { callJson, type FetchLike } from '../enrolment/http.js';
import { EnrolmentError } from '../enrolment/errors.js';
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
  /** the clock the read signatures are dated by (default the device's); the server takes ±60 s */
  now?: () => Date;
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

  /** The requests waiting for this app (also delivered live by `watch` or over `streamUrl`). Signed by the device key. */
  async pending(): Promise<PendingApproval[]> {
    const r = await callJson<{ approvals: PendingApproval[] }>(this.fetchImpl, this.appsUrl(''), 'GET', undefined, { [APP_AUTH_HEADER]: await this.readToken() });
    return r.approvals;
  }

  /**
   * A signed address of the live stream of requests (server-sent events `approval`, data a
   * PendingApproval), for `new EventSource(url)`. Usable once and within 60 s: when the
   * stream drops, open a new one with a fresh URL (EventSource's own retry would reuse the old
   * one and be refused).
   */
  async streamUrl(): Promise<string> {
    return `${this.appsUrl('/stream')}?${APP_AUTH_QUERY}=${encodeURIComponent(await this.readToken())}`;
  }

  /**
   * Receives requests live over the stream (fetch streaming: works in browsers and Node) until
   * `signal` aborts or the server ends it; the pending ones come first. Refusals throw
   * EnrolmentError with the server's code.
   */
  async watch(onApproval: (approval: PendingApproval) => void, signal?: AbortSignal): Promise<void> {
    const res = await fetch(await this.streamUrl(), { headers: { accept: 'text/event-stream' }, ...(signal ? { signal } : {}) });
    if (!res.ok || !res.body) {
      const payload = (await res.json().catch(() => undefined)) as { code?: unknown; details?: Record<string, unknown> } | undefined;
      throw new EnrolmentError(typeof payload?.code === 'string' ? payload.code : 'INTERNAL', res.status, payload?.details);
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) return;
        buffer += chunk.value;
        // an event ends with a blank line (WHATWG HTML, server-sent events)
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = event.split('\n');
          if (!lines.includes('event: approval')) continue;
          const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          onApproval(JSON.parse(data) as PendingApproval);
        }
      }
    } catch (e) {
      if (signal?.aborted) return;
      throw e;
    } finally {
      reader.releaseLock();
    }
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

  /** `time.nonce.signature`: the device key over appId, the time and a fresh nonce (@openmitid/api appReadChallenge). */
  private async readToken(): Promise<string> {
    const time = Math.floor((this.o.now?.() ?? new Date()).getTime() / 1000);
    const nonce = base64urlEncode(globalThis.crypto.getRandomValues(new Uint8Array(16)));
    const signature = await signChallenge(this.o.privateKey, LOGIN_APPROVALS_PURPOSE, appReadChallenge({ appId: this.o.appId, time, nonce }));
    return `${time}.${nonce}.${base64urlEncode(signature)}`;
  }

  private appsUrl(rest: string): string {
    return `${this.base}/login/apps/${encodeURIComponent(this.o.appId)}/approvals${rest}`;
  }

  private url(approvalId: string, action: string): string {
    return `${this.base}/login/approvals/${encodeURIComponent(approvalId)}/${action}`;
  }
}
