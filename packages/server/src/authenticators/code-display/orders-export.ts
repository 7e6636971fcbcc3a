/**
 * The order list for the fulfilment partner, as CSV (RFC 4180) or JSON. It carries what a
 * parcel needs (order id, device kind, address) and nothing about the identity.
 */
import { listOrders, type OrderStatus, type TokenOrder } from './orders.js';
import type { TokenDeps } from './token-store.js';

export type ExportFormat = 'csv' | 'json';

const COLUMNS = ['order_id', 'ordered_at', 'kind', 'name', 'street', 'postal_code', 'city', 'country'] as const;

function line(o: TokenOrder): string[] {
  return [o.id, o.createdAt, o.kind, o.address.name, o.address.street, o.address.postalCode, o.address.city, o.address.country];
}

/** Columns the citizen typed; only these can carry a spreadsheet formula. */
const TYPED = new Set<number>([3, 4, 5, 6]);

function csvCell(value: string, typed: boolean): string {
  // a leading = + - @ makes spreadsheets run a typed cell as a formula; a quote in front keeps it text
  const safe = typed && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function formatOrders(orders: TokenOrder[], format: ExportFormat): string {
  if (format === 'json') {
    return JSON.stringify(
      orders.map((o) => Object.fromEntries(COLUMNS.map((c, i) => [c, line(o)[i]]))),
      null,
      2,
    );
  }
  return [COLUMNS.join(','), ...orders.map((o) => line(o).map((v, i) => csvCell(v, TYPED.has(i))).join(','))].map((l) => `${l}\r\n`).join('');
}

/** The orders still to ship (status 'ordered' unless asked otherwise), oldest first. */
export async function exportOrders(deps: TokenDeps, options: { format: ExportFormat; status?: OrderStatus }): Promise<string> {
  return formatOrders(await listOrders(deps, { status: options.status ?? 'ordered' }), options.format);
}
