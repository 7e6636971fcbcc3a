import { describe, expect, it } from 'vitest';
import { createPublicKey, verify } from 'node:crypto';
import { deviceSignedMessage } from '@openmitid/api';
import {
  MemoryKeyStore,
  createDeviceKey,
  exportPublicKeyJwk,
  exportPublicKeySpki,
  isDeviceError,
  loadDeviceKey,
  signChallenge,
  verifyChallengeSignature,
} from '../src/device/index.js';

const challenge = new TextEncoder().encode('server challenge 0123456789');

describe('device keys', () => {
  it('are P-256, non-extractable, kept in the key store as CryptoKeys', async () => {
    const store = new MemoryKeyStore();
    const pair = await createDeviceKey(store, 'app-1');
    expect(pair.privateKey.extractable).toBe(false);
    expect(pair.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    await expect(crypto.subtle.exportKey('pkcs8', pair.privateKey)).rejects.toThrow();
    expect(await loadDeviceKey(store, 'app-1')).toBe(pair);
    await store.delete('app-1');
    await expect(loadDeviceKey(store, 'app-1')).rejects.toSatisfy((e: unknown) => isDeviceError(e, 'KEY_NOT_FOUND'));
  });

  it('export the public key as SPKI and JWK describing the same point', async () => {
    const pair = await createDeviceKey(new MemoryKeyStore(), 'k');
    const spki = await exportPublicKeySpki(pair.publicKey);
    const jwk = await exportPublicKeyJwk(pair.publicKey);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    const fromSpki = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    expect(fromSpki.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(fromSpki.export({ format: 'jwk' })).toMatchObject({ x: jwk.x, y: jwk.y });
  });

  it('sign with a domain-separated, purpose-bound message that node:crypto verifies as P1363', async () => {
    const pair = await createDeviceKey(new MemoryKeyStore(), 'k');
    const spki = await exportPublicKeySpki(pair.publicKey);
    const sig = await signChallenge(pair.privateKey, 'register', challenge);
    expect(sig).toHaveLength(64);
    const key = { key: createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }), dsaEncoding: 'ieee-p1363' as const };
    const message = Buffer.concat([Buffer.from('openmitid-app-v1\0register\0'), challenge]);
    expect(Buffer.from(deviceSignedMessage('register', challenge)).equals(message)).toBe(true);
    expect(verify('sha256', message, key, sig)).toBe(true);
    // not the bare challenge, not another purpose
    expect(verify('sha256', challenge, key, sig)).toBe(false);
    expect(verify('sha256', deviceSignedMessage('pin-login:copy', challenge), key, sig)).toBe(false);
    expect(await verifyChallengeSignature(pair.publicKey, 'register', challenge, sig)).toBe(true);
    expect(await verifyChallengeSignature(pair.publicKey, 'pin-login:approve', challenge, sig)).toBe(false);
  });

  it('refuse purposes that could blur the message boundaries', async () => {
    const pair = await createDeviceKey(new MemoryKeyStore(), 'k');
    for (const bad of ['', 'a\0b', 'with space', 'x'.repeat(65)]) {
      await expect(signChallenge(pair.privateKey, bad, challenge)).rejects.toThrow(RangeError);
    }
  });
});
