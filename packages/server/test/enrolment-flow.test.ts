/** The enrolment state machine on its own: pure, so every transition is checked without I/O. */
import { describe, expect, it } from 'vitest';
import { ENROLMENT_STATES, ENROLMENT_STEPS, type EnrolmentState, type EnrolmentStep } from '@openmitid/api';
import { advance, checkStep, newEnrolmentFlow, viewOf, type EnrolmentFlow } from '../src/flows/enrolment/flow.js';
import { isApiError } from '../src/errors.js';
import { EXPIRED_FLOW_GRACE_SECONDS, insertFlow, loadFlow, purgeExpiredFlows, saveFlow } from '../src/flows/enrolment/store.js';
import { stores } from './support/db.js';

const now = new Date('2026-11-25T10:00:00.000Z');
const at = (state: EnrolmentState): EnrolmentFlow => ({ ...newEnrolmentFlow('f'.repeat(22), now, 1800), state });
const codeOf = (f: () => void) => {
  try {
    f();
    return 'OK';
  } catch (e) {
    if (isApiError(e)) return e.code;
    throw e;
  }
};

/** The happy path: each step from the state before it. */
const PATH: [EnrolmentStep, EnrolmentState][] = [
  ['terms', 'started'],
  ['country', 'terms_accepted'],
  ['mrz', 'country_chosen'],
  ['chip', 'mrz_scanned'],
  ['face', 'chip_verified'],
  ['user-id', 'face_verified'],
  ['phone', 'user_id_chosen'],
  ['phone-verify', 'phone_code_sent'],
];

describe('enrolment flow state machine', () => {
  it('allows each step only from its state: earlier is out of order, later is repeated', () => {
    for (const [step, from] of PATH) {
      for (const state of ENROLMENT_STATES) {
        const code = codeOf(() => checkStep(at(state), step, now));
        const i = ENROLMENT_STATES.indexOf(state);
        const j = ENROLMENT_STATES.indexOf(from);
        if (state === from || (step === 'phone' && state === 'phone_code_sent')) expect(code, `${step} from ${state}`).toBe('OK');
        else if (i < j) expect(code, `${step} from ${state}`).toBe('FLOW_STEP_OUT_OF_ORDER');
        else expect(code, `${step} from ${state}`).toBe('FLOW_STEP_REPEATED');
      }
    }
  });

  it('refuses every step of a completed flow as repeated', () => {
    for (const step of ENROLMENT_STEPS) expect(codeOf(() => checkStep(at('completed'), step, now))).toBe('FLOW_STEP_REPEATED');
  });

  it('expires at expiresAt exactly, before any order check', () => {
    const f = at('started');
    expect(codeOf(() => checkStep(f, 'terms', new Date(f.expiresAt.getTime() - 1)))).toBe('OK');
    expect(codeOf(() => checkStep(f, 'terms', f.expiresAt))).toBe('FLOW_EXPIRED');
    expect(codeOf(() => checkStep(f, 'mrz', f.expiresAt))).toBe('FLOW_EXPIRED');
  });

  it('advances without touching the input and shows no sealed data', () => {
    const f = at('mrz_scanned');
    const g = advance({ ...f, data: { mrzSealed: 'v1.k.x', aaChallenge: 'AAAAAAAAAAA=' } }, 'chip_verified', { personId: 'p' }, now);
    expect(f.data).toEqual({});
    expect(g.data.personId).toBe('p');
    const view = viewOf(g, { termsVersion: 't', countries: ['DK'] });
    expect(JSON.stringify(view)).not.toContain('v1.k.x');
    expect(view.activeAuthenticationChallenge).toBeUndefined();
    expect(viewOf({ ...g, state: 'mrz_scanned' }, { termsVersion: 't', countries: [] }).activeAuthenticationChallenge).toBe('AAAAAAAAAAA=');
  });
});

describe.each(stores)('flow store on $name', (kind) => {
  it('saves with a version check and purges long-expired flows and lapsed user-ID holds', async () => {
    const store = await kind.open();
    try {
      const f = newEnrolmentFlow('g'.repeat(22), now, 60);
      await insertFlow(store.db, f);
      const saved = await store.db.transaction().execute((trx) => saveFlow(trx, advance(f, 'terms_accepted', { termsVersion: 'v' }, now)));
      expect(saved.version).toBe(2);
      // a save based on the old version loses
      await expect(store.db.transaction().execute((trx) => saveFlow(trx, advance(f, 'terms_accepted', {}, now)))).rejects.toMatchObject({ code: 'FLOW_CONFLICT' });
      expect((await loadFlow(store.db, f.id))?.data.termsVersion).toBe('v');
      await store.db.insertInto('user_id_claims').values({ user_id_key: 'held', flow_id: f.id, identity_id: null, expires_at: f.expiresAt.toISOString(), created_at: now.toISOString() }).execute();
      expect(await purgeExpiredFlows(store.db, new Date(f.expiresAt.getTime() + 1000))).toBe(0);
      expect(await store.db.selectFrom('user_id_claims').selectAll().execute()).toEqual([]);
      expect(await purgeExpiredFlows(store.db, new Date(f.expiresAt.getTime() + (EXPIRED_FLOW_GRACE_SECONDS + 1) * 1000))).toBe(1);
      expect(await loadFlow(store.db, f.id)).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
