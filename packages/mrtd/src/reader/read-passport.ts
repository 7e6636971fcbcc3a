/**
 * The reader façade (JMRTD's PassportService, small): select the application, open
 * secure messaging, read EF.COM, EF.SOD and the data groups COM lists, then answer the
 * caller's Active Authentication challenge. The result is raw bytes; parsing and
 * passive authentication are the caller's next step.
 */
import { activeAuthenticationSignatureLength } from '../crypto/signature-length.js';
import { isMrtdError, SW } from '../errors.js';
import { decodeDg15 } from '../lds/dg15.js';
import { ldsFile, type LdsFileName } from '../lds/files.js';
import type { MrzKey } from '../mrz/key.js';
import { performActiveAuthentication } from '../protocols/active-authentication-request.js';
import { performBac } from '../protocols/bac.js';
import type { RandomSource } from '../random.js';
import { ApduChannel, CountingTransport, type Transport } from '../transport.js';
import { dataGroupsListedIn } from './com-listing.js';
import { readFile } from './read-file.js';
import { selectApplication } from './select.js';

export interface ReadPassportOptions {
  key: MrzKey;
  /** files wanted (default COM, SOD, DG1, DG2, DG11, DG12, DG14, DG15); data groups COM does not list are skipped */
  files?: LdsFileName[];
  /** the caller's challenge (8 bytes); Active Authentication runs only with it and only when DG15 was read */
  activeAuthenticationChallenge?: Uint8Array;
  random?: RandomSource;
  onProgress?: (file: LdsFileName, read: number, total: number) => void;
  /** select files by short file identifier instead of SELECT (one APDU less per file) */
  useSfi?: boolean;
  /** cap on the data field of one READ BINARY */
  maxRead?: number;
}

export interface ChipReadResult {
  files: Map<LdsFileName, Uint8Array>;
  activeAuthentication?: { challenge: Uint8Array; signature: Uint8Array };
  apdus: number;
  bytesSent: number;
  bytesReceived: number;
}

export const DEFAULT_PASSPORT_FILES: readonly LdsFileName[] = ['COM', 'SOD', 'DG1', 'DG2', 'DG11', 'DG12', 'DG14', 'DG15'];

/** Without these there is nothing to verify: any failure reading them is fatal. */
const REQUIRED: ReadonlySet<LdsFileName> = new Set(['COM', 'SOD', 'DG1', 'DG2']);
/** Fingerprints and iris need Extended Access Control; read only when asked for by name. */
const EAC_ONLY: ReadonlySet<LdsFileName> = new Set(['DG3', 'DG4']);

export async function readPassport(transport: Transport, opts: ReadPassportOptions): Promise<ChipReadResult> {
  const counting = new CountingTransport(transport);
  const channel = new ApduChannel(counting);
  const wanted = opts.files ?? DEFAULT_PASSPORT_FILES;
  const read = (name: LdsFileName) =>
    readFile(channel, name, {
      ...(opts.useSfi !== undefined && { useSfi: opts.useSfi }),
      ...(opts.maxRead !== undefined && { maxRead: opts.maxRead }),
      onProgress: (done, total) => opts.onProgress?.(name, done, total),
    });

  await selectApplication(channel);
  // PACE seam: a PACE-capable reader reads EF.CardAccess here (from the MF, before or
  // instead of selecting the application); when it lists PACEInfo, PACE replaces BAC
  // below and returns its own secure messaging on the same channel.
  await performBac(channel, opts.key, opts.random);

  const files = new Map<LdsFileName, Uint8Array>();
  files.set('COM', await read('COM'));
  const listed = dataGroupsListedIn(files.get('COM')!);

  for (const name of wanted) {
    if (files.has(name) || name === 'CardAccess') continue;
    if (ldsFile(name).dg !== undefined && !listed.has(name)) continue;
    if (EAC_ONLY.has(name) && opts.files === undefined) continue;
    try {
      files.set(name, await read(name));
    } catch (e) {
      const optionalMiss = isMrtdError(e) && (e.sw === SW.SECURITY_STATUS_NOT_SATISFIED || e.code === 'FILE_NOT_FOUND');
      if (REQUIRED.has(name) || !optionalMiss) throw e;
    }
  }

  const result: ChipReadResult = { files, apdus: 0, bytesSent: 0, bytesReceived: 0 };
  const challenge = opts.activeAuthenticationChallenge;
  if (challenge && files.has('DG15')) {
    const ne = activeAuthenticationLe(files.get('DG15')!, channel.sm?.maxShortPlain ?? 256);
    result.activeAuthentication = { challenge: new Uint8Array(challenge), signature: await performActiveAuthentication(channel, challenge, { ne }) };
  }
  result.apdus = counting.stats.apdus;
  result.bytesSent = counting.stats.bytesSent;
  result.bytesReceived = counting.stats.bytesReceived;
  return result;
}

/**
 * The Le for INTERNAL AUTHENTICATE: a signature longer than a short protected response
 * (RSA keys above ~1800 bits) can only come back with extended length.
 */
function activeAuthenticationLe(dg15: Uint8Array, maxShort: number): number {
  let length: number | undefined;
  try {
    length = activeAuthenticationSignatureLength(decodeDg15(dg15).publicKey);
  } catch {
    length = undefined;
  }
  // undefined: the verifier reports an unusable key; the chip may still answer
  return length !== undefined && length > maxShort ? 65536 : 256;
}
