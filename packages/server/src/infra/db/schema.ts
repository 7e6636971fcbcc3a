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
}
