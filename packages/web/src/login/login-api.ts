/**
 * The login page's calls to the login interaction API (packages/server/src/login:
 * interaction-routes.ts, code-routes.ts, chip-routes.ts). The page only asks and shows;
 * every decision is the server's. Refusals come back as EnrolmentError with the server's code
 * (the SDK's one problem+json reader).
 */
import { callJson, EnrolmentError, type FetchLike } from '@openmitid/app/enrolment';

export type LoginMethod = 'app' | 'code-display' | 'code-reader' | 'chip';
export type ApprovalState = 'pending' | 'approved' | 'denied' | 'expired' | 'refused';

export interface InteractionDetails {
  uid: string;
  clientId: string;
  clientName?: string;
  scopes: string[];
  loginHint?: string;
  text?: string;
  /** epoch seconds */
  expiresAt: number;
}

export interface AppRequest {
  approvalId: string;
  expiresAt: string;
  /** same-device mode: the "open the app" link */
  link?: string;
}

/** WebAuthn request options as JSON (base64url binary fields), as the server sends them. */
export interface ChipOptionsJson {
  challenge: string;
  rpId?: string;
  timeout?: number;
  userVerification?: UserVerificationRequirement;
  allowCredentials?: { id: string; type?: string; transports?: string[] }[];
}

const METHODS: readonly LoginMethod[] = ['app', 'code-display', 'code-reader', 'chip'];

export class LoginApi {
  readonly #base: string;
  readonly #fetch: FetchLike;

  constructor(
    baseUrl: string,
    readonly uid: string,
    fetchImpl?: FetchLike,
  ) {
    this.#base = `${baseUrl.replace(/\/+$/, '')}/login/interaction/${encodeURIComponent(uid)}`;
    this.#fetch = fetchImpl ?? ((url, init) => fetch(url, { ...init, credentials: 'same-origin' }));
  }

  details(): Promise<InteractionDetails> {
    return this.#call<InteractionDetails>('', 'GET');
  }

  async userId(userId: string): Promise<LoginMethod[]> {
    const r = await this.#call<{ methods: unknown[] }>('/user-id', 'POST', { userId });
    return r.methods.filter((m): m is LoginMethod => METHODS.includes(m as LoginMethod));
  }

  startApp(mode: 'qr' | 'same-device'): Promise<AppRequest> {
    return this.#call<AppRequest>('/app', 'POST', { mode });
  }

  async qr(): Promise<string> {
    return (await this.#call<{ qr: string }>('/qr', 'GET')).qr;
  }

  status(): Promise<{ state: ApprovalState; returnTo?: string }> {
    return this.#call('/status', 'GET');
  }

  async code(kind: 'code-display' | 'code-reader', password: string, code: string): Promise<string> {
    return (await this.#call<{ returnTo: string }>('/code', 'POST', { kind, password, code })).returnTo;
  }

  chipBegin(): Promise<{ ceremonyId: string; options: ChipOptionsJson }> {
    return this.#call('/chip/begin', 'POST', {});
  }

  async chipFinish(ceremonyId: string, response: unknown, password: string): Promise<string> {
    return (await this.#call<{ returnTo: string }>('/chip/finish', 'POST', { ceremonyId, response, password })).returnTo;
  }

  async #call<T>(path: string, method: 'GET' | 'POST', body?: unknown): Promise<T> {
    try {
      return await callJson<T>(this.#fetch, `${this.#base}${path}`, method, body);
    } catch (e) {
      if (e instanceof EnrolmentError) throw e;
      // fetch itself failed: no answer from the server
      throw new EnrolmentError('NETWORK', 0);
    }
  }
}

/** The code of a refusal, for the error texts. */
export function errorCodeOf(e: unknown): string {
  return e instanceof EnrolmentError ? e.code : 'INTERNAL';
}

/** Where a refused login continues (the service learns access_denied), when the server said. */
export function returnToOf(e: unknown): string | undefined {
  const r = e instanceof EnrolmentError ? e.details?.returnTo : undefined;
  return typeof r === 'string' ? r : undefined;
}
