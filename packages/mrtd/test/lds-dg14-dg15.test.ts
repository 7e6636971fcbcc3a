import { describe, it, expect } from 'vitest';
import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import {
  decodeDg14,
  encodeDg14,
  decodeSecurityInfos,
  activeAuthenticationHash,
  decodeDg15,
  encodeDg15,
} from '../src/lds/index.js';
import type { SecurityInfoInput } from '../src/lds/index.js';
import { fromHex, hex } from '../src/bytes.js';
import { encodeTlv } from '../src/tlv.js';
import { codeOf } from './support/errors.js';


const spki = (key: ReturnType<typeof generateKeyPairSync>['publicKey']) => new Uint8Array(key.export({ type: 'spki', format: 'der' }));

// ActiveAuthenticationInfo: 2.23.136.1.1.5, version 1, ecdsa-with-SHA256 (Doc 9303 Part 11 §9.2.8)
const AA_INFO = '3015 0606678108010105 020101 06082A8648CE3D040302';
// ChipAuthenticationInfo: id-CA-ECDH-AES-CBC-CMAC-128 (0.4.0.127.0.7.2.2.3.2.2), version 1, keyId 7 (BSI TR-03110 Part 3 §A.1.1.2)
const CA_INFO = '3012 060A04007F00070202030202 020101 020107';
// TerminalAuthenticationInfo: id-TA, version 1, efCVCA FileID { '011C' }
const TA_INFO = '3013 0608 04007F0007020202 020101 3004 0402011C';
// PACEDomainParameterInfo (id-PACE-ECDH-GM, no cipher arc): modelled as unknown
const PACE_DOMAIN = '3013 0609 04007F000702020402 3003 020101 020112';

describe('DG14', () => {
  it('decodes hand-built AA, CA and TA infos', () => {
    const file = encodeTlv(0x6e, encodeTlv(0x31, fromHex(AA_INFO + CA_INFO + TA_INFO + PACE_DOMAIN)));
    const dg14 = decodeDg14(file);
    expect(dg14.securityInfos.map(({ raw: _raw, ...rest }) => rest)).toEqual([
      { kind: 'ActiveAuthentication', protocol: '2.23.136.1.1.5', version: 1, signatureAlgorithm: '1.2.840.10045.4.3.2' },
      { kind: 'ChipAuthentication', protocol: '0.4.0.127.0.7.2.2.3.2.2', version: 1, keyId: 7 },
      { kind: 'TerminalAuthentication', protocol: '0.4.0.127.0.7.2.2.2', version: 1 },
      { kind: 'unknown', protocol: '0.4.0.127.0.7.2.2.4.2' },
    ]);
    expect(hex(dg14.securityInfos[0]!.raw)).toBe(hex(fromHex(AA_INFO)));
    expect(activeAuthenticationHash(dg14)).toBe('sha256');
    // unchanged infos keep their bytes, so TA's efCVCA survives; the SET comes out in DER order
    const again = decodeDg14(encodeDg14(dg14));
    expect(again.securityInfos.map((i) => hex(i.raw)).sort()).toEqual(dg14.securityInfos.map((i) => hex(i.raw)).sort());
  });

  it('round-trips infos built from fields, with a real chip authentication key', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const key = spki(publicKey);
    const infos: SecurityInfoInput[] = [
      { kind: 'ActiveAuthentication', protocol: '2.23.136.1.1.5', version: 1, signatureAlgorithm: '1.2.840.10045.4.3.3' },
      { kind: 'ChipAuthentication', protocol: '0.4.0.127.0.7.2.2.3.2.4', version: 1 },
      { kind: 'ChipAuthenticationPublicKey', protocol: '0.4.0.127.0.7.2.2.1.2', publicKey: key, keyId: 1 },
      { kind: 'PACE', protocol: '0.4.0.127.0.7.2.2.4.2.2', version: 2, parameterId: 12 },
    ];
    const file = encodeDg14({ securityInfos: infos });
    const dg14 = decodeDg14(file);
    const byKind = new Map(dg14.securityInfos.map((i) => [i.kind, i]));
    expect(byKind.get('ActiveAuthentication')).toMatchObject(infos[0]!);
    expect(byKind.get('ChipAuthentication')).toMatchObject(infos[1]!);
    expect(byKind.get('PACE')).toMatchObject(infos[3]!);
    const pk = byKind.get('ChipAuthenticationPublicKey');
    expect(pk?.kind === 'ChipAuthenticationPublicKey' && hex(pk.publicKey)).toBe(hex(key));
    expect(pk?.kind === 'ChipAuthenticationPublicKey' && pk.keyId).toBe(1);
    expect(activeAuthenticationHash(dg14)).toBe('sha384');
    expect(hex(encodeDg14(dg14))).toBe(hex(file));
    // the SET OF is in DER order (X.690 §11.6)
    const raws = dg14.securityInfos.map((i) => hex(i.raw));
    expect(raws).toEqual([...raws].sort());
  });

  it('re-encodes a decoded info whose fields were changed', () => {
    const dg14 = decodeDg14(encodeTlv(0x6e, encodeTlv(0x31, fromHex(CA_INFO))));
    const info = dg14.securityInfos[0]!;
    if (info.kind !== 'ChipAuthentication') throw new Error('expected CA info');
    const changed = decodeDg14(encodeDg14({ securityInfos: [{ ...info, keyId: 9 }] }));
    expect(changed.securityInfos[0]).toMatchObject({ kind: 'ChipAuthentication', keyId: 9 });
  });

  it('decodes the PACEInfo of ICAO Doc 9303 Part 11 Appendix I.1 as EF.CardAccess holds it', () => {
    const cardAccess = fromHex('3114 3012060A 04007F00 07020204 06020201 0202010D');
    const [info, ...rest] = decodeSecurityInfos(cardAccess);
    expect(rest).toHaveLength(0);
    expect(info).toMatchObject({ kind: 'PACE', protocol: '0.4.0.127.0.7.2.2.4.6.2', version: 2, parameterId: 13 });
    expect(hex(encodeTlv(0x31, info!.raw))).toBe(hex(cardAccess));
  });

  it('refuses raw bytes with anything after the SecurityInfo', () => {
    const raw = fromHex(CA_INFO + '00');
    expect(
      codeOf(() => encodeDg14({ securityInfos: [{ kind: 'ChipAuthentication', protocol: '0.4.0.127.0.7.2.2.3.2.2', version: 1, keyId: 7, raw }] })),
    ).toBe('TLV_MALFORMED');
  });

  it('maps each ECDSA AA algorithm to its hash and RSA AA (no AA info) to none', () => {
    const aa = (oid: string) =>
      activeAuthenticationHash({ securityInfos: [{ kind: 'ActiveAuthentication', protocol: '2.23.136.1.1.5', version: 1, signatureAlgorithm: oid, raw: new Uint8Array(0) }] });
    expect(aa('1.2.840.10045.4.1')).toBe('sha1');
    expect(aa('1.2.840.10045.4.3.1')).toBe('sha224');
    expect(aa('1.2.840.10045.4.3.4')).toBe('sha512');
    expect(aa('0.4.0.127.0.7.1.1.4.1.3')).toBe('sha256');
    expect(aa('1.2.840.113549.1.1.11')).toBeUndefined();
    expect(activeAuthenticationHash({ securityInfos: [] })).toBeUndefined();
  });

  it('refuses malformed infos with typed errors', () => {
    // AA info without its signature algorithm
    expect(codeOf(() => decodeSecurityInfos(fromHex('310D 300B 0606678108010105 020101')))).toBe('LDS_MALFORMED');
    // an element whose length runs past the SET
    expect(codeOf(() => decodeSecurityInfos(fromHex('310D 300C 0606678108010105 020101')))).toBe('TLV_TRUNCATED');
    expect(codeOf(() => decodeSecurityInfos(fromHex('3103 020101')))).toBe('LDS_MALFORMED'); // not a SEQUENCE
    expect(codeOf(() => decodeSecurityInfos(fromHex('3107 3005 0603550403')))).toBe('LDS_MALFORMED'); // no requiredData
    expect(codeOf(() => decodeSecurityInfos(fromHex('3117 3015 0606678108010105 0201FF 06082A8648CE3D040302')))).toBe('LDS_MALFORMED'); // version -1
    expect(codeOf(() => decodeDg14(fromHex('6F02 3100')))).toBe('TLV_MALFORMED');
    expect(codeOf(() => encodeDg14({ securityInfos: [{ kind: 'unknown', protocol: '1.2.3' }] }))).toBe('LDS_MALFORMED');
  });
});

describe('DG15', () => {
  it('holds an RSA Active Authentication key', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const key = spki(publicKey);
    const file = encodeDg15(key);
    expect(file[0]).toBe(0x6f);
    const dg15 = decodeDg15(file);
    expect(dg15.keyType).toBe('rsa');
    expect(hex(dg15.publicKey)).toBe(hex(key));
    expect(createPublicKey({ key: Buffer.from(dg15.publicKey), format: 'der', type: 'spki' }).asymmetricKeyType).toBe('rsa');
  });

  it.each(['prime256v1', 'brainpoolP256r1', 'secp384r1'])('holds an EC key on %s', (namedCurve) => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve });
    const key = spki(publicKey);
    const dg15 = decodeDg15(encodeDg15(key));
    expect(dg15.keyType).toBe('ec');
    expect(hex(dg15.publicKey)).toBe(hex(key));
    expect(createPublicKey({ key: Buffer.from(dg15.publicKey), format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve).toBe(namedCurve);
  });

  it('refuses keys of other algorithms, broken keys and trailing bytes', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    expect(codeOf(() => encodeDg15(spki(publicKey)))).toBe('LDS_MALFORMED');
    expect(codeOf(() => decodeDg15(encodeTlv(0x6f, spki(publicKey))))).toBe('LDS_MALFORMED');
    const ec = spki(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey);
    const broken = ec.slice();
    broken[broken.length - 65] = 0x05; // point format byte
    expect(codeOf(() => decodeDg15(encodeTlv(0x6f, broken)))).toBe('LDS_MALFORMED');
    expect(codeOf(() => decodeDg15(encodeTlv(0x6f, ec, fromHex('00'))))).toBe('TLV_MALFORMED');
    expect(codeOf(() => decodeDg15(encodeTlv(0x6f, fromHex('3000'))))).toBe('LDS_MALFORMED');
  });
});
