/**
 * The face step's limits and record, over HTTP with a stand-in verifier (the real engine is in
 * face-enrolment-e2e.test.ts): failed attempts counted in the flow's stored row until the flow
 * ends, a challenge that expires and is used once, frames of another flow's challenge refused,
 * the proofing record (scores, no images unless retention is on) and the identity's link to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDg2 } from '@openmitid/mrtd';
import { EnrolmentClient } from '../../app/src/enrolment/index.js';
import type { FaceVerifier, FaceVerifyInput, LivenessChallenge } from '../src/proofing/face/port.js';
import { purgeExpiredFaceImages, retainedFaceImages } from '../src/proofing/face/record.js';
import { stores, type TestStore } from './support/db.js';
import { startTestServer, testKit, testPerson, type Kit, type TestServer } from './support/enrolment.js';
import { driveTo, expectCode } from './support/client.js';

/** Passes when the first frame is the chip photo; answers with fixed scores it can be checked against. */
class StandInVerifier implements FaceVerifier {
  newChallenge(random: (n: number) => Uint8Array, now: Date): LivenessChallenge {
    return { nonce: Buffer.from(random(16)).toString('base64url'), steps: ['turn-left', 'closer'], issuedAt: now.toISOString() };
  }
  async verify(input: FaceVerifyInput) {
    const nonceOk = input.nonce === input.challenge.nonce;
    const same = nonceOk && input.frames[0] !== undefined && Buffer.from(input.frames[0]).equals(Buffer.from(input.chipPhoto));
    const code = !nonceOk ? ('LIVENESS_NONCE_MISMATCH' as const) : same ? undefined : ('FACE_NO_MATCH' as const);
    return {
      passed: code === undefined,
      ...(code ? { code } : {}),
      score: same ? 0.91 : 0.12,
      threshold: 0.5,
      liveness: nonceOk ? { passed: true, antispoof: 0.25, live: 0.75 } : { passed: false, code: 'LIVENESS_NONCE_MISMATCH' as const },
      modelVersion: 'stand-in/1',
      retryable: false,
    };
  }
}

const face = new StandInVerifier();
const photoOf = (d: Awaited<ReturnType<typeof driveTo>>) => decodeDg2(d.passport.issued.files.get('DG2')!).faces[0]!.image;
const wrong = Uint8Array.of(1, 2, 3);

describe.each(stores)('face limits and proofing record on $name', (kind) => {
  let store: TestStore;
  let kit: Kit;
  let t: TestServer;
  let n = 7100;
  const atChip = async () => {
    const p = testPerson(n++);
    await t.seed(p);
    return { ...(await driveTo(t, kit, p, 'chip')), person: p };
  };
  const rows = (flowId: string) => store.db.selectFrom('face_proofings').selectAll().where('flow_id', '=', flowId).orderBy('attempt').execute();

  beforeAll(async () => {
    store = await kind.open();
    kit = testKit();
    t = await startTestServer(store, kit, { config: { faceDevBypass: false, faceMaxAttempts: 3 }, overrides: { face } });
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('ends the flow after the configured number of failed attempts, counted across a restart', async () => {
    const { client } = await atChip();
    for (const left of [2, 1]) {
      const c = await client.faceChallenge();
      const e = await client.submitFace([wrong], c.nonce).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'FACE_REJECTED', details: { reason: 'FACE_NO_MATCH', attemptsLeft: left } });
    }
    // a restart keeps the count: it lives in the flow's row, not in memory
    const clock = t.clock;
    await t.close();
    t = await startTestServer(store, kit, { clock, config: { faceDevBypass: false, faceMaxAttempts: 3 }, overrides: { face } });
    const again = await EnrolmentClient.resume({ baseUrl: t.baseUrl }, client.flow.id);
    const c = await again.faceChallenge();
    const e = await again.submitFace([wrong], c.nonce).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'FACE_ATTEMPTS_EXHAUSTED', status: 422, details: { reason: 'FACE_NO_MATCH', attempts: 3 } });

    // terminal: no further challenge, no other step
    expect(await expectCode(again.faceChallenge())).toBe('FACE_ATTEMPTS_EXHAUSTED');
    expect(await expectCode(again.chooseUserId('someone else'))).toBe('FACE_ATTEMPTS_EXHAUSTED');
    const row = await store.db.selectFrom('flows').select(['data', 'state']).where('id', '=', client.flow.id).executeTakeFirstOrThrow();
    const data = JSON.parse(row.data) as Record<string, unknown>;
    expect(row.state).toBe('chip_verified');
    expect(data).toMatchObject({ faceAttempts: 3, endedWith: 'FACE_ATTEMPTS_EXHAUSTED' });
    // the sealed photo and MRZ are not kept for a flow that cannot go on
    expect(data).not.toHaveProperty('dg2Sealed');
    expect(data).not.toHaveProperty('mrzSealed');
    const recorded = await rows(client.flow.id);
    expect(recorded.map((r) => [r.attempt, r.passed, r.code])).toEqual([
      [1, 0, 'FACE_NO_MATCH'],
      [2, 0, 'FACE_NO_MATCH'],
      [3, 0, 'FACE_NO_MATCH'],
    ]);
  });

  it('refuses an expired challenge and uses it up', async () => {
    const d = await atChip();
    const c = await d.client.faceChallenge();
    expect((c.challenge as LivenessChallenge).expiresAt).toBe(new Date(t.clock.now().getTime() + t.config.faceChallengeTtlSeconds * 1000).toISOString());
    t.clock.advance(t.config.faceChallengeTtlSeconds);
    expect(await expectCode(d.client.submitFace([photoOf(d)], c.nonce))).toBe('FACE_CHALLENGE_EXPIRED');
    expect(await expectCode(d.client.submitFace([photoOf(d)], c.nonce))).toBe('FACE_CHALLENGE_MISSING');
    // expiry is not a failed attempt: nothing was compared
    expect(await rows(d.client.flow.id)).toHaveLength(0);
    const fresh = await d.client.faceChallenge();
    expect((await d.client.submitFace([photoOf(d)], fresh.nonce)).state).toBe('face_verified');
  });

  it("refuses frames answering an older challenge or another flow's challenge", async () => {
    const a = await atChip();
    const b = await atChip();
    const old = await a.client.faceChallenge();
    const current = await a.client.faceChallenge();
    expect(old.nonce).not.toBe(current.nonce);
    const stale = await a.client.submitFace([photoOf(a)], old.nonce).catch((x: unknown) => x);
    expect(stale).toMatchObject({ code: 'FACE_REJECTED', details: { reason: 'LIVENESS_NONCE_MISMATCH', attemptsLeft: 2 } });

    const theirs = await b.client.faceChallenge();
    await a.client.faceChallenge();
    const crossed = await a.client.submitFace([photoOf(a)], theirs.nonce).catch((x: unknown) => x);
    expect(crossed).toMatchObject({ code: 'FACE_REJECTED', details: { reason: 'LIVENESS_NONCE_MISMATCH' } });
    // b's challenge is untouched by a's misuse of its nonce
    expect((await b.client.submitFace([photoOf(b)], theirs.nonce)).state).toBe('face_verified');
  });

  it('records scores, liveness and model version but no images, and the identity rests on that record', async () => {
    const d = await atChip();
    const c1 = await d.client.faceChallenge();
    await d.client.submitFace([wrong], c1.nonce).catch(() => undefined);
    const c2 = await d.client.faceChallenge();
    await d.client.submitFace([photoOf(d)], c2.nonce);
    const recorded = await rows(d.client.flow.id);
    expect(recorded).toHaveLength(2);
    expect(recorded[1]).toMatchObject({
      attempt: 2,
      passed: 1,
      code: null,
      score: 0.91,
      threshold: 0.5,
      liveness_passed: 1,
      liveness_code: null,
      antispoof: 0.25,
      live: 0.75,
      model_version: 'stand-in/1',
      images_sealed: null,
      images_expire_at: null,
    });
    expect(recorded[1]!.person_id).toBeTruthy();

    await d.client.chooseUserId(`face user ${d.person.documentNumber}`);
    await d.client.sendPhoneCode('+4520007100');
    const done = await d.client.verifyPhoneCode(t.sms.lastCode('+4520007100'));
    expect(done.state).toBe('completed');
    const identity = await store.db.selectFrom('identities').select(['proofing', 'proofing_id']).where('id', '=', done.identityId!).executeTakeFirstOrThrow();
    expect(identity).toEqual({ proofing: 'verified', proofing_id: recorded[1]!.id });
  });
});

describe('face image retention (sqlite)', () => {
  let store: TestStore;
  let kit: Kit;
  let t: TestServer;

  beforeAll(async () => {
    store = await stores[0]!.open();
    kit = testKit();
    t = await startTestServer(store, kit, { config: { faceDevBypass: false, faceRetainImages: true, faceImageRetentionDays: 7 }, overrides: { face } });
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('keeps the images sealed for the retention period when asked to, then erases them but not the scores', async () => {
    const p = testPerson(7190);
    await t.seed(p);
    const d = await driveTo(t, kit, p, 'chip');
    const c = await d.client.faceChallenge();
    const frames = [photoOf(d), Uint8Array.of(9, 8, 7)];
    await d.client.submitFace(frames, c.nonce);
    const row = await store.db.selectFrom('face_proofings').selectAll().where('flow_id', '=', d.client.flow.id).executeTakeFirstOrThrow();
    expect(row.images_expire_at).toBe(new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString());
    // sealed: the photo's bytes do not appear in the column
    expect(row.images_sealed).not.toContain(Buffer.from(photoOf(d)).toString('base64').slice(0, 40));
    const kept = await retainedFaceImages(store.db, t.server.services.pii, row.id);
    expect(kept?.frames.map((f) => Buffer.from(f).toString('hex'))).toEqual(frames.map((f) => Buffer.from(f).toString('hex')));
    expect(Buffer.from(kept!.chipPhoto).equals(Buffer.from(photoOf(d)))).toBe(true);

    expect(await purgeExpiredFaceImages(store.db, new Date(t.clock.now().getTime() + 6 * 86_400_000))).toBe(0);
    expect(await purgeExpiredFaceImages(store.db, new Date(t.clock.now().getTime() + 7 * 86_400_000))).toBe(1);
    const after = await store.db.selectFrom('face_proofings').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ images_sealed: null, images_expire_at: null, passed: 1, score: 0.91 });
    expect(await retainedFaceImages(store.db, t.server.services.pii, row.id)).toBeUndefined();
  });
});
