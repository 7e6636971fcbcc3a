import { PiiError } from './errors.js';

export interface PiiKey {
  /** Written into every sealed value so the right key is found after a rotation. */
  id: string;
  /** 32 bytes of key material. */
  key: Uint8Array;
}

// The id sits between dots in the sealed form, so it must not contain one.
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export function checkPiiKey(k: PiiKey): void {
  if (!KEY_ID.test(k.id)) throw new PiiError('PII_KEY_INVALID', 'a PII key id is 1–32 characters of A–Z a–z 0–9 _ -');
  if (k.key.length !== 32) throw new PiiError('PII_KEY_INVALID', `PII key ${k.id} must be 32 bytes`);
}

/**
 * Parses the key setting "k2:<base64>,k1:<base64>": the first key is current (it seals new values),
 * the rest are previous keys kept only to open values sealed before a rotation.
 */
export function parsePiiKeys(setting: string): { current: PiiKey; previous: PiiKey[] } {
  const keys: PiiKey[] = [];
  for (const part of setting.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const colon = item.indexOf(':');
    if (colon <= 0) throw new PiiError('PII_KEY_INVALID', 'each PII key is written "<id>:<base64 of 32 bytes>"');
    const id = item.slice(0, colon);
    const b64 = item.slice(colon + 1);
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) throw new PiiError('PII_KEY_INVALID', `PII key ${id} is not base64`);
    const key = new Uint8Array(Buffer.from(b64.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
    const k = { id, key };
    checkPiiKey(k);
    if (keys.some((o) => o.id === id)) throw new PiiError('PII_KEY_INVALID', `PII key id ${id} appears twice`);
    keys.push(k);
  }
  const [current, ...previous] = keys;
  if (!current) throw new PiiError('PII_KEY_INVALID', 'no PII key configured');
  return { current, previous };
}
