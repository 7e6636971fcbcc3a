/** The app authenticator: apps, PIN checks in progress, temporary PINs, copy sessions. Frozen: never edit once shipped; add a new migration. */
/* eslint-disable @typescript-eslint/no-explicit-any -- a migration sees the schema as it was on its date, not today's Database */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_authenticators')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('identity_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('public_key_spki', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('biometrics', 'integer', (c) => c.notNull())
    .addColumn('push_subscription', 'text')
    .addColumn('pin_record', 'text')
    .addColumn('pin_failures', 'integer', (c) => c.notNull())
    .addColumn('pin_locked_until', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('activated_at', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('app_authenticators_identity').on('app_authenticators').columns(['identity_id', 'status']).execute();

  // One row per identity; activations upsert it first, which takes a row (PostgreSQL) or write
  // (SQLite) lock, so two activations for one identity run one after the other.
  await db.schema
    .createTable('identity_authenticator_changes')
    .addColumn('identity_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('last_change_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('app_pin_logins')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull().references('app_authenticators.id').onDelete('cascade'))
    .addColumn('purpose', 'varchar(32)', (c) => c.notNull())
    .addColumn('server_state', 'text', (c) => c.notNull())
    .addColumn('nonce', 'varchar(64)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('app_pin_logins_expires_at').on('app_pin_logins').column('expires_at').execute();

  await db.schema
    .createTable('app_temp_pins')
    .addColumn('subject', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('code_mac', 'varchar(64)', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('app_copy_sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('identity_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('source_app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('secret', 'varchar(64)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('app_copy_sessions_expires_at').on('app_copy_sessions').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('app_copy_sessions').execute();
  await db.schema.dropTable('app_temp_pins').execute();
  await db.schema.dropTable('app_pin_logins').execute();
  await db.schema.dropTable('identity_authenticator_changes').execute();
  await db.schema.dropTable('app_authenticators').execute();
}
