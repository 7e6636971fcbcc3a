/**
 * The face step through its port (a stand-in verifier: the real engine is the face
 * issue's), and two requests racing for one step of one flow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDg2 } from '@openmitid/mrtd';
import { EnrolmentClient } from '../../app/src/enrolment/index.js';
import type { FaceVerifier, FaceVerifyInput, LivenessChallenge } from '../src/proofing/face/port.js';
import { stores, type TestStore } from './support/db.js';
import { startTestServer, testKit, testPerson, type Kit, type TestServer } from './support/enrolment.js';
import { driveTo, expectCode } from './support/client.js';

/** Passes when the first frame equals the chip photo; records what it was asked. */
class StandInVerifier implements FaceVerifier {
  readonly calls: FaceVerifyInput[] = [];
  newChallenge(random: (n: number) => Uint8Array, now: Date): LivenessChallenge {
    return { nonce: Buffer.from(random(16)).toString('base64url'), steps: ['turn-left', 'look-up'], issuedAt: now.toISOString() };
  }
  async verify(input: FaceVerifyInput) {
    this.calls.push(input);
    const same = input.frames[0] !== undefined && Buffer.from(input.frames[0]).equals(Buffer.from(input.chipPhoto));
    const nonceOk = input.nonce === input.challenge.nonce;
    const passed = same && nonceOk;
    return {
      passed,
      ...(passed ? {} : { code: nonceOk ? ('FACE_NO_MATCH' as const) : ('LIVENESS_NONCE_MISMATCH' as const) }),
      score: same ? 0.9 : 0.1,
      threshold: 0.5,
      liveness: { passed: nonceOk },
      modelVersion: 'stand-in',
      retryable: false,
    };
  }
}

describe.each(stores)('face step and step races on $name', (kind) => {
  let store: TestStore;
  let kit: Kit;
  let t: TestServer;
  const face = new StandInVerifier();
  let n = 700;
  const person = async () => {
    const p = testPerson(n++);
    await t.seed(p);
    return p;
  };

  beforeAll(async () => {
    store = await kind.open();
    kit = testKit();
    t = await startTestServer(store, kit, { config: { faceDevBypass: false }, overrides: { face } });
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('compares the live frames with the DG2 photo under a single-use challenge', async () => {
    const { client, passport } = await driveTo(t, kit, await person(), 'chip');
    const photo = decodeDg2(passport.issued.files.get('DG2')!).faces[0]!.image;
    expect(await expectCode(client.submitFace([photo], 'x'))).toBe('FACE_CHALLENGE_MISSING');

    const first = await client.faceChallenge();
    expect((first.challenge as LivenessChallenge).steps).toEqual(['turn-left', 'look-up']);
    const refused = await client.submitFace([Uint8Array.of(1, 2, 3)], first.nonce).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'FACE_REJECTED', details: { reason: 'FACE_NO_MATCH', retryable: false } });
    // the refused attempt used the challenge up
    expect(await expectCode(client.submitFace([photo], first.nonce))).toBe('FACE_CHALLENGE_MISSING');

    const second = await client.faceChallenge();
    const done = await client.submitFace([photo], second.nonce);
    expect(done.state).toBe('face_verified');
    expect(done.proofing).toBe('verified');
    expect(Buffer.from(face.calls.at(-1)!.chipPhoto).equals(Buffer.from(photo))).toBe(true);
    // the photo is not kept once the comparison is done
    const row = await store.db.selectFrom('flows').select('data').where('id', '=', client.flow.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.data)).not.toHaveProperty('dg2Sealed');
  });

  it('lets exactly one of two simultaneous requests for the same step through', async () => {
    const c = await EnrolmentClient.start({ baseUrl: t.baseUrl });
    const twin = await EnrolmentClient.resume({ baseUrl: t.baseUrl }, c.flow.id);
    const codes = await Promise.all([expectCode(c.acceptTerms()), expectCode(twin.acceptTerms())]);
    expect(codes.filter((x) => x === 'NO_ERROR')).toHaveLength(1);
    expect(['FLOW_CONFLICT', 'FLOW_STEP_REPEATED']).toContain(codes.find((x) => x !== 'NO_ERROR'));
    const row = await store.db.selectFrom('flows').select(['state', 'version']).where('id', '=', c.flow.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'terms_accepted', version: 2 });
  });
});
