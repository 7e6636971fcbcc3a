/**
 * SecurityInfos (ICAO Doc 9303 Part 11 §9.2, BSI TR-03110 Part 3 §A.1): a SET OF
 * SEQUENCE { protocol OBJECT IDENTIFIER, requiredData ANY, optionalData ANY OPTIONAL },
 * read from DG14 and (for PACE) from EF.CardAccess. The protocol OID tells the kind.
 */
import { AsnParser, AsnProp, AsnPropTypes, AsnSerializer, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { concat, equalBytes } from '../bytes.js';
import { readTlvs, readSingle, encodeTlv } from '../tlv.js';
import { guarded, malformed, tlvStart } from './guard.js';

export type SecurityInfo =
  | { kind: 'ActiveAuthentication'; protocol: string; version: number; signatureAlgorithm: string; raw: Uint8Array }
  | { kind: 'ChipAuthentication'; protocol: string; version: number; keyId?: number; raw: Uint8Array }
  | { kind: 'ChipAuthenticationPublicKey'; protocol: string; publicKey: Uint8Array; keyId?: number; raw: Uint8Array }
  | { kind: 'PACE'; protocol: string; version: number; parameterId?: number; raw: Uint8Array }
  | { kind: 'TerminalAuthentication'; protocol: string; version: number; raw: Uint8Array }
  | { kind: 'unknown'; protocol: string; raw: Uint8Array };

type WithoutRaw<T> = T extends unknown ? Omit<T, 'raw'> : never;

/** A SecurityInfo to encode: `raw` may be left out for every kind but 'unknown'. */
export type SecurityInfoInput = WithoutRaw<SecurityInfo> & { raw?: Uint8Array };

// ICAO Doc 9303 Part 11 §9.2.5 and BSI TR-03110 Part 3 §A.1.1
const BSI_PROTOCOLS = '0.4.0.127.0.7.2.2';
export const SECURITY_INFO_OIDS = {
  /** id-icao-mrtd-security-aaProtocolObject */
  AA: '2.23.136.1.1.5',
  /** id-PK: id-PK-DH = .1, id-PK-ECDH = .2 */
  PK: `${BSI_PROTOCOLS}.1`,
  TA: `${BSI_PROTOCOLS}.2`,
  /** id-CA: id-CA-DH = .1, id-CA-ECDH = .2, each followed by the cipher (.1 3DES, .2/.3/.4 AES) */
  CA: `${BSI_PROTOCOLS}.3`,
  /** id-PACE: mapping and key agreement, then the cipher */
  PACE: `${BSI_PROTOCOLS}.4`,
} as const;
const { AA: OID_AA, PK: OID_PK, TA: OID_TA, CA: OID_CA, PACE: OID_PACE } = SECURITY_INFO_OIDS;

@AsnType({ type: AsnTypeTypes.Sequence })
class GenericInfo {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier }) protocol = '';
  @AsnProp({ type: AsnPropTypes.Any }) requiredData: ArrayBuffer | null = null;
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) optionalData?: ArrayBuffer | null;
}

@AsnType({ type: AsnTypeTypes.Sequence })
class ActiveAuthenticationInfoAsn {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier }) protocol = '';
  @AsnProp({ type: AsnPropTypes.Integer }) version: number | string = 0;
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier }) signatureAlgorithm = '';
}

/** ChipAuthenticationInfo, PACEInfo and TerminalAuthenticationInfo share this shape. */
@AsnType({ type: AsnTypeTypes.Sequence })
class VersionedInfoAsn {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier }) protocol = '';
  @AsnProp({ type: AsnPropTypes.Integer }) version: number | string = 0;
  @AsnProp({ type: AsnPropTypes.Integer, optional: true }) id?: number | string;
}

@AsnType({ type: AsnTypeTypes.Sequence })
class TerminalAuthenticationInfoAsn {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier }) protocol = '';
  @AsnProp({ type: AsnPropTypes.Integer }) version: number | string = 0;
  // efCVCA FileID: kept only inside `raw`
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) efCvca?: ArrayBuffer | null;
}

@AsnType({ type: AsnTypeTypes.Sequence })
class ChipAuthenticationPublicKeyInfoAsn {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier }) protocol = '';
  @AsnProp({ type: SubjectPublicKeyInfo }) chipAuthenticationPublicKey = new SubjectPublicKeyInfo();
  @AsnProp({ type: AsnPropTypes.Integer, optional: true }) keyId?: number | string;
}

type Kind = SecurityInfo['kind'];

function arcs(oid: string): number {
  return oid.split('.').length;
}

/** The kind from the protocol OID; domain parameter infos and others are 'unknown'. */
export function securityInfoKind(protocol: string): Kind {
  if (protocol === OID_AA) return 'ActiveAuthentication';
  if (protocol === OID_TA) return 'TerminalAuthentication';
  // id-CA-DH-3DES-CBC-CBC = id-CA 1 1 etc.; id-CA-DH itself names the domain parameters
  if (protocol.startsWith(`${OID_CA}.`) && arcs(protocol) === arcs(OID_CA) + 2) return 'ChipAuthentication';
  if (protocol.startsWith(`${OID_PK}.`) && arcs(protocol) === arcs(OID_PK) + 1) return 'ChipAuthenticationPublicKey';
  if (protocol.startsWith(`${OID_PACE}.`) && arcs(protocol) === arcs(OID_PACE) + 2) return 'PACE';
  return 'unknown';
}

function smallInt(v: number | string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw malformed('SecurityInfo', `${what} out of range`);
  return v;
}

function decodeOne(raw: Uint8Array): SecurityInfo {
  const { protocol } = AsnParser.parse(raw, GenericInfo);
  const kind = securityInfoKind(protocol);
  switch (kind) {
    case 'ActiveAuthentication': {
      const a = AsnParser.parse(raw, ActiveAuthenticationInfoAsn);
      return { kind, protocol, version: smallInt(a.version, 'version')!, signatureAlgorithm: a.signatureAlgorithm, raw };
    }
    case 'ChipAuthentication': {
      const a = AsnParser.parse(raw, VersionedInfoAsn);
      const keyId = smallInt(a.id, 'keyId');
      return { kind, protocol, version: smallInt(a.version, 'version')!, ...(keyId === undefined ? {} : { keyId }), raw };
    }
    case 'PACE': {
      const a = AsnParser.parse(raw, VersionedInfoAsn);
      const parameterId = smallInt(a.id, 'parameterId');
      return { kind, protocol, version: smallInt(a.version, 'version')!, ...(parameterId === undefined ? {} : { parameterId }), raw };
    }
    case 'TerminalAuthentication': {
      const a = AsnParser.parse(raw, TerminalAuthenticationInfoAsn);
      return { kind, protocol, version: smallInt(a.version, 'version')!, raw };
    }
    case 'ChipAuthenticationPublicKey': {
      const a = AsnParser.parse(raw, ChipAuthenticationPublicKeyInfoAsn);
      // the key's exact encoding, as the chip stored it: the second element of the SEQUENCE
      const seq = readSingle(raw, 0x30, 'ChipAuthenticationPublicKeyInfo');
      const spki = readTlvs(seq.value)[1];
      if (!spki || spki.tag !== 0x30) throw malformed('SecurityInfo', 'chip authentication public key missing');
      const publicKey = raw.slice(seq.headerLength + tlvStart(spki), seq.headerLength + spki.end);
      const keyId = smallInt(a.keyId, 'keyId');
      return { kind, protocol, publicKey, ...(keyId === undefined ? {} : { keyId }), raw };
    }
    default:
      return { kind: 'unknown', protocol, raw };
  }
}

/** Decodes a DER SET OF SecurityInfo (tag 31), as in DG14 or EF.CardAccess. */
export function decodeSecurityInfos(set: Uint8Array): SecurityInfo[] {
  return guarded('SecurityInfos', () => {
    const outer = readSingle(set, 0x31, 'SecurityInfos');
    const offset = outer.headerLength;
    return readTlvs(outer.value).map((t) => {
      if (t.tag !== 0x30) throw malformed('SecurityInfos', `element with tag ${t.tag.toString(16)} is not a SEQUENCE`);
      return decodeOne(set.slice(offset + tlvStart(t), offset + t.end));
    });
  });
}

function serialize(obj: object): Uint8Array {
  return new Uint8Array(AsnSerializer.serialize(obj));
}

function encodeFields(info: SecurityInfoInput): Uint8Array {
  switch (info.kind) {
    case 'ActiveAuthentication':
      return serialize(Object.assign(new ActiveAuthenticationInfoAsn(), { protocol: info.protocol, version: info.version, signatureAlgorithm: info.signatureAlgorithm }));
    case 'ChipAuthentication':
      return serialize(Object.assign(new VersionedInfoAsn(), { protocol: info.protocol, version: info.version, id: info.keyId }));
    case 'PACE':
      return serialize(Object.assign(new VersionedInfoAsn(), { protocol: info.protocol, version: info.version, id: info.parameterId }));
    case 'TerminalAuthentication':
      return serialize(Object.assign(new TerminalAuthenticationInfoAsn(), { protocol: info.protocol, version: info.version }));
    case 'ChipAuthenticationPublicKey': {
      const key = AsnParser.parse(info.publicKey, SubjectPublicKeyInfo);
      return serialize(Object.assign(new ChipAuthenticationPublicKeyInfoAsn(), { protocol: info.protocol, chipAuthenticationPublicKey: key, keyId: info.keyId }));
    }
    default:
      throw malformed('SecurityInfos', `cannot encode an unknown SecurityInfo (${info.protocol}) without its raw bytes`);
  }
}

function sameFields(a: SecurityInfoInput, b: SecurityInfo): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => k !== 'raw'));
  for (const k of keys) {
    const x = (a as Record<string, unknown>)[k];
    const y = (b as Record<string, unknown>)[k];
    if (x instanceof Uint8Array && y instanceof Uint8Array ? !equalBytes(x, y) : x !== y) return false;
  }
  return true;
}

/**
 * One SecurityInfo's DER. A decoded info whose fields are unchanged keeps its raw bytes
 * (they may hold parts the fields do not model, such as TA's efCVCA); otherwise the
 * fields are encoded afresh.
 */
function encodeOne(info: SecurityInfoInput): Uint8Array {
  if (info.raw) {
    readSingle(info.raw, 0x30, 'SecurityInfo');
    const decoded = decodeOne(info.raw);
    if (info.kind === 'unknown' ? decoded.protocol === info.protocol : sameFields(info, decoded)) return info.raw;
  }
  return encodeFields(info);
}

/** X.690 §11.6: the elements of a DER SET OF in ascending order of their encodings. */
function compareDer(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function encodeSecurityInfos(infos: readonly SecurityInfoInput[]): Uint8Array {
  const encoded = guarded('SecurityInfos', () => infos.map(encodeOne));
  return encodeTlv(0x31, concat(...encoded.sort(compareDer)));
}
