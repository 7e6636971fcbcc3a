import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import {
  decodeCom,
  encodeCom,
  decodeDg1,
  encodeDg1,
  decodeDg2,
  encodeDg2,
  decodeDg11,
  encodeDg11,
  decodeDg12,
  encodeDg12,
  decodeDg14,
  encodeDg14,
  decodeSecurityInfos,
  decodeDg15,
  encodeDg15,
} from '../src/lds/index.js';
import { fromHex } from '../src/bytes.js';
import { encodeTlv, readTlv } from '../src/tlv.js';
import { MrtdError } from '../src/errors.js';

/** The property: a decoder returns or throws MrtdError, nothing else. */
function onlyMrtdErrors(decode: (b: Uint8Array) => unknown, bytes: Uint8Array): boolean {
  try {
    decode(bytes);
    return true;
  } catch (e) {
    if (e instanceof MrtdError) return true;
    throw e;
  }
}

// a raw JPEG 2000 codestream header, enough for format detection (fuzzing needs no real pixels)
const J2K = fromHex('FF4FFF51 0029 0000 00000010 0000000C');
const ecKey = new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'der' }));
const rsaKey = new Uint8Array(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }));

const decoders: [string, (b: Uint8Array) => unknown, number, Uint8Array[]][] = [
  ['EF.COM', decodeCom, 0x60, [encodeCom({ ldsVersion: '0107', unicodeVersion: '040000', tags: [0x61, 0x75, 0x6e, 0x6f] })]],
  [
    'DG1',
    decodeDg1,
    0x61,
    [encodeDg1(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'])],
  ],
  [
    'DG2',
    decodeDg2,
    0x75,
    [encodeDg2({ faces: [{ image: J2K, width: 16, height: 12, featurePoints: [{ type: 1, code: 0x11, x: 3, y: 4 }] }] })],
  ],
  ['DG11', decodeDg11, 0x6b, [encodeDg11({ fullName: 'ÅSE<<B', otherNames: ['X<<Y', 'Z'], fullDateOfBirth: '19740812', proofOfCitizenship: fromHex('FFD8FF') })]],
  ['DG12', decodeDg12, 0x6c, [encodeDg12({ issuingAuthority: 'RIGSPOLITIET', namesOfOtherPersons: ['A<<B'], dateAndTimeOfPersonalization: '20240115093000' })]],
  [
    'DG14',
    decodeDg14,
    0x6e,
    [
      encodeDg14({
        securityInfos: [
          { kind: 'ActiveAuthentication', protocol: '2.23.136.1.1.5', version: 1, signatureAlgorithm: '1.2.840.10045.4.3.2' },
          { kind: 'ChipAuthentication', protocol: '0.4.0.127.0.7.2.2.3.2.2', version: 1, keyId: 1 },
          { kind: 'ChipAuthenticationPublicKey', protocol: '0.4.0.127.0.7.2.2.1.2', publicKey: ecKey, keyId: 1 },
          { kind: 'PACE', protocol: '0.4.0.127.0.7.2.2.4.2.2', version: 2, parameterId: 12 },
          { kind: 'TerminalAuthentication', protocol: '0.4.0.127.0.7.2.2.2', version: 1 },
        ],
      }),
    ],
  ],
  ['SecurityInfos', decodeSecurityInfos, 0x31, []],
  ['DG15', decodeDg15, 0x6f, [encodeDg15(rsaKey), encodeDg15(ecKey)]],
];
// SecurityInfos alone: the DG14 sample without its 6E wrapper
decoders[6]![3].push(readTlv(decoders[5]![3][0]!).value);

const runs = { numRuns: 300 };

describe.each(decoders)('%s decoder on hostile bytes', (_name, decode, tag, samples) => {
  it('decodes its valid samples', () => {
    for (const s of samples) expect(() => decode(s)).not.toThrow();
  });

  it('random bytes: only MrtdError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => onlyMrtdErrors(decode, b)), runs);
  });

  it('random content under the right outer tag: only MrtdError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => onlyMrtdErrors(decode, encodeTlv(tag, b))), runs);
  });

  it('single-byte mutations and truncations of valid files: only MrtdError', () => {
    for (const sample of samples) {
      fc.assert(
        fc.property(fc.nat({ max: sample.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, value) => {
          const mutated = sample.slice();
          mutated[at] = value;
          return onlyMrtdErrors(decode, mutated) && onlyMrtdErrors(decode, sample.subarray(0, at));
        }),
        runs,
      );
    }
  });

  it('every truncation of valid files is refused', () => {
    for (const sample of samples) {
      for (let n = 0; n < sample.length; n++) {
        expect(() => decode(sample.subarray(0, n))).toThrow(MrtdError);
      }
    }
  });
});
