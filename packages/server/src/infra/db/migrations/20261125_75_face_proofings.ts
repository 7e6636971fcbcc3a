/** Face: one proofing record per face attempt, and the identity's link to the proofing it rests on. Frozen: never edit once shipped; add a new migration. */
/* eslint-disable @typescript-eslint/no-explicit-any -- a migration sees the schema as it was on its date, not today's Database */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('face_proofings')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('flow_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(64)')
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('code', 'varchar(48)')
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('threshold', 'real', (c) => c.notNull())
    .addColumn('liveness_passed', 'integer', (c) => c.notNull())
    .addColumn('liveness_code', 'varchar(48)')
    .addColumn('antispoof', 'real')
    .addColumn('live', 'real')
    .addColumn('model_version', 'varchar(200)', (c) => c.notNull())
    .addColumn('images_sealed', 'text')
    .addColumn('images_expire_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('face_proofings_flow_id').on('face_proofings').column('flow_id').execute();
  await db.schema.createIndex('face_proofings_images_expire_at').on('face_proofings').column('images_expire_at').execute();
  await db.schema.alterTable('identities').addColumn('proofing_id', 'varchar(64)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('identities').dropColumn('proofing_id').execute();
  await db.schema.dropTable('face_proofings').execute();
}
