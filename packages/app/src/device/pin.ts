/**
 * The personal PIN on the device, checked by the server with OPAQUE (RFC 9807,
 * @serenity-kit/opaque): the PIN never leaves the device, not even hashed, and the server
 * stores only a registration record it cannot test guesses against. Each PIN check is an
 * online exchange the server counts.
 */
import * as opaque from '@serenity-kit/opaque';
import { pinLoginChallenge, pinLoginPurpose } from '@openmitid/api';
import { DeviceError } from './errors.js';
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { signChallenge } from './keys.js';

export const PIN_LENGTH = 6;

/**
 * The password-hardening function the device runs inside OPAQUE. Registration and every
 * login must use the same one. The library default (argon2id, 64 MiB, 3 passes) is the
 * production choice; tests pass a tiny custom one to stay fast.
 */
export type KeyStretching = NonNullable<opaque.client.FinishLoginParams['keyStretching']>;

export interface PinOptions {
  keyStretching?: KeyStretching;
  /**
   * The server's OPAQUE static public key the app was built with. When set, an answer from
   * any other key (a look-alike server) is refused before anything is sent.
   */
  serverStaticPublicKey?: string;
}

/** A personal PIN is exactly six digits. */
export function checkPinFormat(pin: string): void {
  if (!new RegExp(`^[0-9]{${PIN_LENGTH}}$`).test(pin)) throw new DeviceError('PIN_FORMAT', `a PIN is ${PIN_LENGTH} digits`);
}

/** The "choose a PIN, repeat it" step: returns the PIN when both entries are the same valid PIN. */
export function confirmNewPin(pin: string, repeated: string): string {
  checkPinFormat(pin);
  // both strings are the user's own input on their own device: no timing to protect here
  if (pin !== repeated) throw new DeviceError('PIN_MISMATCH', 'the two PINs differ');
  return pin;
}

function checkServerKey(options: PinOptions, got: string): void {
  if (options.serverStaticPublicKey !== undefined && options.serverStaticPublicKey !== got) {
    throw new DeviceError('PIN_PROTOCOL', 'the server answered with an unexpected OPAQUE key');
  }
}

function protocolError(e: unknown): DeviceError {
  return e instanceof DeviceError ? e : new DeviceError('PIN_PROTOCOL', 'malformed OPAQUE message from the server', { cause: e });
}

export interface PinRegistrationStart {
  /** keep on the device until finish; it holds the blinded PIN */
  state: string;
  /** send to the server */
  registrationRequest: string;
}

export async function startPinRegistration(pin: string): Promise<PinRegistrationStart> {
  checkPinFormat(pin);
  await opaque.ready;
  const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password: pin });
  return { state: clientRegistrationState, registrationRequest };
}

/** Returns the registration record to send to the server (it contains nothing the PIN can be guessed from offline). */
export async function finishPinRegistration(
  start: PinRegistrationStart,
  pin: string,
  registrationResponse: string,
  options: PinOptions = {},
): Promise<{ registrationRecord: string }> {
  await opaque.ready;
  try {
    const result = opaque.client.finishRegistration({
      clientRegistrationState: start.state,
      registrationResponse,
      password: pin,
      ...(options.keyStretching ? { keyStretching: options.keyStretching } : {}),
    });
    checkServerKey(options, result.serverStaticPublicKey);
    return { registrationRecord: result.registrationRecord };
  } catch (e) {
    throw protocolError(e);
  }
}

export interface PinLoginStart {
  state: string;
  startLoginRequest: string;
}

export async function startPinLogin(pin: string): Promise<PinLoginStart> {
  checkPinFormat(pin);
  await opaque.ready;
  const { clientLoginState, startLoginRequest } = opaque.client.startLogin({ password: pin });
  return { state: clientLoginState, startLoginRequest };
}

/** What the server answered to the login start. */
export interface PinLoginChallenge {
  loginId: string;
  loginResponse: string;
  /** base64url, 32 bytes the device key signs together with the OPAQUE finish message */
  nonce: string;
  /** what this PIN check is for (e.g. `copy`); signed, so it cannot be used for anything else */
  purpose: string;
}

export interface PinLoginFinish {
  loginId: string;
  finishLoginRequest: string;
  /** base64url P1363 signature of the device key over the login (see pinLoginChallenge) */
  signature: string;
  /** the OPAQUE session key, equal to the server's after a good PIN; never sent */
  sessionKey: string;
}

/**
 * Finishes a PIN check: opens the OPAQUE envelope with the PIN (a wrong PIN fails here, on
 * the device — the server already counted the attempt at start) and signs the result with
 * the device key, so the server gets PIN and key proven in one message.
 */
export async function finishPinLogin(
  start: PinLoginStart,
  pin: string,
  challenge: PinLoginChallenge,
  privateKey: CryptoKey,
  options: PinOptions = {},
): Promise<PinLoginFinish> {
  await opaque.ready;
  let result: opaque.client.FinishLoginResult | undefined;
  try {
    result = opaque.client.finishLogin({
      clientLoginState: start.state,
      loginResponse: challenge.loginResponse,
      password: pin,
      ...(options.keyStretching ? { keyStretching: options.keyStretching } : {}),
    });
  } catch (e) {
    throw protocolError(e);
  }
  if (!result) throw new DeviceError('PIN_WRONG', 'the PIN is wrong');
  checkServerKey(options, result.serverStaticPublicKey);
  const nonce = base64urlDecode(challenge.nonce);
  const signature = await signChallenge(
    privateKey,
    pinLoginPurpose(challenge.purpose),
    pinLoginChallenge(challenge.loginId, nonce, result.finishLoginRequest),
  );
  return {
    loginId: challenge.loginId,
    finishLoginRequest: result.finishLoginRequest,
    signature: base64urlEncode(signature),
    sessionKey: result.sessionKey,
  };
}
