/**
 * Approving a login in the app: what the device key signs, agreed by server and app.
 *
 * The approval signature covers the request as the app showed it (id, service name,
 * transaction text), the proof that the app scanned the login page's live QR code (or opened
 * the same-phone link), and the PIN check it follows, so none of them can be swapped.
 */

/** the device-key signing purpose of an approval (see deviceSignedMessage) */
export const LOGIN_APPROVAL_PURPOSE = 'login-approval';
/** the device-key signing purpose of a denial */
export const LOGIN_DENIAL_PURPOSE = 'login-denial';
/** the longest transaction text a service may show in the app */
export const LOGIN_TEXT_MAX = 130;

export type ApprovalDecision = 'approve' | 'deny';

/** The bytes signed for a decision: the fields joined by NUL (none may contain NUL). */
export function loginApprovalChallenge(input: { approvalId: string; clientName: string; text: string; proof: string; loginId: string }): Uint8Array {
  const parts = [input.approvalId, input.clientName, input.text, input.proof, input.loginId];
  if (parts.some((p) => p.includes('\0'))) throw new RangeError('approval fields may not contain NUL');
  return new TextEncoder().encode(parts.join('\0'));
}

/** What the app receives about a pending approval (live connection or Web Push). */
export interface PendingApproval {
  approvalId: string;
  clientName: string;
  text: string;
  /** 'qr': the app must scan the login page's QR code; 'same-device': the link's proof is in the app already */
  mode: 'qr' | 'same-device';
  /** ISO time */
  expiresAt: string;
}

/**
 * Reading an app's approval requests (the list and the live stream) needs a fresh device-key
 * signature: the appId alone is an address, not a secret. The app signs, for purpose
 * LOGIN_APPROVALS_PURPOSE, `appId NUL time NUL nonce` (time: epoch seconds; nonce: 16+ random
 * bytes, base64url) and sends `time.nonce.signature` in the header APP_AUTH_HEADER (the list)
 * or the query parameter APP_AUTH_QUERY (the stream, as EventSource cannot set headers). The
 * server takes a time within ±APP_AUTH_WINDOW_SECONDS of its own and each nonce once.
 */
export const LOGIN_APPROVALS_PURPOSE = 'login-approvals';
export const APP_AUTH_HEADER = 'x-openmitid-app-auth';
export const APP_AUTH_QUERY = 'auth';
export const APP_AUTH_WINDOW_SECONDS = 60;

/** The bytes an app signs to read its approval requests. */
export function appReadChallenge(input: { appId: string; time: number; nonce: string }): Uint8Array {
  if ([input.appId, input.nonce].some((p) => p.includes('\0'))) throw new RangeError('fields may not contain NUL');
  return new TextEncoder().encode([input.appId, String(input.time), input.nonce].join('\0'));
}
