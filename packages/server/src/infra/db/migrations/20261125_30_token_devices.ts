/** Code displays and code readers (TOTP devices) from the maker's seed files. Frozen: never edit once shipped; add a new migration. */
/* eslint-disable @typescript-eslint/no-explicit-any -- a migration sees the schema as it was on its date, not today's Database */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('token_devices')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('serial', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('manufacturer', 'varchar(128)')
    .addColumn('model', 'varchar(128)')
    .addColumn('digits', 'integer', (c) => c.notNull())
    .addColumn('period', 'integer', (c) => c.notNull())
    .addColumn('hash', 'varchar(16)', (c) => c.notNull())
    .addColumn('t0', 'bigint', (c) => c.notNull())
    .addColumn('seed_sealed', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('drift', 'integer', (c) => c.notNull())
    .addColumn('last_step', 'bigint')
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('identity_id', 'varchar(64)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('activated_at', 'varchar(32)')
    .execute();
  // One code display or code reader per identity, held by the database so two servers racing cannot both assign one.
  await db.schema
    .createIndex('token_devices_one_per_identity')
    .unique()
    .on('token_devices')
    .column('identity_id')
    .where(sql<boolean>`identity_id is not null and status <> 'revoked'`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('token_devices').execute();
}
