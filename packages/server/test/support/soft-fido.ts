/**
 * A software FIDO2 / U2F security key for tests: real P-256 credentials made with node:crypto,
 * and the bytes a browser and a key would send — clientDataJSON, authenticator data, CBOR
 * attestation objects ('none', 'packed' self attestation, 'fido-u2f' with a test attestation
 * certificate) and assertions. Layouts from W3C WebAuthn Level 3 §6.1 (authenticator data),
 * §6.5.1 (attested credential data), §8.2 (packed), §8.6 (fido-u2f) and RFC 9052/9053 (COSE_Key).
 */
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { createCertificate } from '@openmitid/mrtd';

// ---- CBOR (RFC 8949 §3): just the major types WebAuthn uses, definite lengths only ----

export type Cbor = number | string | Uint8Array | Cbor[] | Map<number | string, Cbor>;

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

export function cbor(v: Cbor): Buffer {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || Math.abs(v) > 0xffff_ffff) throw new RangeError('only 32-bit integers');
    return v >= 0 ? head(0, v) : head(1, -1 - v);
  }
  if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    return Buffer.concat([head(3, s.length), s]);
  }
  if (v instanceof Uint8Array) return Buffer.concat([head(2, v.length), v]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cbor)]);
  const parts: Buffer[] = [head(5, v.size)];
  for (const [k, x] of v) parts.push(cbor(k), cbor(x));
  return Buffer.concat(parts);
}

// ---- helpers ----

const sha256 = (b: Uint8Array | string): Buffer => createHash('sha256').update(b).digest();
const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

function coordinates(publicKey: KeyObject): { x: Buffer; y: Buffer } {
  const jwk = publicKey.export({ format: 'jwk' });
  return { x: Buffer.from(jwk.x!, 'base64url'), y: Buffer.from(jwk.y!, 'base64url') };
}

/** RFC 9053 §7.1.1: EC2 key, ES256, P-256 — in CTAP2 canonical key order (1, 3, -1, -2, -3). */
export function coseKey(publicKey: KeyObject): Buffer {
  const { x, y } = coordinates(publicKey);
  return cbor(
    new Map<number, Cbor>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, x],
      [-3, y],
    ]),
  );
}

export const FLAG_UP = 0x01;
export const FLAG_UV = 0x04;
export const FLAG_AT = 0x40;

export type SoftAttestation = 'none' | 'packed' | 'fido-u2f';

interface StoredCredential {
  id: Buffer;
  privateKey: KeyObject;
  publicKey: KeyObject;
  rpId: string;
  userHandle: string;
  counter: number;
}

export interface SoftFidoOptions {
  /** the key model id (16 bytes); U2F attestation always reports zeros */
  aaguid?: Uint8Array;
  /** false: a key that keeps no signature counter (always 0) */
  counts?: boolean;
}

/** What a test may bend to make a bad answer. */
export interface CeremonyTweaks {
  /** the page's origin as the browser reports it */
  origin: string;
  /** the rp id the key hashes in (default: the options' rp id) */
  rpId?: string;
  /** the challenge written into clientDataJSON (default: the options' challenge) */
  challenge?: string;
  /** clear the user-present flag */
  noUserPresence?: boolean;
  /** set the user-verified flag (the key checked its own PIN or fingerprint) */
  userVerified?: boolean;
}

export class SoftFido {
  readonly aaguid: Uint8Array;
  readonly counts: boolean;
  readonly credentials = new Map<string, StoredCredential>();
  #attestation: { privateKey: KeyObject; certificate: Uint8Array } | undefined;

  constructor(options: SoftFidoOptions = {}) {
    this.aaguid = options.aaguid ?? new Uint8Array(randomBytes(16));
    this.counts = options.counts ?? true;
  }

  /** The U2F batch attestation key and its self-signed test certificate (made once per key). */
  get attestationCertificate(): Uint8Array {
    return this.#u2fAttestation().certificate;
  }

  #u2fAttestation(): { privateKey: KeyObject; certificate: Uint8Array } {
    if (!this.#attestation) {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const certificate = createCertificate({
        subject: { C: 'DK', O: 'OpenMitID Test', OU: 'Authenticator Attestation', CN: 'OpenMitID Soft U2F' },
        subjectPublicKey: publicKey,
        issuerKey: privateKey,
        serial: new Uint8Array(randomBytes(8)),
        notBefore: new Date('2020-01-01T00:00:00Z'),
        notAfter: new Date('2099-01-01T00:00:00Z'),
        ca: false,
        algorithm: 'ecdsa-p256',
      });
      this.#attestation = { privateKey, certificate };
    }
    return this.#attestation;
  }

  #clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
  }

  #flags(extra: number, tweaks: CeremonyTweaks): number {
    return (tweaks.noUserPresence ? 0 : FLAG_UP) | (tweaks.userVerified ? FLAG_UV : 0) | extra;
  }

  /** navigator.credentials.create(): a new credential and its attestation in `format`. */
  create(options: PublicKeyCredentialCreationOptionsJSON, format: SoftAttestation, tweaks: CeremonyTweaks): RegistrationResponseJSON {
    if (!options.pubKeyCredParams.some((p) => p.alg === -7)) throw new Error('soft key only does ES256');
    const rpId = tweaks.rpId ?? options.rp.id!;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const id = randomBytes(format === 'fido-u2f' ? 64 : 32);
    const counter = 0;
    const stored: StoredCredential = { id, privateKey, publicKey, rpId, userHandle: options.user.id, counter };

    const aaguid = format === 'fido-u2f' ? Buffer.alloc(16) : Buffer.from(this.aaguid);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([this.#flags(FLAG_AT, tweaks)]),
      counterBytes,
      aaguid,
      idLength,
      id,
      coseKey(publicKey),
    ]);
    const clientDataJSON = this.#clientData('webauthn.create', tweaks.challenge ?? options.challenge, tweaks.origin);
    const clientDataHash = sha256(clientDataJSON);

    let attStmt: Map<string, Cbor>;
    if (format === 'none') {
      attStmt = new Map();
    } else if (format === 'packed') {
      // §8.2 self attestation: the credential key signs authData ‖ clientDataHash
      attStmt = new Map<string, Cbor>([
        ['alg', -7],
        ['sig', sign('sha256', Buffer.concat([authData, clientDataHash]), privateKey)],
      ]);
    } else {
      // §8.6: 0x00 ‖ rpIdHash ‖ clientDataHash ‖ credentialId ‖ uncompressed public key, signed by the attestation key
      const { x, y } = coordinates(publicKey);
      const u2fKey = Buffer.concat([Buffer.from([0x04]), x, y]);
      const att = this.#u2fAttestation();
      const data = Buffer.concat([Buffer.from([0x00]), sha256(rpId), clientDataHash, id, u2fKey]);
      attStmt = new Map<string, Cbor>([
        ['sig', sign('sha256', data, att.privateKey)],
        ['x5c', [att.certificate]],
      ]);
    }
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ['fmt', format],
        ['attStmt', attStmt],
        ['authData', authData],
      ]),
    );
    this.credentials.set(b64u(id), stored);
    return {
      id: b64u(id),
      rawId: b64u(id),
      type: 'public-key',
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
      response: {
        clientDataJSON: b64u(clientDataJSON),
        attestationObject: b64u(attestationObject),
        transports: ['usb', 'nfc'],
      },
    };
  }

  /** navigator.credentials.get(): an assertion by the first allowed credential this key holds. */
  get(options: PublicKeyCredentialRequestOptionsJSON, tweaks: CeremonyTweaks & { counter?: number }): AuthenticationResponseJSON {
    const allowed = (options.allowCredentials ?? []).map((c) => c.id);
    const credId = allowed.find((id) => this.credentials.has(id));
    if (!credId) throw new Error('soft key holds none of the allowed credentials');
    const cred = this.credentials.get(credId)!;
    const rpId = tweaks.rpId ?? options.rpId ?? cred.rpId;
    if (tweaks.counter !== undefined) cred.counter = tweaks.counter;
    else if (this.counts) cred.counter += 1;
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(this.counts || tweaks.counter !== undefined ? cred.counter : 0);
    const authData = Buffer.concat([sha256(rpId), Buffer.from([this.#flags(0, tweaks)]), counterBytes]);
    const clientDataJSON = this.#clientData('webauthn.get', tweaks.challenge ?? options.challenge, tweaks.origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), cred.privateKey);
    return {
      id: credId,
      rawId: credId,
      type: 'public-key',
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        userHandle: cred.userHandle,
      },
    };
  }

  /** A second key holding the same private keys and counters (a clone). */
  clone(): SoftFido {
    const twin = new SoftFido({ aaguid: this.aaguid, counts: this.counts });
    for (const [k, c] of this.credentials) twin.credentials.set(k, { ...c });
    return twin;
  }

  /** The credential's public key as SPKI PEM (for cross-checks in tests). */
  publicKeyPem(credentialId: string): string {
    const c = this.credentials.get(credentialId);
    if (!c) throw new Error('no such credential');
    return createPublicKey(c.publicKey).export({ type: 'spki', format: 'pem' }).toString();
  }
}
