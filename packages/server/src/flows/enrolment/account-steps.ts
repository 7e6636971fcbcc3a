/**
 * The account half of enrolment, after proofing: user-ID → phone (send code, verify code)
 * → the identity exists.
 */
import type { Kysely } from 'kysely';
import { equalBytes } from '@openmitid/mrtd';
import type { Database } from '../../infra/db/schema.js';
import type { Services } from '../../services.js';
import { ApiError } from '../../errors.js';
import { checkUserIdRules, userIdKey } from '../../identity/user-id-rules.js';
import { claimUserId, isUserIdFree } from '../../identity/user-id-claims.js';
import { newPhoneCode, normalisePhone } from '../../identity/phone.js';
import { upsertIdentity } from '../../identity/identities.js';
import { linkIdentityProofing } from '../../proofing/face/record.js';
import { advance, type EnrolmentFlow } from './flow.js';
import { scannedMrz } from './proofing-steps.js';
import type { StepOutcome } from './runner.js';

async function personNumberOf(s: Services, flow: EnrolmentFlow): Promise<string> {
  const row = await s.db.selectFrom('people').select(['id', 'person_number_sealed']).where('id', '=', flow.data.personId ?? '').executeTakeFirst();
  if (!row) throw new ApiError('PERSON_NOT_FOUND', 'person left the register');
  return s.pii.decrypt(row.person_number_sealed, `people.person_number:${row.id}`);
}

async function limit(s: Services, db: Kysely<Database>, key: string, max: number, windowSeconds: number, now: Date, flowId: string) {
  const r = await s.limiter.hit(db, key, max, windowSeconds, now);
  if (r.allowed) return;
  await s.audit.append(db, { type: 'limit.reached', outcome: 'refused', code: 'RATE_LIMITED', flowId, details: { limit: key.split(':')[0] ?? 'limit' } }, now);
  throw new ApiError('RATE_LIMITED', 'too many attempts', { retryAfterSeconds: r.retryAfterSeconds });
}

/** Only inside a flow past proofing, and rate-limited per flow, so it cannot list users cheaply. */
export function userIdAvailabilityStep(s: Services, userId: string, answer: (available: boolean) => void) {
  return async (flow: EnrolmentFlow, now: Date): Promise<StepOutcome> => {
    await limit(s, s.db, `user-id-check:${flow.id}`, s.config.userIdChecksPerFlow, 3600, now, flow.id);
    checkUserIdRules(userId, await personNumberOf(s, flow));
    answer(await isUserIdFree(s.db, userIdKey(userId), flow.data.personId, now));
    return {};
  };
}

export function userIdStep(s: Services, userId: string) {
  return async (flow: EnrolmentFlow, now: Date): Promise<StepOutcome> => {
    checkUserIdRules(userId, await personNumberOf(s, flow));
    const key = userIdKey(userId);
    return {
      next: advance(flow, 'user_id_chosen', { userId }, now),
      write: async (trx) => {
        const held = await claimUserId(trx, { key, flowId: flow.id, personId: flow.data.personId ?? '', until: flow.expiresAt }, now);
        if (!held) throw new ApiError('USER_ID_TAKEN', 'user-ID taken');
      },
    };
  };
}

/** Codes one flow may ask for, whatever the spacing between them. */
const MAX_SENDS_PER_FLOW = 5;

const codeHash = (s: Services, flowId: string, sends: number, code: string) => s.pii.lookupHash(code, `phone-code:${flowId}:${sends}`);

export function phoneStep(s: Services, phoneInput: string) {
  return async (flow: EnrolmentFlow, now: Date): Promise<StepOutcome> => {
    const phone = normalisePhone(phoneInput);
    const previous = flow.data.phone;
    if (previous) {
      const wait = Math.ceil((new Date(previous.sentAt).getTime() + s.config.smsResendSeconds * 1000 - now.getTime()) / 1000);
      if (wait > 0) throw new ApiError('PHONE_RESEND_THROTTLED', 'a code was sent moments ago', { retryAfterSeconds: wait });
    }
    const sends = (previous?.sends ?? 0) + 1;
    if (sends > MAX_SENDS_PER_FLOW) throw new ApiError('PHONE_RESEND_THROTTLED', 'no more codes for this flow');
    const code = newPhoneCode(s.random);
    const hash = s.pii.lookupHash(phone, 'phone');
    return {
      next: advance(
        flow,
        'phone_code_sent',
        {
          phone: {
            sealed: s.pii.encrypt(phone, `flows.phone:${flow.id}`),
            hash,
            codeHash: codeHash(s, flow.id, sends, code),
            codeExpiresAt: new Date(now.getTime() + s.config.smsCodeTtlSeconds * 1000).toISOString(),
            sentAt: now.toISOString(),
            sends,
            wrongTries: 0,
          },
        },
        now,
      ),
      write: async (trx) => {
        const r = await s.limiter.hit(trx, `sms-number:${hash}`, s.config.smsPerNumberPerHour, 3600, now);
        if (!r.allowed) throw new ApiError('PHONE_RESEND_THROTTLED', 'too many codes to this number', { retryAfterSeconds: r.retryAfterSeconds });
      },
      afterCommit: () => s.sms.send({ to: phone, text: s.config.smsTemplate.replace('{code}', code) }),
    };
  };
}

export function phoneVerifyStep(s: Services, code: string) {
  return async (flow: EnrolmentFlow, now: Date): Promise<StepOutcome> => {
    const p = flow.data.phone;
    if (!p?.codeHash) throw new ApiError('PHONE_CODE_USED_UP', 'ask for a new code');
    if (now.getTime() >= new Date(p.codeExpiresAt).getTime()) throw new ApiError('PHONE_CODE_EXPIRED', 'code expired');
    const right = equalBytes(Buffer.from(codeHash(s, flow.id, p.sends, code.trim())), Buffer.from(p.codeHash));
    if (!right) {
      const wrongTries = p.wrongTries + 1;
      const usedUp = wrongTries >= s.config.smsCodeMaxAttempts;
      const { codeHash: _dropped, ...rest } = p;
      return {
        next: advance(flow, flow.state, { phone: usedUp ? { ...rest, wrongTries } : { ...p, wrongTries } }, now),
        refuse: new ApiError(usedUp ? 'PHONE_CODE_USED_UP' : 'PHONE_CODE_WRONG', 'wrong code', { triesLeft: s.config.smsCodeMaxAttempts - wrongTries }),
      };
    }
    const mrz = scannedMrz(s, flow);
    const phone = s.pii.decrypt(p.sealed, `flows.phone:${flow.id}`);
    // What the flow kept only to get here is dropped once the identity holds it.
    const done = advance(flow, 'completed', { phone: undefined, mrzSealed: undefined }, now);
    return {
      next: done,
      event: 'identity.enrolled',
      write: async (trx) => {
        const { identityId } = await upsertIdentity(
          trx,
          s.pii,
          s.random,
          {
            personId: flow.data.personId ?? '',
            flowId: flow.id,
            userId: flow.data.userId ?? '',
            userIdKey: userIdKey(flow.data.userId ?? ''),
            proofing: flow.data.proofing ?? 'unverified',
            givenNames: mrz.givenNames,
            surname: mrz.surname,
            dateOfBirth: mrz.dateOfBirth,
            documentNumber: mrz.documentNumber,
            documentHash: flow.data.documentHash ?? '',
            nationality: mrz.nationality,
            phone,
            phoneHash: p.hash,
            termsVersion: flow.data.termsVersion ?? '',
          },
          now,
        );
        await linkIdentityProofing(trx, identityId, flow.data.proofingId);
        return { identityId };
      },
    };
  };
}
