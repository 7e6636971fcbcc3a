/**
 * The proofing half of enrolment: terms → country → MRZ → chip → face. Each function is
 * one step's work for the runner; none writes outside it.
 */
import { decodeDg1, decodeDg2, equalBytes, mrzKeyFromMrz, parseMrz, checkMrzPolicy, type LdsFileName, type Mrz, type MrzKey } from '@openmitid/mrtd';
import type { MrzKeyInput } from '@openmitid/api';
import type { Kysely } from 'kysely';
import type { Database } from '../../infra/db/schema.js';
import type { Services } from '../../services.js';
import { ApiError } from '../../errors.js';
import type { ChipEvidence } from '../../proofing/document.js';
import type { LivenessChallenge } from '../../proofing/face/port.js';
import { recordFaceAttempt } from '../../proofing/face/record.js';
import { advance, type EnrolmentFlow } from './flow.js';
import { asRefusal } from './errors.js';
import { checkTypedKey, keyMatches } from './mrz-key.js';
import type { StepOutcome } from './runner.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

export function termsStep(s: Services, termsVersion: string) {
  return async (flow: EnrolmentFlow, now: Date): Promise<StepOutcome> => {
    if (termsVersion !== s.config.termsVersion) throw new ApiError('TERMS_VERSION_MISMATCH', 'terms version is not the current one', { termsVersion: s.config.termsVersion });
    return { next: advance(flow, 'terms_accepted', { termsVersion }, now) };
  };
}

export function countryStep(s: Services, country: string) {
  return async (flow: EnrolmentFlow, now: Date): Promise<StepOutcome> => {
    const offered = s.config.countries.find((c) => c.code === country.toUpperCase());
    if (!offered) throw new ApiError('COUNTRY_NOT_OFFERED', 'country not offered');
    return { next: advance(flow, 'country_chosen', { country: offered.code }, now) };
  };
}

/** The scanned MRZ of a flow past the MRZ step. */
export function scannedMrz(s: Services, flow: EnrolmentFlow): Mrz {
  if (!flow.data.mrzSealed) throw new ApiError('FLOW_STEP_OUT_OF_ORDER', 'no MRZ in this flow');
  return parseMrz(JSON.parse(s.pii.decrypt(flow.data.mrzSealed, `flows.mrz:${flow.id}`)) as string[]);
}

/** The issuers the flow's chosen country allows: its passports carry that one code. */
function allowedIssuers(s: Services, flow: EnrolmentFlow): string[] {
  const chosen = s.config.countries.find((c) => c.code === flow.data.country);
  return s.config.allowedIssuers.filter((i) => !chosen || i === chosen.mrzIssuer);
}

/** The access key typed by hand, of a flow whose MRZ step took the key variant. */
function typedKey(s: Services, flow: EnrolmentFlow): MrzKey | undefined {
  if (!flow.data.mrzKeySealed) return undefined;
  return JSON.parse(s.pii.decrypt(flow.data.mrzKeySealed, `flows.mrz-key:${flow.id}`)) as MrzKey;
}

/** Either the MRZ lines the camera read, or the access key typed by hand (issue 6: manual entry). */
export type MrzStepInput = { lines: string[] } | { key: MrzKeyInput };

export function mrzStep(s: Services, input: MrzStepInput) {
  return async (flow: EnrolmentFlow, now: Date): Promise<StepOutcome> => {
    // Doc 9303 Part 11 §6.1: the terminal's 8-byte random challenge, fresh per flow
    const aaChallenge = b64(s.random(8));
    if ('key' in input) {
      // no issuer in a typed key: the issuer policy runs on the chip's DG1 at the chip step
      const key = checkTypedKey(input.key, now);
      return { next: advance(flow, 'mrz_scanned', { mrzKeySealed: s.pii.encrypt(JSON.stringify(key), `flows.mrz-key:${flow.id}`), aaChallenge }, now) };
    }
    let mrz: Mrz;
    try {
      mrz = parseMrz(input.lines);
      checkMrzPolicy(mrz, { now, allowedIssuers: allowedIssuers(s, flow) });
    } catch (e) {
      asRefusal(e);
    }
    return { next: advance(flow, 'mrz_scanned', { mrzSealed: s.pii.encrypt(JSON.stringify(mrz.lines), `flows.mrz:${flow.id}`), aaChallenge }, now) };
  };
}

/** What the server needs to drive the chip itself (mode B). */
export function chipAccess(s: Services, flow: EnrolmentFlow): { key: MrzKey; challenge: Uint8Array } {
  return { key: typedKey(s, flow) ?? mrzKeyFromMrz(scannedMrz(s, flow)), challenge: unb64(flow.data.aaChallenge ?? '') };
}

/**
 * The MRZ the chip step holds the chip to. Scanned lines are compared with DG1 whole; for a typed
 * key, DG1 itself (genuine once passive authentication passes) becomes the MRZ, and chipStep then
 * matches its key fields with what was typed and applies the issuer policy the scan would have.
 */
function expectedMrzOf(s: Services, flow: EnrolmentFlow, dg1: Uint8Array): { mrz: Mrz; fromChip: boolean } {
  const key = typedKey(s, flow);
  if (!key) return { mrz: scannedMrz(s, flow), fromChip: false };
  let mrz: Mrz;
  try {
    mrz = parseMrz(decodeDg1(dg1).lines);
  } catch (e) {
    asRefusal(e);
  }
  return { mrz, fromChip: true };
}

/** Both chip modes end here: decide on the evidence, find the person, keep the photo for the face step. */
export function chipStep(s: Services, evidence: ChipEvidence) {
  return async (flow: EnrolmentFlow, now: Date): Promise<StepOutcome> => {
    const challenge = unb64(flow.data.aaChallenge ?? '');
    const answer = evidence.activeAuthentication;
    // An answer to another flow's challenge is a replay, whatever its signature.
    if (answer && !equalBytes(answer.challenge, challenge)) throw new ApiError('AA_CHALLENGE_MISMATCH', 'Active Authentication answered another challenge');
    for (const required of ['SOD', 'DG1', 'DG2'] as LdsFileName[]) {
      if (!evidence.files.has(required)) throw new ApiError('CHIP_FILES_MISSING', `${required} missing`, { file: required });
    }
    const { mrz, fromChip } = expectedMrzOf(s, flow, evidence.files.get('DG1')!);
    const result = s.checkDocument({
      files: evidence.files,
      expectedMrz: mrz.lines,
      ...(answer ? { activeAuthentication: { challenge, signature: answer.signature } } : {}),
      now,
    });
    if (fromChip) {
      // after passive authentication, so a forgery is refused by its own code first
      if (!keyMatches(typedKey(s, flow)!, mrzKeyFromMrz(mrz))) throw new ApiError('CHIP_MRZ_MISMATCH', 'the chip is not the document whose data was typed');
      try {
        checkMrzPolicy(mrz, { now, allowedIssuers: allowedIssuers(s, flow) });
      } catch (e) {
        asRefusal(e);
      }
    }
    const person = await s.people.match(s.db, {
      documentNumber: mrz.documentNumber,
      dateOfBirth: mrz.dateOfBirth,
      surname: mrz.surname,
      givenNames: mrz.givenNames,
    });
    if (!person) throw new ApiError('PERSON_NOT_FOUND', 'document not in the person register');
    const dg2 = evidence.files.get('DG2')!;
    return {
      next: advance(
        flow,
        'chip_verified',
        {
          aaChallenge: undefined,
          // from here on the flow holds the MRZ either way: later steps read names from it
          ...(fromChip ? { mrzSealed: s.pii.encrypt(JSON.stringify(mrz.lines), `flows.mrz:${flow.id}`), mrzKeySealed: undefined } : {}),
          personId: person.personId,
          documentHash: s.pii.lookupHash(mrz.documentNumber, 'document-number'),
          dg2Sealed: s.pii.encrypt(b64(dg2), `flows.dg2:${flow.id}`),
          activeAuthentication: result.activeAuthentication,
        },
        now,
      ),
    };
  };
}

export function faceChallengeStep(s: Services, issued: (c: LivenessChallenge) => void) {
  return async (flow: EnrolmentFlow, now: Date): Promise<StepOutcome> => {
    if (!s.face) throw new ApiError('FACE_NOT_CONFIGURED', 'no face verifier configured');
    const challenge: LivenessChallenge = {
      ...s.face.newChallenge(s.random, now),
      expiresAt: new Date(now.getTime() + s.config.faceChallengeTtlSeconds * 1000).toISOString(),
    };
    // a new challenge replaces any outstanding one, so frames for the old one no longer fit
    issued(challenge);
    return { next: advance(flow, flow.state, { faceChallenge: challenge }, now) };
  };
}

export interface FaceLogger {
  warn(obj: object, msg: string): void;
}

export function faceStep(s: Services, log: FaceLogger, input: { frames: string[]; nonce: string }) {
  return async (flow: EnrolmentFlow, now: Date): Promise<StepOutcome> => {
    if (!s.face) {
      if (!s.config.faceDevBypass) throw new ApiError('FACE_NOT_CONFIGURED', 'no face verifier configured');
      log.warn({ flowId: flow.id }, 'FACE CHECK SKIPPED (OPENMITID_FACE_DEV_BYPASS): this identity is NOT verified — development only');
      return { next: advance(flow, 'face_verified', { proofing: 'unverified', dg2Sealed: undefined }, now) };
    }
    const challenge = flow.data.faceChallenge as LivenessChallenge | undefined;
    if (!challenge) throw new ApiError('FACE_CHALLENGE_MISSING', 'ask for a face challenge first');
    // the challenge is single use: whatever happens next, a retry needs a fresh one
    const used = advance(flow, flow.state, { faceChallenge: undefined }, now);
    const expiresAt = new Date(challenge.expiresAt ?? new Date(challenge.issuedAt).getTime() + s.config.faceChallengeTtlSeconds * 1000).getTime();
    // NaN (an unreadable date) counts as expired
    if (!(now.getTime() < expiresAt)) {
      return { next: used, refuse: new ApiError('FACE_CHALLENGE_EXPIRED', 'the face challenge has expired; ask for a new one', { ttlSeconds: s.config.faceChallengeTtlSeconds }) };
    }
    const dg2 = unb64(s.pii.decrypt(flow.data.dg2Sealed ?? '', `flows.dg2:${flow.id}`));
    const face = decodeDg2(dg2).faces[0];
    if (!face) throw new ApiError('CHIP_FILES_MISSING', 'DG2 holds no face');
    const frames = input.frames.map(unb64);
    // the verifier refuses frames answering another nonce (an older attempt's, another flow's)
    const verdict = await s.face.verify({ chipPhoto: face.image, frames, challenge, nonce: input.nonce });
    const failures = flow.data.faceAttempts ?? 0;
    const write = (trx: Kysely<Database>) =>
      recordFaceAttempt(
        trx,
        s.pii,
        s.random,
        {
          flowId: flow.id,
          ...(flow.data.personId ? { personId: flow.data.personId } : {}),
          attempt: failures + 1,
          verdict,
          ...(s.config.faceRetainImages ? { images: { chipPhoto: face.image, frames, retentionDays: s.config.faceImageRetentionDays } } : {}),
        },
        now,
      );
    if (!verdict.passed) {
      const attempts = failures + 1;
      const reason = verdict.code ?? 'FACE_NO_MATCH';
      const exhausted = attempts >= s.config.faceMaxAttempts;
      // the last failure ends the flow; what it held only for proofing goes with it
      const patch: Partial<EnrolmentFlow['data']> = exhausted
        ? { faceAttempts: attempts, endedWith: 'FACE_ATTEMPTS_EXHAUSTED', dg2Sealed: undefined, mrzSealed: undefined }
        : { faceAttempts: attempts };
      return {
        next: advance(used, used.state, patch, now),
        write: async (trx) => void (await write(trx)),
        refuse: exhausted
          ? new ApiError('FACE_ATTEMPTS_EXHAUSTED', 'too many failed face attempts; this enrolment has ended', { reason, attempts })
          : new ApiError('FACE_REJECTED', 'face not accepted', { reason, retryable: verdict.retryable, attemptsLeft: s.config.faceMaxAttempts - attempts }),
      };
    }
    // the photo was needed only for this comparison
    return {
      next: advance(used, 'face_verified', { proofing: 'verified', dg2Sealed: undefined }, now),
      write: async (trx) => ({ proofingId: await write(trx) }),
    };
  };
}
