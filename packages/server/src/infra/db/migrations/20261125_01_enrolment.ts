/** Flows, the person register, identities and user-ID claims. Frozen: never edit once shipped; add a new migration. */
/* eslint-disable @typescript-eslint/no-explicit-any -- a migration sees the schema as it was on its date, not today's Database */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('flows')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('state', 'varchar(32)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('flows_expires_at').on('flows').column('expires_at').execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('person_number_sealed', 'text', (c) => c.notNull())
    .addColumn('person_number_hash', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('person_documents')
    .addColumn('match_hash', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('person_id', 'varchar(64)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('identities')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('person_id', 'varchar(64)', (c) => c.notNull().unique().references('people.id'))
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id_key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('proofing', 'varchar(16)', (c) => c.notNull())
    .addColumn('given_names_sealed', 'text', (c) => c.notNull())
    .addColumn('surname_sealed', 'text', (c) => c.notNull())
    .addColumn('birth_date_sealed', 'text', (c) => c.notNull())
    .addColumn('document_number_sealed', 'text', (c) => c.notNull())
    .addColumn('document_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('nationality', 'varchar(3)', (c) => c.notNull())
    .addColumn('phone_sealed', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('terms_version', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('identities_phone_hash').on('identities').column('phone_hash').execute();
  await db.schema.createIndex('identities_document_hash').on('identities').column('document_hash').execute();

  await db.schema
    .createTable('user_id_claims')
    .addColumn('user_id_key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('flow_id', 'varchar(64)')
    .addColumn('identity_id', 'varchar(64)', (c) => c.references('identities.id').onDelete('cascade'))
    .addColumn('expires_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_id_claims_flow_id').on('user_id_claims').column('flow_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_id_claims').execute();
  await db.schema.dropTable('identities').execute();
  await db.schema.dropTable('person_documents').execute();
  await db.schema.dropTable('people').execute();
  await db.schema.dropTable('flows').execute();
}
