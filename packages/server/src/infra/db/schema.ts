/**
 * The one typed view of the database (Kysely). Each table is declared here once; the
 * migrations in ./migrations create them and never import these types.
 *
 * Conventions, chosen so the same queries run on SQLite and PostgreSQL:
 * - timestamps are ISO-8601 UTC strings (`2026-11-25T10:00:00.000Z`), which sort as text;
 * - booleans are integers 0/1;
 * - personal data is sealed by the PII cipher (`*_sealed` columns, text) and looked up
 *   through keyed hashes (`*_hash` columns), never stored in the clear.
 */
/** A self-service flow (enrolment, later activation, login, …): the stored object of design.md. */
export interface FlowsTable {
  /** 128-bit+ CSPRNG id, base64url */
  id: string;
  kind: string;
  state: string;
  /** optimistic concurrency: every save checks and bumps it */
  version: number;
  expires_at: string;
  created_at: string;
  updated_at: string;
  /** the flow's JSON data (evidence, challenges, sealed personal data) */
  data: string;
}

/** The person register the operator seeds: whose document it is. */
export interface PeopleTable {
  id: string;
  /** the personal number (CPR), sealed */
  person_number_sealed: string;
  /** keyed hash of the personal number, unique */
  person_number_hash: string;
  created_at: string;
}

/** A travel document known to the register, matched on document number + birth date + names (one keyed hash). */
export interface PersonDocumentsTable {
  match_hash: string;
  person_id: string;
  created_at: string;
}

/** One identity per person; re-enrolment updates it. */
export interface IdentitiesTable {
  id: string;
  person_id: string;
  /** the user-ID as chosen */
  user_id: string;
  /** lower-cased user-ID, unique: user-IDs are case-insensitive */
  user_id_key: string;
  /** 'verified' when the face step passed, 'unverified' when the development bypass was used */
  proofing: string;
  given_names_sealed: string;
  surname_sealed: string;
  birth_date_sealed: string;
  document_number_sealed: string;
  document_hash: string;
  nationality: string;
  phone_sealed: string;
  phone_hash: string;
  terms_version: string;
  created_at: string;
  updated_at: string;
  /** active, suspended or blocked; only active logs in (default active) */
  status: import('kysely').Generated<string>;
  /** the face_proofings record the identity rests on (null: enrolled before it, or without a face check) */
  proofing_id?: string | null;
}

/**
 * A user-ID taken by an identity or held by a flow that chose it. The primary key is the
 * lower-cased user-ID, so two flows racing for one user-ID cannot both hold it.
 */
export interface UserIdClaimsTable {
  user_id_key: string;
  flow_id: string | null;
  identity_id: string | null;
  /** when a flow's hold lapses (null once an identity owns it) */
  expires_at: string | null;
  created_at: string;
}

/** The hash-chained audit log (infra/audit): append-only, one row per security event. */
export interface AuditLogTable {
  seq: number;
  at: string;
  /** the event as canonical JSON (keys sorted) */
  event: string;
  prev_hash: string;
  /** hex SHA-256 over prev_hash, seq, at and event */
  hash: string;
}

/** The single row (id 1) holding the chain's last seq and hash; appends lock it. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** Development SMS outbox (infra/sms): messages that were "sent" while no provider is configured. */
export interface SmsOutboxTable {
  id: import('kysely').Generated<number>;
  to_number: string;
  text: string;
  at: string;
}

/** Attempt counters and throttles (infra/ratelimit), keyed by a hash of the limited thing. */
export interface RateLimitsTable {
  key_hash: string;
  count: number;
  /** epoch milliseconds when the window ends */
  reset_at: number;
}

/** A code display or code reader from the maker's PSKC seed file (authenticators/code-display). */
export interface TokenDevicesTable {
  id: string;
  /** the serial number printed on the device, unique */
  serial: string;
  /** 'code-display' | 'code-reader' */
  kind: string;
  manufacturer: string | null;
  model: string | null;
  /** TOTP parameters: digits, period (s), hash ('SHA-1' | 'SHA-256' | 'SHA-512'), t0 (epoch s) */
  digits: number;
  period: number;
  hash: string;
  t0: number;
  /** the seed, sealed by the PII cipher (context `token.seed:<serial>`) */
  seed_sealed: string;
  /** 'in-stock' | 'assigned' | 'suspended' | 'revoked' */
  status: string;
  /** the device clock's offset in time steps, learnt from accepted codes */
  drift: number;
  /** the last accepted time step: a code at or before it is a replay */
  last_step: number | null;
  /** wrong codes in a row */
  failures: number;
  identity_id: string | null;
  /** optimistic concurrency: every save checks and bumps it */
  version: number;
  created_at: string;
  updated_at: string;
  activated_at: string | null;
}

/** "Nej, bestil": an order for a code display or code reader, for the fulfilment partner. */
export interface TokenOrdersTable {
  id: string;
  identity_id: string;
  kind: string;
  /** the delivery address as JSON, sealed (context `token.order.address:<id>`) */
  address_sealed: string;
  /** 'ordered' | 'sent' | 'activated' */
  status: string;
  /** the serial the partner shipped (known once sent) */
  serial: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  activated_at: string | null;
}

/** An app authenticator (issue 4 §1): one device key on one phone or tablet. */
export interface AppAuthenticatorsTable {
  id: string;
  identity_id: string;
  /** the device's P-256 public key, DER SubjectPublicKeyInfo, base64url */
  public_key_spki: string;
  /** 'pending' | 'active' | 'inactive' | 'suspended' (PIN attempts used up: re-activation) | 'revoked' */
  status: string;
  /** 0/1 as the device reported it */
  biometrics: number;
  /** the Web Push subscription as JSON, null until consented */
  push_subscription: string | null;
  /** the OPAQUE registration record of the PIN (the server cannot test PINs against it) */
  pin_record: string | null;
  /** PIN checks started since the last good one */
  pin_failures: number;
  /** while set and in the future, PIN checks are refused (suspended) */
  pin_locked_until: string | null;
  created_at: string;
  activated_at: string | null;
  updated_at: string;
}

/** When an identity's authenticators last changed; the row is also the lock that serialises activations. */
export interface IdentityAuthenticatorChangesTable {
  identity_id: string;
  last_change_at: string;
}

/** A PIN check in progress: the OPAQUE server state between login start and finish (single use, short-lived). */
export interface AppPinLoginsTable {
  id: string;
  app_id: string;
  purpose: string;
  server_state: string;
  /** base64url, 32 bytes the device key signs */
  nonce: string;
  expires_at: string;
  created_at: string;
}

/** A temporary PIN sent by SMS, as an HMAC only. */
export interface AppTempPinsTable {
  /** what the PIN unlocks (the app being activated) */
  subject: string;
  /** hex HMAC-SHA-256 under the server's temporary-PIN key */
  code_mac: string;
  failures: number;
  expires_at: string;
  created_at: string;
}

/** A session for copying the app to another device (live QR). */
export interface AppCopySessionsTable {
  id: string;
  identity_id: string;
  source_app_id: string;
  /** base64url, 32 bytes: the QR MAC key, shared with the old app */
  secret: string;
  started_at: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** oidc-provider's stored objects (login/storage-adapter.ts): one row per (model, id), expired rows count as absent. */
export interface OidcPayloadsTable {
  /** the oidc-provider model name: Session, AuthorizationCode, AccessToken, Interaction, Grant, … */
  model: string;
  id: string;
  /** the model's payload as JSON */
  payload: string;
  grant_id: string | null;
  user_code: string | null;
  /** a Session's uid */
  uid: string | null;
  expires_at: string | null;
  /** epoch seconds when a code or token was used (oidc-provider's `consumed`) */
  consumed_at: number | null;
}

/** The provider's keys (login/keys.ts): signing keys, cookie keys, the pairwise salt; private parts sealed. */
export interface OidcKeysTable {
  kid: string;
  /** 'sig' | 'cookie' | 'pairwise' */
  use: string;
  /** 'ES256' | 'RS256' for signing keys, 'secret' otherwise */
  alg: string;
  /** 1 for the first key of (use, alg), +1 per rotation: the highest is current */
  generation: number;
  /** the private JWK or secret, sealed by the PII cipher (context `oidc.key:<kid>`) */
  private_sealed: string;
  /** the public JWK as JSON (signing keys only) */
  public_jwk: string | null;
  created_at: string;
  /** set when a newer generation replaced it: published (and usable to verify) until then */
  retires_at: string | null;
}

/** Service providers registered by the operator (login/clients.ts). */
export interface OidcClientsTable {
  client_id: string;
  name: string;
  /** the client secret sealed by the PII cipher (context `oidc.client.secret:<client_id>`); null for public clients */
  secret_sealed: string | null;
  /** JSON array of exact redirect URIs */
  redirect_uris: string;
  /** JSON array */
  post_logout_redirect_uris: string;
  /** 'public' | 'pairwise' */
  subject_type: string;
  /** 'ES256' (default) | 'RS256' */
  id_token_alg: string;
  created_at: string;
}

/** An identity's password (authenticators/password): argon2id PHC string and the wrong-password count. */
export interface IdentityPasswordsTable {
  identity_id: string;
  /** `$argon2id$v=19$m=…,t=…,p=…$salt$hash` */
  hash: string;
  /** password checks counted since the last good one (each counted before it is checked) */
  failures: number;
  /** while set and in the future, checks are refused; null with failures at the limit: locked until reset */
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

/** A FIDO security key (authenticators/chip): one WebAuthn credential. */
export interface FidoCredentialsTable {
  /** the credential id, base64url */
  id: string;
  identity_id: string;
  /** the COSE public key, base64url */
  public_key: string;
  /** the signature counter last seen (0: the key keeps none) */
  counter: number;
  /** JSON array of transports the browser reported (usb, nfc, ble, …) */
  transports: string;
  /** the key model's AAGUID (all zeros for U2F keys) */
  aaguid: string;
  /** 'none' | 'packed' | 'fido-u2f' */
  attestation_format: string;
  /** 'active' | 'suspended' (counter regressed: possible clone) | 'revoked' */
  status: string;
  created_at: string;
  last_used_at: string | null;
  updated_at: string;
}

/** A WebAuthn ceremony in progress: the challenge the server chose (single use, short-lived). */
export interface FidoCeremoniesTable {
  id: string;
  identity_id: string;
  /** 'registration' | 'authentication' */
  kind: string;
  /** base64url of 32 CSPRNG bytes */
  challenge: string;
  expires_at: string;
  created_at: string;
}

/** One face attempt of an enrolment: scores and verdicts, never the images unless retention is set. */
export interface FaceProofingsTable {
  id: string;
  flow_id: string;
  person_id: string | null;
  /** 1 for the flow's first attempt */
  attempt: number;
  /** 0/1 */
  passed: number;
  /** the failure code (FaceFailureCode), null when passed */
  code: string | null;
  /** cosine of the live face to the chip photo (0 when the comparison was not reached) */
  score: number;
  threshold: number;
  liveness_passed: number;
  liveness_code: string | null;
  /** means of the model's passive scores over the frames (a weak signal only) */
  antispoof: number | null;
  live: number | null;
  model_version: string;
  /** JSON {chipPhoto, frames} (base64), sealed; only with OPENMITID_FACE_RETAIN_IMAGES */
  images_sealed: string | null;
  /** when the retained images are erased */
  images_expire_at: string | null;
  created_at: string;
}

export interface Database {
  flows: FlowsTable;
  people: PeopleTable;
  person_documents: PersonDocumentsTable;
  identities: IdentitiesTable;
  user_id_claims: UserIdClaimsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  sms_outbox: SmsOutboxTable;
  rate_limits: RateLimitsTable;
  token_devices: TokenDevicesTable;
  token_orders: TokenOrdersTable;
  app_authenticators: AppAuthenticatorsTable;
  identity_authenticator_changes: IdentityAuthenticatorChangesTable;
  app_pin_logins: AppPinLoginsTable;
  app_temp_pins: AppTempPinsTable;
  app_copy_sessions: AppCopySessionsTable;
  oidc_payloads: OidcPayloadsTable;
  oidc_keys: OidcKeysTable;
  oidc_clients: OidcClientsTable;
  identity_passwords: IdentityPasswordsTable;
  fido_credentials: FidoCredentialsTable;
  fido_ceremonies: FidoCeremoniesTable;
  face_proofings: FaceProofingsTable;
}
