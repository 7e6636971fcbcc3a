/**
 * The test issuer: makes a complete chip image (COM, DG1, DG2, DG11, DG14, DG15, SOD) for
 * an MRZ and a photo, signed by a test Document Signer under a test CSCA, and, on
 * request, forgeries that a verifier must refuse, each for its own reason.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { HashName } from '../crypto/index.js';
import { encodeCom, encodeDg1, encodeDg11, encodeDg14, encodeDg15, encodeDg2, type Dg11 } from '../lds/index.js';
import { ldsFile, type LdsFileName } from '../lds/files.js';
import { mrzKeyFromMrz, parseMrz } from '../mrz/index.js';
import type { MrzKey } from '../mrz/key.js';
import { hashDataGroups, signSod, type SignatureAlgorithm } from '../pki/index.js';
import { secureRandom, type RandomSource } from '../random.js';
import { createTestCsca, createTestDocumentSigner, type TestAuthority } from './authority.js';
import { imageSize } from './image-size.js';

export type Forgery = 'tampered-dg' | 'wrong-signer' | 'expired-signer' | 'clone';
export const FORGERIES: readonly Forgery[] = ['tampered-dg', 'wrong-signer', 'expired-signer', 'clone'];
export type AaKeyKind = 'rsa' | 'ec' | 'none';

export interface IssuePassportOptions {
  /** the MRZ lines printed on the data page (TD3: two lines of 44) */
  mrz: string[];
  /** the face photo for DG2: JPEG, JP2 or JPEG 2000 codestream */
  photo: Uint8Array;
  algorithm?: SignatureAlgorithm;
  hash?: HashName;
  /** the CSCA to sign under; a fresh one is made when absent */
  csca?: TestAuthority;
  /** Active Authentication key in the chip (DG15); 'none' leaves DG15 out */
  activeAuthentication?: AaKeyKind;
  /** RSA modulus of the Active Authentication key (default 1024, as most chips) */
  aaKeyBits?: number;
  dg11?: Dg11;
  forge?: Forgery;
  now: Date;
  random?: RandomSource;
}

export interface IssuedPassport {
  files: Map<LdsFileName, Uint8Array>;
  csca: TestAuthority;
  documentSigner: TestAuthority;
  /** the key inside the chip; for a clone, a key that does not match DG15 */
  aaPrivateKey?: KeyObject;
  mrzKey: MrzKey;
}

const DAY = 86_400_000;
/** ecdsa-with-SHA256 (RFC 5758): the hash the chip uses for ECDSA Active Authentication, announced in DG14. */
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
/** id-icao-mrtd-security-aaProtocolObject (Doc 9303 Part 11 §6.1). */
const AA_PROTOCOL = '2.23.136.1.1.5';

function aaKeyPair(kind: 'rsa' | 'ec', bits = 1024): { privateKey: KeyObject; publicKey: KeyObject } {
  return kind === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 })
    : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

function spki(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ type: 'spki', format: 'der' }));
}

export function issuePassport(o: IssuePassportOptions): IssuedPassport {
  const random = o.random ?? secureRandom;
  const algorithm = o.algorithm ?? 'ecdsa-p256';
  const hash = o.hash ?? 'sha256';
  const mrz = parseMrz(o.mrz);
  const country = mrz.issuingState;
  const csca = o.csca ?? createTestCsca({ country, algorithm, now: o.now, random });

  // A rogue CSCA with the very same name: only key identifiers and signatures tell it apart.
  const signingCsca = o.forge === 'wrong-signer' ? createTestCsca({ country, algorithm, now: o.now, random }) : csca;
  const signerValidity =
    o.forge === 'expired-signer'
      ? { notBefore: new Date(o.now.getTime() - 3 * 365 * DAY), notAfter: new Date(o.now.getTime() - 365 * DAY) }
      : { notBefore: new Date(o.now.getTime() - 30 * DAY), notAfter: new Date(o.now.getTime() + 11 * 365 * DAY) };
  const documentSigner = createTestDocumentSigner(signingCsca, { country, algorithm, random, ...signerValidity });

  const files = new Map<LdsFileName, Uint8Array>();
  files.set('DG1', encodeDg1(mrz.lines));
  const { width, height } = imageSize(o.photo);
  files.set('DG2', encodeDg2({ faces: [{ image: o.photo, width, height }] }));
  if (o.dg11) files.set('DG11', encodeDg11(o.dg11));

  let aaPrivateKey: KeyObject | undefined;
  const aaKind = o.activeAuthentication ?? 'rsa';
  if (aaKind !== 'none') {
    const pair = aaKeyPair(aaKind, o.aaKeyBits);
    aaPrivateKey = pair.privateKey;
    files.set('DG15', encodeDg15(spki(pair.publicKey)));
    if (aaKind === 'ec') {
      files.set(
        'DG14',
        encodeDg14({
          securityInfos: [{ kind: 'ActiveAuthentication', protocol: AA_PROTOCOL, version: 1, signatureAlgorithm: ECDSA_WITH_SHA256 }],
        }),
      );
    }
  }

  const present = [...files.keys()];
  files.set('COM', encodeCom({ ldsVersion: '0107', unicodeVersion: '040000', tags: present.map((n) => ldsFile(n).tag) }));

  const byNumber = new Map<number, Uint8Array>();
  for (const [name, bytes] of files) {
    const dg = ldsFile(name).dg;
    if (dg !== undefined) byNumber.set(dg, bytes);
  }
  files.set(
    'SOD',
    signSod({
      hashAlgorithm: hash,
      dataGroupHashes: hashDataGroups(hash, byNumber),
      signerCertificate: documentSigner.certificate,
      signerKey: documentSigner.privateKey,
      algorithm: documentSigner.algorithm,
      signingTime: o.now,
      ldsVersion: '0107',
      unicodeVersion: '040000',
    }),
  );

  if (o.forge === 'tampered-dg') {
    // Change one byte of the photo after signing: the file still parses, its hash no longer matches.
    const dg2 = files.get('DG2')!.slice();
    const at = dg2.length - 16;
    dg2[at] = dg2[at]! ^ 0x01;
    files.set('DG2', dg2);
  }
  if (o.forge === 'clone' && aaPrivateKey) {
    // Every file copied byte for byte, but the chip's private key cannot be read out: the clone has another.
    aaPrivateKey = aaKeyPair(aaKind === 'ec' ? 'ec' : 'rsa', o.aaKeyBits).privateKey;
  }

  return { files, csca, documentSigner, ...(aaPrivateKey ? { aaPrivateKey } : {}), mrzKey: mrzKeyFromMrz(mrz) };
}
