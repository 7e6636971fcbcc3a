/** The OpenID Connect provider's storage, its keys and the registered clients. Frozen: never edit once shipped; add a new migration. */
/* eslint-disable @typescript-eslint/no-explicit-any -- a migration sees the schema as it was on its date, not today's Database */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('oidc_payloads')
    .addColumn('model', 'varchar(48)', (c) => c.notNull())
    .addColumn('id', 'varchar(255)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'varchar(255)')
    .addColumn('user_code', 'varchar(255)')
    .addColumn('uid', 'varchar(255)')
    .addColumn('expires_at', 'varchar(32)')
    .addColumn('consumed_at', 'bigint')
    .addPrimaryKeyConstraint('oidc_payloads_pk', ['model', 'id'])
    .execute();
  await db.schema.createIndex('oidc_payloads_grant').on('oidc_payloads').columns(['model', 'grant_id']).execute();
  await db.schema.createIndex('oidc_payloads_uid').on('oidc_payloads').columns(['model', 'uid']).execute();
  await db.schema.createIndex('oidc_payloads_user_code').on('oidc_payloads').columns(['model', 'user_code']).execute();
  await db.schema.createIndex('oidc_payloads_expiry').on('oidc_payloads').column('expires_at').execute();

  await db.schema
    .createTable('oidc_keys')
    .addColumn('kid', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('use', 'varchar(16)', (c) => c.notNull())
    .addColumn('alg', 'varchar(16)', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('private_sealed', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('retires_at', 'varchar(32)')
    // two instances starting on an empty table race to create generation 1: only one row wins
    .addUniqueConstraint('oidc_keys_generation', ['use', 'alg', 'generation'])
    .execute();

  await db.schema
    .createTable('oidc_clients')
    .addColumn('client_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('secret_sealed', 'text')
    .addColumn('redirect_uris', 'text', (c) => c.notNull())
    .addColumn('post_logout_redirect_uris', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('id_token_alg', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('oidc_clients').execute();
  await db.schema.dropTable('oidc_keys').execute();
  await db.schema.dropTable('oidc_payloads').execute();
}
