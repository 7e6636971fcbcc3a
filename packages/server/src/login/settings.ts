/**
 * The login module's settings, in the shape of config.ts's SETTINGS table (env, doc, default,
 * parse) so they can be folded into it. Read with `loadLoginSettings(env)` until then.
 */
export interface LoginSettings {
  /** serve the OpenID Connect provider */
  oidcEnabled: boolean;
  /** the issuer URL; unset: <public URL or http://host:port>/oidc */
  oidcIssuer: string | undefined;
  /** base64 (32+ bytes); unset: a salt generated once and kept sealed in the database */
  oidcPairwiseSalt: string | undefined;
  /** how long a replaced signing or cookie key stays published/accepted */
  oidcKeyRetentionSeconds: number;
  /** trust X-Forwarded-Proto/Host from a TLS-terminating proxy */
  oidcTrustProxy: boolean;
  /** Web Push (VAPID) key pair waking closed apps with approval requests; unset: live connection only */
  vapidPublicKey: string | undefined;
  vapidPrivateKey: string | undefined;
  /** the operator contact sent to push services */
  vapidSubject: string;
}

interface Setting<T> {
  env: string;
  doc: string;
  default: T;
  parse(raw: string): T;
}

function bool(raw: string): boolean {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error(`not a boolean: ${raw}`);
}

function seconds(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new Error(`not a whole number: ${raw}`);
  const n = Number(raw);
  if (n < 3600 || n > 30 * 86_400) throw new Error('must be between 3600 and 2592000');
  return n;
}

function issuer(raw: string): string {
  const url = new URL(raw);
  if (url.pathname.replace(/\/+$/, '') === '') throw new Error('the issuer needs a path, e.g. https://login.example.dk/oidc');
  if (url.search !== '' || url.hash !== '') throw new Error('the issuer has no query or fragment');
  return raw.replace(/\/+$/, '');
}

function salt(raw: string): string {
  if (Buffer.from(raw, 'base64').length < 32) throw new Error('the pairwise salt must be base64 of 32 or more bytes');
  return raw;
}

function base64url(bytes: number) {
  return (raw: string): string => {
    if (!/^[A-Za-z0-9_-]+$/.test(raw) || Buffer.from(raw, 'base64url').length !== bytes) throw new Error(`must be base64url of ${bytes} bytes`);
    return raw;
  };
}

function subject(raw: string): string {
  if (!/^(mailto:|https:\/\/)/.test(raw)) throw new Error('must be a mailto: or https: URL');
  return raw;
}

export const LOGIN_SETTINGS: { [K in keyof LoginSettings]: Setting<LoginSettings[K]> } = {
  oidcEnabled: { env: 'OPENMITID_OIDC', doc: 'Serve the OpenID Connect provider (log in with OpenMitID) under the issuer path.', default: true, parse: bool },
  oidcIssuer: {
    env: 'OPENMITID_OIDC_ISSUER',
    doc: 'Issuer URL of the OpenID Connect provider (with a path). Unset: <public URL>/oidc.',
    default: undefined,
    parse: issuer,
  },
  oidcPairwiseSalt: {
    env: 'OPENMITID_OIDC_PAIRWISE_SALT',
    doc: 'Base64 secret (32+ bytes) for pairwise subject identifiers; never change it (every pairwise sub would change). Unset: generated once into the database.',
    default: undefined,
    parse: salt,
  },
  oidcKeyRetentionSeconds: {
    env: 'OPENMITID_OIDC_KEY_RETENTION_SECONDS',
    doc: 'How long a replaced token signing or cookie key stays published after a rotation.',
    default: 86_400,
    parse: seconds,
  },
  oidcTrustProxy: { env: 'OPENMITID_OIDC_TRUST_PROXY', doc: 'Trust X-Forwarded-* headers (behind a TLS-terminating proxy).', default: false, parse: bool },
  vapidPublicKey: {
    env: 'OPENMITID_VAPID_PUBLIC_KEY',
    doc: 'Web Push VAPID public key (base64url) to wake closed apps with approval requests. Unset: approvals reach open apps only.',
    default: undefined,
    parse: base64url(65),
  },
  vapidPrivateKey: { env: 'OPENMITID_VAPID_PRIVATE_KEY', doc: 'Web Push VAPID private key (base64url, 32 bytes); a secret.', default: undefined, parse: base64url(32) },
  vapidSubject: { env: 'OPENMITID_VAPID_SUBJECT', doc: 'Contact (mailto: or https:) sent to push services with Web Push messages.', default: 'mailto:operator@localhost', parse: subject },
};

export function loadLoginSettings(env: Record<string, string | undefined>): LoginSettings {
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(LOGIN_SETTINGS) as [string, Setting<unknown>][]) {
    const raw = env[s.env];
    if (raw === undefined || raw === '') {
      out[key] = s.default;
      continue;
    }
    try {
      out[key] = s.parse(raw);
    } catch (e) {
      throw new Error(`${s.env}: ${(e as Error).message}`);
    }
  }
  return out as unknown as LoginSettings;
}

/** The issuer: the setting, or the public URL (else host:port) with /oidc. */
export function issuerOf(settings: Pick<LoginSettings, 'oidcIssuer'>, server: { publicUrl: string; host: string; port: number }): string {
  if (settings.oidcIssuer) return settings.oidcIssuer;
  const base = server.publicUrl !== '' ? server.publicUrl.replace(/\/+$/, '') : `http://${server.host}:${server.port}`;
  return `${base}/oidc`;
}
