/** Attempt counters and throttles shared by every instance. Frozen: never edit once shipped; add a new migration. */
/* eslint-disable @typescript-eslint/no-explicit-any -- a migration sees the schema as it was on its date, not today's Database */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    // a hash of the key: the table never holds a phone number or a flow id in the clear
    .addColumn('key_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    // epoch milliseconds at which the current window ends
    .addColumn('reset_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_reset_at').on('rate_limits').column('reset_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}
