/**
 * The device key: a P-256 ECDSA pair made with WebCrypto (the same code in browsers and
 * Node 20). The private key is generated non-extractable, so script on the page — or a
 * backup of IndexedDB — can use it only while it runs on this device and can never read it
 * out. The public key is always exportable (WebCrypto makes it so) and is what the server
 * registers.
 */
import { deviceSignedMessage } from '@openmitid/api';
import { DeviceError } from './errors.js';

const ALGORITHM: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGN: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

function subtle(): SubtleCrypto {
  return globalThis.crypto.subtle;
}

/**
 * Where device keys live. It holds CryptoKey objects themselves (never key bytes): a browser
 * stores them in IndexedDB by structured clone, which keeps them non-extractable.
 */
export interface KeyStore {
  get(id: string): Promise<CryptoKeyPair | undefined>;
  put(id: string, pair: CryptoKeyPair): Promise<void>;
  delete(id: string): Promise<void>;
}

/** A KeyStore in process memory: for Node (tests, the demo, the CLI); keys end with the process. */
export class MemoryKeyStore implements KeyStore {
  readonly #keys = new Map<string, CryptoKeyPair>();

  async get(id: string): Promise<CryptoKeyPair | undefined> {
    return this.#keys.get(id);
  }

  async put(id: string, pair: CryptoKeyPair): Promise<void> {
    this.#keys.set(id, pair);
  }

  async delete(id: string): Promise<void> {
    this.#keys.delete(id);
  }
}

/** A new P-256 key pair whose private half cannot be exported. */
export async function generateDeviceKeyPair(): Promise<CryptoKeyPair> {
  return subtle().generateKey(ALGORITHM, false, ['sign', 'verify']);
}

/** Makes a key pair and stores it under `id` (the app's local name for it). */
export async function createDeviceKey(store: KeyStore, id: string): Promise<CryptoKeyPair> {
  const pair = await generateDeviceKeyPair();
  await store.put(id, pair);
  return pair;
}

export async function loadDeviceKey(store: KeyStore, id: string): Promise<CryptoKeyPair> {
  const pair = await store.get(id);
  if (!pair) throw new DeviceError('KEY_NOT_FOUND', 'no device key under this id');
  return pair;
}

/** The public key as DER SubjectPublicKeyInfo: what the server registers. */
export async function exportPublicKeySpki(publicKey: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await subtle().exportKey('spki', publicKey));
}

export async function exportPublicKeyJwk(publicKey: CryptoKey): Promise<JsonWebKey> {
  return subtle().exportKey('jwk', publicKey);
}

/**
 * Signs a server challenge for one purpose. The signed bytes are
 * `'openmitid-app-v1' 0x00 purpose 0x00 challenge` (@openmitid/api), so a signature made for
 * one purpose (say, registering) can never be replayed as another (say, a PIN login).
 * Returns the 64-byte r ‖ s (IEEE P1363) encoding WebCrypto produces.
 */
export async function signChallenge(privateKey: CryptoKey, purpose: string, challenge: Uint8Array): Promise<Uint8Array> {
  const message = deviceSignedMessage(purpose, challenge);
  return new Uint8Array(await subtle().sign(SIGN, privateKey, message as Uint8Array<ArrayBuffer>));
}

/** Checks a device signature with WebCrypto (the device uses it on itself in tests; the server has its own). */
export async function verifyChallengeSignature(
  publicKey: CryptoKey,
  purpose: string,
  challenge: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const message = deviceSignedMessage(purpose, challenge);
  return subtle().verify(SIGN, publicKey, signature as Uint8Array<ArrayBuffer>, message as Uint8Array<ArrayBuffer>);
}
