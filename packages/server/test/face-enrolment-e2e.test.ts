/**
 * A whole enrolment over HTTP with the real face verifier (human on the WASM backend, loaded once
 * for this file) answering a challenge the server picked at random.
 *
 * Person X = p04: the chip photo is p04/img16 re-encoded by the issuer as a ≈15 KB JPEG 2000
 * (mrtd's chipPhoto), the camera frames are made from p04/img17 (frontal) and p04/img61 (head
 * turned; mirrored for the other side), as face-liveness.test.ts makes them. Person Y = p05:
 * p05/img37 at rest, p05/img34 turned (with img35 as the rest frame the model does not find the
 * turned face the same person's, LIVENESS_PERSON_CHANGED; img37's face is too small to step back
 * from, so Y is not asked to move further). The photos allow turns and distance but not looking
 * up or down, so the test asks for fresh challenges (not attempts: nothing is compared) until one
 * has only steps it can act out, and the head-turn threshold is lowered to 0.12 rad as in that file.
 * The device side is the app's own faceSubmission, which orders the frames per step.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuePassport, VirtualChip } from '@openmitid/mrtd';
import { EnrolmentClient } from '../../app/src/enrolment/index.js';
import { faceSubmission, parseFaceChallenge, type CapturedFrame, type FaceChallenge, type LivenessStep } from '../../app/src/face/capture.js';
import { chipPhoto } from '../../mrtd/test/support/chip-photo.js';
import { createFaceVerifier } from '../src/proofing/face/port.js';
import { stores, type TestStore } from './support/db.js';
import { startTestServer, testKit, testPerson, type Kit, type TestPerson, type TestServer } from './support/enrolment.js';
import { expectCode } from './support/client.js';
import { faceSource as source, facesDir, placeDetected as place } from './face-support.js';

type Pose = 'rest' | 'rest2' | 'turn-left' | 'turn-right' | 'closer' | 'further';
type Frames = Record<Pose, Uint8Array>;
const actableX: ReadonlySet<LivenessStep> = new Set(['turn-left', 'turn-right', 'closer', 'further']);
const actableY: ReadonlySet<LivenessStep> = new Set(['turn-left', 'turn-right', 'closer']);

async function framesOf(frontalName: string, turnedName: string): Promise<Frames> {
  const frontal = await source(frontalName);
  const turned = await source(turnedName);
  return {
    rest: await place(frontal, 0.25),
    rest2: await place(frontal, 0.26),
    closer: await place(frontal, 0.38),
    further: await place(frontal, 0.17),
    'turn-right': await place(turned, 0.25),
    'turn-left': await place(turned, 0.25, true),
  };
}

/** What the camera screen captures while it shows the prompts: a reference, then each step with a return to the centre. */
function capture(frames: Frames, challenge: FaceChallenge): CapturedFrame[] {
  const out: CapturedFrame[] = [{ image: frames.rest, prompt: 'rest', guidance: 'ok' }];
  challenge.steps.forEach((step, i) => {
    if (i > 0) out.push({ image: i % 2 ? frames.rest2 : frames.rest, prompt: 'rest' });
    out.push({ image: frames[step as Pose], prompt: step });
  });
  return out;
}

/** Fresh challenges until one holds only steps these photos can act out (a new challenge replaces the old). */
async function actableChallenge(client: EnrolmentClient, actable: ReadonlySet<LivenessStep>): Promise<FaceChallenge> {
  // at worst 1 challenge in 8 qualifies: 200 tries all fail with probability < 1e-11
  for (let i = 0; i < 200; i++) {
    const c = parseFaceChallenge((await client.faceChallenge()).challenge);
    if (c.steps.every((s) => actable.has(s))) return c;
  }
  throw new Error('no actable challenge in 200 tries');
}

// `opj_compress -h` exits 1, so only a failure to start means it is missing

describe('enrolment over HTTP with the real face verifier', () => {
  let store: TestStore;
  let kit: Kit;
  let t: TestServer;
  let photoX: Uint8Array;
  let x: Frames;
  let y: Frames;
  let n = 7300;

  const atChip = async (): Promise<{ client: EnrolmentClient; person: TestPerson }> => {
    const person = testPerson(n++);
    await t.seed(person);
    const issued = issuePassport({ mrz: person.mrz, photo: photoX, csca: kit.csca, now: t.clock.now() });
    const client = await EnrolmentClient.start({ baseUrl: t.baseUrl });
    await client.acceptTerms();
    await client.chooseCountry('DK');
    await client.scanMrz(person.mrz);
    await client.readChip(new VirtualChip({ files: issued.files, mrzKey: issued.mrzKey, ...(issued.aaPrivateKey ? { aaPrivateKey: issued.aaPrivateKey } : {}) }));
    return { client, person };
  };

  beforeAll(async () => {
    photoX = await chipPhoto(path.join(facesDir, 'p04/img16.jpg'), { format: 'jp2' });
    x = await framesOf('p04/img17.jpg', 'p04/img61.jpg');
    y = await framesOf('p05/img37.jpg', 'p05/img34.jpg');
    const face = await createFaceVerifier({ liveness: { yawTurn: 0.12 } });
    store = await stores[0]!.open();
    kit = testKit();
    t = await startTestServer(store, kit, { config: { faceDevBypass: false, faceMaxAttempts: 3 }, overrides: { face } });
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('the chip photo is a passport-sized JPEG 2000', () => {
    expect(Buffer.from(photoX.subarray(4, 8)).toString('latin1')).toBe('jP  ');
    expect(photoX.length).toBeGreaterThan(10_000);
    expect(photoX.length).toBeLessThan(20_000);
  });

  it('enrols person X: live frames of X answering the challenge pass, and the identity rests on the record', async () => {
    const { client, person } = await atChip();
    const challenge = await actableChallenge(client, actableX);
    const { frames, nonce } = faceSubmission(challenge, capture(x, challenge));
    const after = await client.submitFace(frames, nonce);
    expect(after).toMatchObject({ state: 'face_verified', proofing: 'verified' });

    const record = await store.db.selectFrom('face_proofings').selectAll().where('flow_id', '=', client.flow.id).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ attempt: 1, passed: 1, code: null, liveness_passed: 1, images_sealed: null });
    expect(record.score).toBeGreaterThanOrEqual(record.threshold);
    expect(record.model_version).toMatch(/^human-3\.3\.6\/faceres\//);
    expect(record.antispoof).toBeGreaterThanOrEqual(0);
    expect(record.live).toBeGreaterThanOrEqual(0);

    await client.chooseUserId(`face x ${person.documentNumber}`);
    await client.sendPhoneCode('+4520007300');
    const done = await client.verifyPhoneCode(t.sms.lastCode('+4520007300'));
    const identity = await store.db.selectFrom('identities').select(['proofing', 'proofing_id']).where('id', '=', done.identityId!).executeTakeFirstOrThrow();
    expect(identity).toEqual({ proofing: 'verified', proofing_id: record.id });
  }, 120_000);

  it("refuses person Y on X's passport with FACE_NO_MATCH, then ends the flow after the limit", async () => {
    const { client } = await atChip();
    for (const left of [2, 1]) {
      const challenge = await actableChallenge(client, actableY);
      const { frames, nonce } = faceSubmission(challenge, capture(y, challenge));
      const e = await client.submitFace(frames, nonce).catch((err: unknown) => err);
      expect(e).toMatchObject({ code: 'FACE_REJECTED', details: { reason: 'FACE_NO_MATCH', retryable: false, attemptsLeft: left } });
    }
    const challenge = await actableChallenge(client, actableY);
    const { frames, nonce } = faceSubmission(challenge, capture(y, challenge));
    const e = await client.submitFace(frames, nonce).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'FACE_ATTEMPTS_EXHAUSTED', details: { reason: 'FACE_NO_MATCH', attempts: 3 } });
    expect(await expectCode(client.faceChallenge())).toBe('FACE_ATTEMPTS_EXHAUSTED');

    const records = await store.db.selectFrom('face_proofings').selectAll().where('flow_id', '=', client.flow.id).orderBy('attempt').execute();
    expect(records.map((r) => [r.passed, r.code, r.liveness_passed])).toEqual([
      [0, 'FACE_NO_MATCH', 1],
      [0, 'FACE_NO_MATCH', 1],
      [0, 'FACE_NO_MATCH', 1],
    ]);
    for (const r of records) expect(r.score).toBeLessThan(r.threshold);
  }, 120_000);
});
