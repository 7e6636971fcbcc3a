import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { secureRandom, type RandomSource } from '@openmitid/mrtd';
import { PiiError } from './errors.js';
import { checkPiiKey, type PiiKey } from './keys.js';

export interface PiiCipher {
  /** Seals `plaintext` bound to `context` (e.g. 'person.name:<row id>'): "v1.<kid>.<b64url iv|ct|tag>". */
  encrypt(plaintext: string, context: string): string;
  /** Opens a sealed value; throws PII_KEY_UNKNOWN or PII_DECRYPT_FAILED (wrong context, tampering, bad form). */
  decrypt(sealed: string, context: string): string;
  /** A keyed, normalised hash for equality look-ups (document number, phone) without storing the value. */
  lookupHash(value: string, purpose: string): string;
  /** True when the value was sealed under a key other than the current one and should be re-sealed. */
  needsRotation(sealed: string): boolean;
}

export interface PiiCipherOptions {
  current: PiiKey;
  previous?: PiiKey[];
  /**
   * Key for look-up hashes. Set it (and never rotate it) in production: without it the hashes are derived
   * from the current key, so rotating that key changes every look-up hash and old rows stop matching.
   */
  lookupKey?: Uint8Array;
  random?: RandomSource;
}

const VERSION = 'v1';
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

// Separate keys for separate jobs: the setting's key material is never used directly.
function derive(material: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), info, 32));
}

/** Look-ups must find "AB 123-456" when "ab123456" was stored: case, spaces and separators do not count. */
export function normaliseForLookup(value: string): string {
  return value.normalize('NFKC').toUpperCase().replace(/[\s\-().<]/g, '');
}

function fail(message: string): never {
  throw new PiiError('PII_DECRYPT_FAILED', message);
}

function parseSealed(sealed: string): { kid: string; blob: Buffer } {
  const parts = sealed.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) fail('not a sealed value');
  const [, kid, body] = parts as [string, string, string];
  if (kid === '' || !/^[A-Za-z0-9_-]+$/.test(body)) fail('not a sealed value');
  const blob = Buffer.from(body, 'base64url');
  if (blob.length < IV_LENGTH + TAG_LENGTH) fail('sealed value too short');
  return { kid, blob };
}

function aad(kid: string, context: string): Buffer {
  return Buffer.from(`${VERSION}.${kid}.${context}`, 'utf8');
}

export function createPiiCipher(options: PiiCipherOptions): PiiCipher {
  const random = options.random ?? secureRandom;
  const all = [options.current, ...(options.previous ?? [])];
  const encKeys = new Map<string, Buffer>();
  for (const k of all) {
    checkPiiKey(k);
    if (encKeys.has(k.id)) throw new PiiError('PII_KEY_INVALID', `PII key id ${k.id} appears twice`);
    encKeys.set(k.id, derive(k.key, 'openmitid pii aes-256-gcm v1'));
  }
  if (options.lookupKey && options.lookupKey.length < 32) throw new PiiError('PII_KEY_INVALID', 'the look-up key must be at least 32 bytes');
  const lookupKey = derive(options.lookupKey ?? options.current.key, 'openmitid pii lookup hmac v1');
  const currentId = options.current.id;
  const currentKey = encKeys.get(currentId)!;

  return {
    encrypt(plaintext, context) {
      const iv = random(IV_LENGTH);
      const c = createCipheriv('aes-256-gcm', currentKey, iv, { authTagLength: TAG_LENGTH });
      c.setAAD(aad(currentId, context));
      const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
      const blob = Buffer.concat([iv, ct, c.getAuthTag()]);
      return `${VERSION}.${currentId}.${blob.toString('base64url')}`;
    },

    decrypt(sealed, context) {
      const { kid, blob } = parseSealed(sealed);
      const key = encKeys.get(kid);
      if (!key) throw new PiiError('PII_KEY_UNKNOWN', `no PII key with id ${kid.slice(0, 32)}`);
      const iv = blob.subarray(0, IV_LENGTH);
      const tag = blob.subarray(blob.length - TAG_LENGTH);
      const ct = blob.subarray(IV_LENGTH, blob.length - TAG_LENGTH);
      try {
        const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
        d.setAAD(aad(kid, context));
        d.setAuthTag(tag);
        const pt = Buffer.concat([d.update(ct), d.final()]);
        return new TextDecoder('utf-8', { fatal: true }).decode(pt);
      } catch {
        // GCM says only "does not authenticate": wrong context, wrong key material or tampering look the same.
        return fail('sealed value does not authenticate');
      }
    },

    lookupHash(value, purpose) {
      // The purpose is hashed in so a phone hash can never be matched against a document-number hash.
      const mac = createHmac('sha256', lookupKey);
      mac.update(`${purpose}\u0000${normaliseForLookup(value)}`, 'utf8');
      return mac.digest('base64url');
    },

    needsRotation(sealed) {
      return parseSealed(sealed).kid !== currentId;
    },
  };
}

/**
 * For a rotation job: the value re-sealed under the current key, or undefined when it already is.
 * Throws like decrypt when the old key has been retired or the value does not authenticate.
 */
export function resealIfNeeded(cipher: PiiCipher, sealed: string, context: string): string | undefined {
  if (!cipher.needsRotation(sealed)) return undefined;
  return cipher.encrypt(cipher.decrypt(sealed, context), context);
}
