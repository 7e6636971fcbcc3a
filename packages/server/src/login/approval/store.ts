/**
 * Approval requests and the login interaction's progress, kept as rows of our own models in
 * the provider's payload table (oidc_payloads): every instance sees them, they expire with
 * the row, and `consumed_at` is the one-shot lock that lets exactly one outcome through
 * (approve, deny or expire), even when two devices race.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../infra/db/index.js';

export const APPROVAL_MODEL = 'OpenMitIdApproval';
export const LOGIN_STATE_MODEL = 'OpenMitIdLoginState';

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'refused';

export interface ApprovalRecord {
  id: string;
  /** the OIDC interaction this approval decides */
  uid: string;
  /** null: a decoy for an unknown user-ID, never delivered, never approvable */
  identityId: string | null;
  clientId: string;
  clientName: string;
  text: string;
  mode: 'qr' | 'same-device';
  /** base64url per-request secret of the QR code and the link */
  secret: string;
  /** epoch milliseconds */
  createdAt: number;
  expiresAt: number;
  status: ApprovalStatus;
  /** the app that scanned the QR (or opened the link) and the proof it showed */
  scannedBy?: string;
  proof?: string;
  /** the provider's resume URL, once decided */
  returnTo?: string;
}

/** What the user-ID step recorded for an interaction. */
export interface LoginState {
  uid: string;
  /** null: unknown user-ID (answered like a known one) */
  identityId: string | null;
  userIdKey: string;
  approvalId?: string;
}

type Db = Kysely<Database>;

async function put(db: Db, model: string, id: string, payload: object, expiresAt: number, index: string | null): Promise<void> {
  const row = { payload: JSON.stringify(payload), grant_id: null, user_code: null, uid: index, expires_at: new Date(expiresAt).toISOString(), consumed_at: null };
  await db
    .insertInto('oidc_payloads')
    .values({ model, id, ...row })
    .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet({ payload: row.payload, expires_at: row.expires_at }))
    .execute();
}

async function get<T>(db: Db, model: string, id: string): Promise<T | undefined> {
  const row = await db.selectFrom('oidc_payloads').select('payload').where('model', '=', model).where('id', '=', id).executeTakeFirst();
  return row ? (JSON.parse(row.payload) as T) : undefined;
}

export const approvalStore = {
  /** Rows outlive the approval by a minute, so a late device learns "expired", not "unknown". */
  save: (db: Db, a: ApprovalRecord) => put(db, APPROVAL_MODEL, a.id, a, a.expiresAt + 60_000, a.identityId),
  find: (db: Db, id: string) => get<ApprovalRecord>(db, APPROVAL_MODEL, id),

  /** The pending approvals of an identity (its `uid` index column holds the identity id). */
  async pendingFor(db: Db, identityId: string, nowMs: number): Promise<ApprovalRecord[]> {
    const rows = await db
      .selectFrom('oidc_payloads')
      .select('payload')
      .where('model', '=', APPROVAL_MODEL)
      .where('uid', '=', identityId)
      .where('consumed_at', 'is', null)
      .execute();
    return rows.map((r) => JSON.parse(r.payload) as ApprovalRecord).filter((a) => a.status === 'pending' && a.expiresAt > nowMs);
  },

  /** Takes the one-shot decision lock; false when another outcome got there first. */
  async lock(db: Db, id: string, nowMs: number): Promise<boolean> {
    const r = await db
      .updateTable('oidc_payloads')
      .set({ consumed_at: Math.floor(nowMs / 1000) })
      .where('model', '=', APPROVAL_MODEL)
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  saveState: (db: Db, s: LoginState, expiresAt: number) => put(db, LOGIN_STATE_MODEL, s.uid, s, expiresAt, null),
  findState: (db: Db, uid: string) => get<LoginState>(db, LOGIN_STATE_MODEL, uid),
};
