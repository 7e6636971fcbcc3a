/**
 * Reads a maker's seed file in the Portable Symmetric Key Container format (RFC 6030): the
 * device (serial, maker, model), the HOTP/TOTP parameters and the secret, plain or encrypted
 * with a pre-shared key (§6.1) or a password-derived key (§6.2), each encrypted value
 * checked against its MAC before it is decrypted.
 */
import { ApiError } from '../../errors.js';
import { OTP_HASHES, type OtpHash } from './totp.js';
import { checkMac, decrypt, isSupportedCipher, needsMac, pbkdf2Key, PBKDF2_URI } from './pskc-crypto.js';
import { childOf, childrenOf, parseXml, requiredChild, type XmlElement } from './xml-tree.js';

export const PSKC_NS = 'urn:ietf:params:xml:ns:keyprov:pskc';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const XENC = 'http://www.w3.org/2001/04/xmlenc#';
const XENC11 = 'http://www.w3.org/2009/xmlenc11#';
const PKCS5 = 'http://www.rsasecurity.com/rsalabs/pkcs/schemas/pkcs-5v2-0#';

/** RFC 6030 §10.2 / RFC 6238: the two OTP algorithms a code display can run. */
export const HOTP_URI = `${PSKC_NS}:hotp`;
export const TOTP_URI = `${PSKC_NS}:totp`;

/**
 * A key's Policy (RFC 6030 §5). `understood` is false when it holds anything this server does not
 * enforce (NumberOfTransactions, a server-side PIN, unknown elements): §5 then says the key
 * must be taken as not usable.
 */
export interface PskcPolicy {
  understood: boolean;
  keyUsage: string[];
  startDate: Date | undefined;
  expiryDate: Date | undefined;
}

/** One key from a KeyPackage. `secret` is not enumerable, so logging or serialising a key never shows it. */
export interface PskcKey {
  serial: string | undefined;
  manufacturer: string | undefined;
  model: string | undefined;
  keyId: string | undefined;
  algorithm: 'hotp' | 'totp';
  digits: number;
  hash: OtpHash;
  readonly secret: Uint8Array;
  counter: number | undefined;
  /** TimeInterval, seconds */
  period: number | undefined;
  /** Time: epoch seconds of step 0 */
  t0: number | undefined;
  /** TimeDrift, in time steps */
  drift: number | undefined;
  policy: PskcPolicy | undefined;
}

export interface PskcOptions {
  /** the pre-shared key named by EncryptionKey/KeyName (§6.1) */
  preSharedKey?: Uint8Array | undefined;
  /** the password a DerivedKey is made from (§6.2) */
  password?: string | undefined;
}

function malformed(message: string): never {
  throw new ApiError('PSKC_MALFORMED', message);
}

function unsupported(message: string): never {
  throw new ApiError('PSKC_UNSUPPORTED', message);
}

function base64(text: string, what: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) malformed(`${what} is not base64`);
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

function integer(text: string, what: string, signed = false): number {
  if (!(signed ? /^-?\d{1,15}$/ : /^\d{1,15}$/).test(text.trim())) malformed(`${what} is not a whole number`);
  return Number(text.trim());
}

/** PBKDF2-params children are unqualified in RFC 6030's schema, but some writers qualify them: match by name. */
function byName(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** The container's key, worked out only when an encrypted value needs it. */
class ContainerKeys {
  private encryptionKey: Uint8Array | undefined;
  private macKey: Uint8Array | undefined;
  private readonly macAlgorithm: string | undefined;

  constructor(
    private readonly root: XmlElement,
    private readonly options: PskcOptions,
  ) {
    this.macAlgorithm = childOf(root, PSKC_NS, 'MACMethod')?.attrs.Algorithm;
  }

  key(): Uint8Array {
    this.encryptionKey ??= this.resolveKey();
    return this.encryptionKey;
  }

  private resolveKey(): Uint8Array {
    const ek = childOf(this.root, PSKC_NS, 'EncryptionKey');
    const derived = ek && childOf(ek, XENC11, 'DerivedKey');
    if (ek && childOf(ek, DS, 'X509Data')) unsupported('keys encrypted to a certificate (asymmetric key transport) are not supported');
    if (derived) {
      if (this.options.password === undefined) throw new ApiError('PSKC_KEY_REQUIRED', 'the file is encrypted with a password-derived key');
      const method = requiredChild(derived, XENC11, 'KeyDerivationMethod');
      if (method.attrs.Algorithm !== PBKDF2_URI) unsupported(`key derivation ${method.attrs.Algorithm ?? '(none)'} is not supported`);
      const params = requiredChild(method, PKCS5, 'PBKDF2-params');
      const salt = byName(params, 'Salt');
      const specified = salt && byName(salt, 'Specified');
      if (!specified) unsupported('only a specified PBKDF2 salt is supported');
      const iterations = byName(params, 'IterationCount') ?? malformed('PBKDF2-params has no IterationCount');
      const keyLength = byName(params, 'KeyLength') ?? malformed('PBKDF2-params has no KeyLength');
      return pbkdf2Key(
        this.options.password,
        base64(specified.text, 'PBKDF2 salt'),
        integer(iterations.text, 'IterationCount'),
        integer(keyLength.text, 'KeyLength'),
        byName(params, 'PRF')?.attrs.Algorithm,
      );
    }
    if (this.options.preSharedKey === undefined) throw new ApiError('PSKC_KEY_REQUIRED', 'the file is encrypted with a pre-shared key');
    return this.options.preSharedKey;
  }

  /** The MAC key: itself encrypted with the container's key (§6.1.1). */
  private resolveMacKey(): Uint8Array {
    const method = requiredChild(this.root, PSKC_NS, 'MACMethod');
    const macKey = childOf(method, PSKC_NS, 'MACKey');
    if (!macKey) unsupported('a MACMethod without an enclosed MACKey is not supported');
    // the MAC key's own integrity shows in the MAC check that follows
    return this.decryptRaw(macKey, false);
  }

  /** Decrypts an EncryptedValue-shaped element (xenc:EncryptionMethod + xenc:CipherData/CipherValue). */
  decryptRaw(el: XmlElement, mac: boolean, valueMac?: XmlElement): Uint8Array {
    const algorithm = requiredChild(el, XENC, 'EncryptionMethod').attrs.Algorithm ?? malformed('EncryptionMethod has no Algorithm');
    if (!isSupportedCipher(algorithm)) unsupported(`encryption algorithm ${algorithm} is not supported`);
    const cipherData = requiredChild(el, XENC, 'CipherData');
    const data = base64(requiredChild(cipherData, XENC, 'CipherValue').text, 'CipherValue');
    if (mac) {
      if (valueMac) {
        if (this.macAlgorithm === undefined) malformed('a ValueMAC without a MACMethod');
        this.macKey ??= this.resolveMacKey();
        checkMac(this.macAlgorithm, this.macKey, data, base64(valueMac.text, 'ValueMAC'));
      } else if (needsMac(algorithm)) {
        malformed('an encrypted value without a ValueMAC (RFC 6030 §6.1.1 requires one for CBC)');
      }
    }
    return decrypt(algorithm, this.key(), data);
  }
}

/** A Data field: PlainValue text, or the decrypted bytes of an EncryptedValue. */
function dataValue(field: XmlElement, keys: ContainerKeys): { plain: string } | { bytes: Uint8Array } {
  const plain = childOf(field, PSKC_NS, 'PlainValue');
  const encrypted = childOf(field, PSKC_NS, 'EncryptedValue');
  if (plain && !encrypted) return { plain: plain.text };
  if (encrypted && !plain) return { bytes: keys.decryptRaw(encrypted, true, childOf(field, PSKC_NS, 'ValueMAC')) };
  return malformed(`${field.name} needs exactly one of PlainValue and EncryptedValue`);
}

function intField(data: XmlElement, name: string, keys: ContainerKeys, signed = false): number | undefined {
  const field = childOf(data, PSKC_NS, name);
  if (!field) return undefined;
  const v = dataValue(field, keys);
  if ('plain' in v) return integer(v.plain, name, signed);
  // an encrypted integer is its big-endian two's-complement (signed) or unsigned bytes
  if (v.bytes.length < 1 || v.bytes.length > 8) malformed(`${name} has the wrong length`);
  let n = 0n;
  for (const b of v.bytes) n = (n << 8n) | BigInt(b);
  if (signed && v.bytes[0]! & 0x80) n -= 1n << BigInt(8 * v.bytes.length);
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) malformed(`${name} is out of range`);
  return Number(n);
}

function hashFromSuite(suite: string | undefined): OtpHash {
  if (suite === undefined || suite.trim() === '') return 'SHA-1';
  const m = /SHA-?(1|256|512)\b/i.exec(suite);
  const hash = m ? (`SHA-${m[1]}` as OtpHash) : undefined;
  if (!hash || !OTP_HASHES.includes(hash)) unsupported(`algorithm suite ${suite} is not supported`);
  return hash;
}

function dateTime(el: XmlElement | undefined, what: string): Date | undefined {
  if (!el) return undefined;
  const t = el.text;
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(t) ? Date.parse(t) : NaN;
  if (Number.isNaN(ms)) malformed(`${what} is not a dateTime with a time zone`);
  return new Date(ms);
}

const UNDERSTOOD_POLICY = new Set(['StartDate', 'ExpiryDate', 'KeyUsage', 'PINPolicy']);

function readPolicy(key: XmlElement): PskcPolicy | undefined {
  const policy = childOf(key, PSKC_NS, 'Policy');
  if (!policy) return undefined;
  const pin = childOf(policy, PSKC_NS, 'PINPolicy');
  return {
    // a PIN the device checks itself is the device's business; any other mode would need the server to know the PIN
    understood: policy.children.every((c) => c.ns === PSKC_NS && UNDERSTOOD_POLICY.has(c.name)) && (!pin || pin.attrs.PINUsageMode === 'Local'),
    keyUsage: childrenOf(policy, PSKC_NS, 'KeyUsage').map((u) => u.text),
    startDate: dateTime(childOf(policy, PSKC_NS, 'StartDate'), 'StartDate'),
    expiryDate: dateTime(childOf(policy, PSKC_NS, 'ExpiryDate'), 'ExpiryDate'),
  };
}

function readKey(pkg: XmlElement, key: XmlElement, keys: ContainerKeys): PskcKey {
  const uri = key.attrs.Algorithm ?? malformed('a Key has no Algorithm');
  const algorithm = uri === HOTP_URI ? 'hotp' : uri === TOTP_URI ? 'totp' : unsupported(`key algorithm ${uri} is not supported`);
  const params = childOf(key, PSKC_NS, 'AlgorithmParameters');
  const format = params && childOf(params, PSKC_NS, 'ResponseFormat');
  const encoding = format?.attrs.Encoding ?? 'DECIMAL';
  if (encoding !== 'DECIMAL') unsupported(`response encoding ${encoding} is not supported`);
  const digits = format?.attrs.Length === undefined ? 6 : integer(format.attrs.Length, 'ResponseFormat Length');
  if (digits < 6 || digits > 10) unsupported(`a ${digits}-digit response is not supported`);
  const hash = hashFromSuite(params && childOf(params, PSKC_NS, 'Suite')?.text);

  const data = requiredChild(key, PSKC_NS, 'Data');
  const secretValue = dataValue(requiredChild(data, PSKC_NS, 'Secret'), keys);
  const secret = 'bytes' in secretValue ? secretValue.bytes : base64(secretValue.plain, 'Secret');
  if (secret.length === 0) malformed('the Secret is empty');

  const device = childOf(pkg, PSKC_NS, 'DeviceInfo');
  const text = (name: string): string | undefined => (device && childOf(device, PSKC_NS, name)?.text) || undefined;
  const out: Omit<PskcKey, 'secret'> = {
    serial: text('SerialNo'),
    manufacturer: text('Manufacturer'),
    model: text('Model'),
    keyId: key.attrs.Id,
    algorithm,
    digits,
    hash,
    counter: intField(data, 'Counter', keys),
    period: intField(data, 'TimeInterval', keys),
    t0: intField(data, 'Time', keys),
    drift: intField(data, 'TimeDrift', keys, true),
    policy: readPolicy(key),
  };
  if (out.period !== undefined && out.period < 1) malformed('TimeInterval must be positive');
  Object.defineProperty(out, 'secret', { value: secret, enumerable: false });
  return out as PskcKey;
}

/** Every key of the container, in file order. Throws PSKC_MALFORMED, PSKC_UNSUPPORTED, PSKC_KEY_REQUIRED or PSKC_DECRYPT_FAILED. */
export function parsePskc(xml: string, options: PskcOptions = {}): PskcKey[] {
  const root = parseXml(xml);
  if (root.ns !== PSKC_NS || root.name !== 'KeyContainer') malformed('the root is not a PSKC KeyContainer');
  const version = root.attrs.Version ?? malformed('KeyContainer has no Version');
  if (version !== '1.0') unsupported(`PSKC version ${version} is not supported`);
  const keys = new ContainerKeys(root, options);
  const out: PskcKey[] = [];
  for (const pkg of childrenOf(root, PSKC_NS, 'KeyPackage')) {
    const key = childOf(pkg, PSKC_NS, 'Key');
    if (key) out.push(readKey(pkg, key, keys));
  }
  return out;
}
