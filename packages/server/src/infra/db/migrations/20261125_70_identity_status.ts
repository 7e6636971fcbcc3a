/** Identity status for the login: active, suspended or blocked (the last two refuse every login). Frozen: never edit once shipped; add a new migration. */
/* eslint-disable @typescript-eslint/no-explicit-any -- a migration sees the schema as it was on its date, not today's Database */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('identities').addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('identities').dropColumn('status').execute();
}
