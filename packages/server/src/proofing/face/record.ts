/**
 * The proofing record of a face attempt (issue 7 §6): what the decision rested on — match score,
 * threshold, liveness verdict with the passive scores, model version — so it can be reviewed
 * without keeping anyone's face. Images are kept only when the operator asks for it, sealed,
 * and erased after the retention period.
 */
import type { Kysely } from 'kysely';
import type { RandomSource } from '@openmitid/mrtd';
import type { Database } from '../../infra/db/schema.js';
import type { PiiCipher } from '../../infra/pii/index.js';
import { newId } from '../../infra/ids.js';
import type { FaceVerdict } from './port.js';

export interface FaceAttemptRecord {
  flowId: string;
  personId?: string;
  /** 1 for the flow's first attempt */
  attempt: number;
  verdict: FaceVerdict;
  /** present only when images are to be retained */
  images?: { chipPhoto: Uint8Array; frames: Uint8Array[]; retentionDays: number };
}

const imagesContext = (id: string) => `face_proofings.images:${id}`;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Writes the record inside the caller's transaction; returns its id. */
export async function recordFaceAttempt(trx: Kysely<Database>, pii: PiiCipher, random: RandomSource, input: FaceAttemptRecord, now: Date): Promise<string> {
  const id = newId(random);
  const { verdict, images } = input;
  await trx
    .insertInto('face_proofings')
    .values({
      id,
      flow_id: input.flowId,
      person_id: input.personId ?? null,
      attempt: input.attempt,
      passed: verdict.passed ? 1 : 0,
      code: verdict.code ?? null,
      score: verdict.score,
      threshold: verdict.threshold,
      liveness_passed: verdict.liveness.passed ? 1 : 0,
      liveness_code: verdict.liveness.code ?? null,
      antispoof: verdict.liveness.antispoof ?? null,
      live: verdict.liveness.live ?? null,
      model_version: verdict.modelVersion,
      images_sealed: images ? pii.encrypt(JSON.stringify({ chipPhoto: b64(images.chipPhoto), frames: images.frames.map(b64) }), imagesContext(id)) : null,
      images_expire_at: images ? new Date(now.getTime() + images.retentionDays * 86_400_000).toISOString() : null,
      created_at: now.toISOString(),
    })
    .execute();
  return id;
}

/** The retained images of a record (for review), or undefined when none are kept. */
export async function retainedFaceImages(db: Kysely<Database>, pii: PiiCipher, id: string): Promise<{ chipPhoto: Uint8Array; frames: Uint8Array[] } | undefined> {
  const row = await db.selectFrom('face_proofings').select('images_sealed').where('id', '=', id).executeTakeFirst();
  if (!row?.images_sealed) return undefined;
  const parsed = JSON.parse(pii.decrypt(row.images_sealed, imagesContext(id))) as { chipPhoto: string; frames: string[] };
  const bytes = (t: string) => new Uint8Array(Buffer.from(t, 'base64'));
  return { chipPhoto: bytes(parsed.chipPhoto), frames: parsed.frames.map(bytes) };
}

/** Erases retained images past their period; the scores stay. Returns how many records lost their images. */
export async function purgeExpiredFaceImages(db: Kysely<Database>, now: Date): Promise<number> {
  const r = await db
    .updateTable('face_proofings')
    .set({ images_sealed: null, images_expire_at: null })
    .where('images_expire_at', '<=', now.toISOString())
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Marks the identity as resting on this proofing (inside the enrolment's final transaction). */
export async function linkIdentityProofing(trx: Kysely<Database>, identityId: string, proofingId: string | undefined): Promise<void> {
  await trx.updateTable('identities').set({ proofing_id: proofingId ?? null }).where('id', '=', identityId).execute();
}
