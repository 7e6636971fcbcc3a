import { AuditError } from './errors.js';

export interface AuditEvent {
  /** what happened, dotted lower case: 'flow.started', 'enrolment.step.failed', 'identity.created', 'limit.reached' */
  type: string;
  outcome: 'ok' | 'refused' | 'info';
  /** a stable error code (UPPER_SNAKE), never a code the user typed */
  code?: string;
  flowId?: string;
  identityId?: string;
  details?: Record<string, string | number | boolean>;
}

/*
 * The log is kept for years and read by operators, so it must never hold a secret or personal
 * data. Events are checked before they are written: detail keys naming a secret or personal
 * datum (pin, password, otp, code, token, secret, phone, name, birth, mrz, cpr, …) are refused,
 * and so are string values that look like a code, PIN or personal number (4+ digits and
 * nothing else). Record that a code was wrong, never the code.
 */
const FORBIDDEN_WORDS = new Set([
  'pin', 'password', 'passcode', 'passphrase', 'secret', 'token', 'otp', 'code', 'codes', 'mrz', 'cpr', 'ssn',
  'phone', 'msisdn', 'mobile', 'number', 'name', 'names', 'surname', 'birth', 'birthdate', 'dob', 'email', 'address',
  'key', 'private',
]);
const TYPE = /^[a-z][a-z0-9_.-]{0,63}$/;
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const ID = /^[A-Za-z0-9_-]{1,128}$/;
const DETAIL_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const LOOKS_LIKE_SECRET_VALUE = /^[\s\-+]*(\d[\s\-+]*){4,}$/;
const MAX_DETAIL_VALUE = 256;
const MAX_DETAILS = 32;

function refuse(message: string): never {
  throw new AuditError('AUDIT_EVENT_REFUSED', message);
}

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\d]+/)
    .filter((w) => w !== '');
}

/** Throws AUDIT_EVENT_REFUSED for an event that is malformed or could leak a secret. */
export function checkAuditEvent(event: AuditEvent): void {
  if (!TYPE.test(event.type)) refuse('audit event type must be dotted lower case');
  if (event.outcome !== 'ok' && event.outcome !== 'refused' && event.outcome !== 'info') refuse('audit outcome must be ok, refused or info');
  if (event.code !== undefined && !CODE.test(event.code)) refuse('audit code must be a stable UPPER_SNAKE error code');
  if (event.flowId !== undefined && !ID.test(event.flowId)) refuse('audit flowId is not an id');
  if (event.identityId !== undefined && !ID.test(event.identityId)) refuse('audit identityId is not an id');
  const details = event.details ?? {};
  const keys = Object.keys(details);
  if (keys.length > MAX_DETAILS) refuse('too many audit details');
  for (const key of keys) {
    if (!DETAIL_KEY.test(key)) refuse(`audit detail key ${JSON.stringify(key.slice(0, 64))} is not an identifier`);
    if (words(key).some((w) => FORBIDDEN_WORDS.has(w))) refuse(`audit detail ${key} may hold a secret or personal data`);
    const value = details[key];
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) refuse(`audit detail ${key} is not a finite number`);
    } else if (typeof value === 'string') {
      if (value.length > MAX_DETAIL_VALUE) refuse(`audit detail ${key} is too long`);
      if (LOOKS_LIKE_SECRET_VALUE.test(value)) refuse(`audit detail ${key} looks like a code or personal number`);
    } else if (typeof value !== 'boolean') {
      refuse(`audit detail ${key} must be a string, number or boolean`);
    }
  }
}

/** JSON with keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
