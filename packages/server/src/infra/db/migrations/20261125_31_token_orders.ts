/** Orders for a code display or code reader ("Nej, bestil"). Frozen: never edit once shipped; add a new migration. */
/* eslint-disable @typescript-eslint/no-explicit-any -- a migration sees the schema as it was on its date, not today's Database */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('token_orders')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('identity_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('address_sealed', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('serial', 'varchar(64)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(32)')
    .addColumn('activated_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('token_orders_status').on('token_orders').columns(['status', 'created_at']).execute();
  // at most one open order per identity
  await db.schema
    .createIndex('token_orders_one_open')
    .unique()
    .on('token_orders')
    .column('identity_id')
    .where(sql<boolean>`status in ('ordered', 'sent')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('token_orders').execute();
}
