/**
 * "Nej, bestil": a citizen without a device orders one. An order holds the delivery address
 * (sealed) and moves ordered → sent (the fulfilment partner shipped it) → activated (the
 * citizen activated a device). At most one open order per identity, held by a unique index.
 */
import type { Selectable, Transaction } from 'kysely';
import { ApiError } from '../../errors.js';
import { newId } from '../../infra/ids.js';
import type { Database, TokenOrdersTable } from '../../infra/db/schema.js';
import { isUniqueViolation, normaliseSerial, type TokenDeps, type TokenKind, TOKEN_KINDS } from './token-store.js';

export type OrderStatus = 'ordered' | 'sent' | 'activated';

export interface DeliveryAddress {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
}

export interface TokenOrder {
  id: string;
  identityId: string;
  kind: TokenKind;
  status: OrderStatus;
  serial: string | null;
  address: DeliveryAddress;
  createdAt: string;
  sentAt: string | null;
  activatedAt: string | null;
}

type OrderRow = Selectable<TokenOrdersTable>;

const addressContext = (orderId: string): string => `token.order.address:${orderId}`;

function checkAddress(a: DeliveryAddress): DeliveryAddress {
  const fields = ['name', 'street', 'postalCode', 'city', 'country'] as const;
  const clean = {} as DeliveryAddress;
  for (const f of fields) {
    const v = typeof a[f] === 'string' ? a[f].trim() : '';
    // control characters would let an address break the partner's CSV or label printer
    if (v === '' || v.length > 200 || /\p{Cc}/u.test(v)) throw new ApiError('VALIDATION_FAILED', `delivery address ${f} is missing or invalid`);
    clean[f] = v;
  }
  if (!/^[A-Z]{2}$/.test(clean.country.toUpperCase())) throw new ApiError('VALIDATION_FAILED', 'delivery address country is a two-letter code');
  clean.country = clean.country.toUpperCase();
  return clean;
}

function toOrder(deps: TokenDeps, row: OrderRow): TokenOrder {
  return {
    id: row.id,
    identityId: row.identity_id,
    kind: row.kind as TokenKind,
    status: row.status as OrderStatus,
    serial: row.serial,
    address: JSON.parse(deps.pii.decrypt(row.address_sealed, addressContext(row.id))) as DeliveryAddress,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    activatedAt: row.activated_at,
  };
}

export interface PlaceOrderInput {
  identityId: string;
  kind: TokenKind;
  address: DeliveryAddress;
  now: Date;
}

/** Places an order. Refusals: TOKEN_ALREADY_HAS_ONE (the identity has a device), TOKEN_ORDER_OPEN, VALIDATION_FAILED. */
export async function placeOrder(deps: TokenDeps, input: PlaceOrderInput): Promise<TokenOrder> {
  try {
    return await deps.db.transaction().execute((trx) => placeOrderIn(trx, deps, input));
  } catch (e) {
    if (isUniqueViolation(e)) throw new ApiError('TOKEN_ORDER_OPEN', 'an order for this identity is still open');
    throw e;
  }
}

/**
 * `placeOrder` inside the caller's transaction (an activation step). An order placed meanwhile
 * by another request makes the one-open-order index refuse the insert: the caller answers
 * that unique violation with TOKEN_ORDER_OPEN.
 */
export async function placeOrderIn(trx: Transaction<Database>, deps: TokenDeps, input: PlaceOrderInput): Promise<TokenOrder> {
  if (!TOKEN_KINDS.includes(input.kind)) throw new ApiError('VALIDATION_FAILED', 'unknown device kind');
  const address = checkAddress(input.address);
  const id = newId(deps.random);
  const at = input.now.toISOString();
  const device = await trx.selectFrom('token_devices').select('id').where('identity_id', '=', input.identityId).where('status', '<>', 'revoked').executeTakeFirst();
  if (device) throw new ApiError('TOKEN_ALREADY_HAS_ONE', 'identity already has a code display or code reader');
  // asked first so that PostgreSQL does not abort the caller's transaction on the index
  const open = await trx.selectFrom('token_orders').select('id').where('identity_id', '=', input.identityId).where('status', 'in', ['ordered', 'sent']).executeTakeFirst();
  if (open) throw new ApiError('TOKEN_ORDER_OPEN', 'an order for this identity is still open');
  const row: OrderRow = {
    id,
    identity_id: input.identityId,
    kind: input.kind,
    address_sealed: deps.pii.encrypt(JSON.stringify(address), addressContext(id)),
    status: 'ordered',
    serial: null,
    version: 0,
    created_at: at,
    updated_at: at,
    sent_at: null,
    activated_at: null,
  };
  await trx.insertInto('token_orders').values(row).execute();
  return toOrder(deps, row);
}

/** The partner shipped the device: ordered → sent, noting the serial if known. */
export async function markOrderSent(deps: TokenDeps, input: { orderId: string; serial?: string; now: Date }): Promise<TokenOrder> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('token_orders').selectAll().where('id', '=', input.orderId).executeTakeFirst();
    if (!row) throw new ApiError('TOKEN_ORDER_NOT_FOUND', 'no such order');
    if (row.status !== 'ordered') throw new ApiError('TOKEN_ORDER_STATE', `order is ${row.status}`);
    const at = input.now.toISOString();
    const patch = { status: 'sent', serial: input.serial === undefined ? row.serial : normaliseSerial(input.serial), sent_at: at, updated_at: at };
    const result = await trx
      .updateTable('token_orders')
      .set({ ...patch, version: row.version + 1 })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) throw new ApiError('TOKEN_ORDER_STATE', 'order changed meanwhile');
    return toOrder(deps, { ...row, ...patch, version: row.version + 1 });
  });
}

/** Called inside the activation transaction: the identity's open order (if any) is fulfilled. */
export async function markOrderActivated(trx: Transaction<Database>, identityId: string, serial: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await trx
    .updateTable('token_orders')
    .set((eb) => ({ status: 'activated', serial, activated_at: at, updated_at: at, version: eb('version', '+', 1) }))
    .where('identity_id', '=', identityId)
    .where('status', 'in', ['ordered', 'sent'])
    .execute();
}

export async function getOrder(deps: TokenDeps, orderId: string): Promise<TokenOrder> {
  const row = await deps.db.selectFrom('token_orders').selectAll().where('id', '=', orderId).executeTakeFirst();
  if (!row) throw new ApiError('TOKEN_ORDER_NOT_FOUND', 'no such order');
  return toOrder(deps, row);
}

/** Orders, oldest first, optionally only those in one status. */
export async function listOrders(deps: TokenDeps, filter: { status?: OrderStatus } = {}): Promise<TokenOrder[]> {
  let q = deps.db.selectFrom('token_orders').selectAll().orderBy('created_at').orderBy('id');
  if (filter.status) q = q.where('status', '=', filter.status);
  return (await q.execute()).map((r) => toOrder(deps, r));
}
