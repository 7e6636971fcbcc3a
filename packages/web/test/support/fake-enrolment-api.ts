/**
 * A fake of the server's enrolment API for web tests: enforces the step order of
 * packages/api's ENROLMENT_STATES and answers problem+json codes like the server. Used in
 * process (as a FetchLike) by the unit tests and over HTTP by the browser test.
 */
import { ENROLMENT_STATES, type EnrolmentFlowView, type EnrolmentState } from '@openmitid/api';

export interface FakeAnswer {
  status: number;
  body: unknown;
}

export interface FakeEnrolmentApi {
  handle(method: string, path: string, body: unknown): FakeAnswer;
  calls: { method: string; path: string; body: unknown }[];
  /** the state new flows start in: lets a browser test begin at a later screen (the UI follows the server's state) */
  startState: EnrolmentState;
}

const NEXT: Partial<Record<string, [EnrolmentState, EnrolmentState]>> = {
  terms: ['started', 'terms_accepted'],
  country: ['terms_accepted', 'country_chosen'],
  mrz: ['country_chosen', 'mrz_scanned'],
  chip: ['mrz_scanned', 'chip_verified'],
  face: ['chip_verified', 'face_verified'],
  'user-id': ['face_verified', 'user_id_chosen'],
  phone: ['user_id_chosen', 'phone_code_sent'],
  'phone/verify': ['phone_code_sent', 'completed'],
};

const problem = (status: number, code: string): FakeAnswer => ({ status, body: { type: 'about:blank', title: code, status, code } });

export function fakeEnrolmentApi(options: { termsVersion?: string; takenUserIds?: string[]; phoneCode?: string } = {}): FakeEnrolmentApi {
  const flows = new Map<string, EnrolmentFlowView>();
  const termsVersion = options.termsVersion ?? '2025-02';
  const taken = new Set((options.takenUserIds ?? []).map((u) => u.toLowerCase()));
  const calls: FakeEnrolmentApi['calls'] = [];
  let counter = 0;
  return {
    calls,
    startState: 'started',
    handle(method, path, body) {
      calls.push({ method, path, body });
      if (method === 'POST' && path === '/v1/enrolment') {
        const flow: EnrolmentFlowView = {
          id: `flow-${++counter}`,
          kind: 'enrolment',
          state: this.startState,
          expiresAt: '2030-01-01T00:00:00.000Z',
          termsVersion,
          countries: ['DK', 'GL', 'FO'],
        };
        flows.set(flow.id, flow);
        return { status: 201, body: flow };
      }
      const m = /^\/v1\/enrolment\/([^/]+)(?:\/(.+))?$/.exec(path);
      const flow = m ? flows.get(decodeURIComponent(m[1] ?? '')) : undefined;
      if (!m || !flow) return problem(404, 'FLOW_NOT_FOUND');
      const step = m[2];
      const b = (body ?? {}) as Record<string, unknown>;
      if (method === 'GET' && !step) return { status: 200, body: flow };
      if (step === 'user-id/availability') return { status: 200, body: { available: !taken.has(String(b.userId).toLowerCase()) } };
      // like the demo server: no face verifier, so the face step takes the development bypass
      if (step === 'face/challenge') return problem(503, 'FACE_NOT_CONFIGURED');
      const move = step ? NEXT[step] : undefined;
      if (!move) return problem(404, 'NOT_FOUND');
      if (flow.state !== move[0]) {
        const here = ENROLMENT_STATES.indexOf(flow.state);
        return problem(409, here > ENROLMENT_STATES.indexOf(move[0]) ? 'FLOW_STEP_REPEATED' : 'FLOW_STEP_OUT_OF_ORDER');
      }
      if (step === 'terms' && b.termsVersion !== termsVersion) return problem(422, 'TERMS_VERSION_MISMATCH');
      if (step === 'country' && !flow.countries.includes(String(b.country))) return problem(422, 'COUNTRY_NOT_OFFERED');
      if (step === 'user-id' && taken.has(String(b.userId).toLowerCase())) return problem(409, 'USER_ID_TAKEN');
      if (step === 'phone/verify' && b.code !== (options.phoneCode ?? '123456')) return problem(422, 'PHONE_CODE_WRONG');
      flow.state = move[1];
      if (step === 'user-id') flow.userId = String(b.userId);
      return { status: 200, body: flow };
    },
  };
}

/** The fake as a FetchLike for @openmitid/app's client. */
export function fakeFetch(api: FakeEnrolmentApi) {
  return async (url: string, init?: { method?: string; body?: string }) => {
    const { pathname } = new URL(url);
    const answer = api.handle(init?.method ?? 'GET', pathname, init?.body ? JSON.parse(init.body) : undefined);
    return { ok: answer.status < 400, status: answer.status, json: async () => answer.body };
  };
}
