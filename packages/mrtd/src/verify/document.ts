/**
 * The whole-document verdict the server relies on: passive authentication of every
 * file read, DG1 against the MRZ the user scanned, and Active Authentication of a
 * challenge the verifier chose. Active Authentication counts only when passive
 * authentication passed and covered DG15: an unsigned key proves nothing.
 */
import { activeAuthenticationHash, decodeDg1, decodeDg14, decodeDg15 } from '../lds/index.js';
import { ldsFile, type LdsFileName } from '../lds/files.js';
import { MrtdError, type MrtdErrorCode } from '../errors.js';
import { parseMrz, type Mrz } from '../mrz/index.js';
import { passiveAuthentication, type PassiveAuthResult, type TrustStore } from '../pki/index.js';
import { verifyActiveAuthentication } from '../protocols/index.js';

export type ActiveAuthenticationOutcome = 'passed' | 'failed' | 'not-supported' | 'not-checked';

export interface VerifyDocumentOptions {
  files: Map<LdsFileName, Uint8Array>;
  trust: TrustStore;
  /** the MRZ the user scanned or typed; DG1 must equal it */
  expectedMrz?: string[] | Mrz;
  /** the chip's answer to a challenge the verifier chose for this session */
  activeAuthentication?: { challenge: Uint8Array; signature: Uint8Array };
  /** refuse chips that cannot prove they are no clone (no DG15) */
  requireActiveAuthentication?: boolean;
  now: Date;
}

export interface DocumentError {
  code: MrtdErrorCode;
  message: string;
}

export interface DocumentVerdict {
  genuine: boolean;
  errors: DocumentError[];
  passive: PassiveAuthResult;
  activeAuthentication: ActiveAuthenticationOutcome;
  /** the MRZ stored in the chip, parsed */
  mrz?: Mrz;
  dg1MatchesMrz: boolean;
}

function asError(e: unknown, fallback: MrtdErrorCode): DocumentError {
  if (e instanceof MrtdError) return { code: e.code, message: e.message };
  return { code: fallback, message: (e as Error).message };
}

function sameMrz(a: Mrz, expected: string[] | Mrz): boolean {
  const lines = Array.isArray(expected) ? parseMrz(expected).lines : expected.lines;
  return a.lines.length === lines.length && a.lines.every((l, i) => l === lines[i]);
}

export function verifyDocument(o: VerifyDocumentOptions): DocumentVerdict {
  const errors: DocumentError[] = [];
  let mrz: Mrz | undefined;
  const dg1 = o.files.get('DG1');
  if (!dg1) errors.push({ code: 'DOC_FILE_MISSING', message: 'DG1 was not read' });
  else {
    try {
      mrz = parseMrz(decodeDg1(dg1).lines);
    } catch (e) {
      errors.push(asError(e, 'LDS_MALFORMED'));
    }
  }
  const sod = o.files.get('SOD');
  const dataGroups = new Map<number, Uint8Array>();
  for (const [name, bytes] of o.files) {
    const dg = ldsFile(name).dg;
    if (dg !== undefined) dataGroups.set(dg, bytes);
  }
  const passive: PassiveAuthResult = sod
    ? passiveAuthentication({ sod, dataGroups, trust: o.trust, now: o.now, ...(mrz ? { issuingState: mrz.issuingState } : {}) })
    : { valid: false, errors: [{ code: 'DOC_FILE_MISSING', message: 'EF.SOD was not read' }], checkedDataGroups: [], missingDataGroups: [] };
  errors.push(...passive.errors);

  let dg1MatchesMrz = false;
  if (mrz && o.expectedMrz) {
    try {
      dg1MatchesMrz = sameMrz(mrz, o.expectedMrz);
    } catch (e) {
      errors.push(asError(e, 'MRZ_FORMAT'));
    }
    if (!dg1MatchesMrz) errors.push({ code: 'DOC_MRZ_MISMATCH', message: 'the MRZ in the chip differs from the MRZ scanned' });
  } else if (mrz) dg1MatchesMrz = true;

  const activeAuthentication = checkActiveAuthentication(o, passive, errors);
  if (activeAuthentication === 'not-supported' && o.requireActiveAuthentication) {
    errors.push({ code: 'AA_NOT_SUPPORTED', message: 'the chip offers no Active Authentication (DG15)' });
  }
  if (activeAuthentication === 'not-checked' && o.files.has('DG15')) {
    errors.push({ code: 'AA_NOT_PERFORMED', message: 'no Active Authentication answer was given for a chip that supports it' });
  }
  const genuine =
    errors.length === 0 &&
    passive.valid &&
    dg1MatchesMrz &&
    (activeAuthentication === 'passed' || (activeAuthentication === 'not-supported' && !o.requireActiveAuthentication));
  return { genuine, errors, passive, activeAuthentication, ...(mrz ? { mrz } : {}), dg1MatchesMrz };
}

function checkActiveAuthentication(o: VerifyDocumentOptions, passive: PassiveAuthResult, errors: DocumentError[]): ActiveAuthenticationOutcome {
  const dg15 = o.files.get('DG15');
  if (!dg15) return 'not-supported';
  if (!o.activeAuthentication) return 'not-checked';
  if (!passive.valid || !passive.checkedDataGroups.includes(15)) {
    errors.push({ code: 'AA_UNTRUSTED_KEY', message: 'the Active Authentication key is not covered by a valid SOD' });
    return 'failed';
  }
  try {
    const { publicKey } = decodeDg15(dg15);
    const dg14 = o.files.get('DG14');
    const ecdsaHash = dg14 ? activeAuthenticationHash(decodeDg14(dg14)) : undefined;
    verifyActiveAuthentication({ publicKey, ...o.activeAuthentication, ...(ecdsaHash ? { ecdsaHash } : {}) });
    return 'passed';
  } catch (e) {
    errors.push(asError(e, 'AA_SIGNATURE_INVALID'));
    return 'failed';
  }
}
