/**
 * The chip decision, shared by both chip modes: passive authentication against the
 * configured trust store, DG1 against the scanned MRZ, Active Authentication of the
 * flow's own challenge. Wraps @openmitid/mrtd's verifyDocument and turns its first error
 * into a wire code.
 */
import { verifyDocument, type LdsFileName, type TrustStore } from '@openmitid/mrtd';
import { isErrorCode, type ErrorCode } from '@openmitid/api';
import { ApiError } from '../errors.js';

export interface ChipEvidence {
  files: Map<LdsFileName, Uint8Array>;
  /** the chip's signature over the flow's challenge */
  activeAuthentication?: { challenge: Uint8Array; signature: Uint8Array };
}

export interface DocumentCheckInput extends ChipEvidence {
  expectedMrz: string[];
  now: Date;
}

export interface DocumentCheckResult {
  activeAuthentication: 'passed' | 'not-supported';
}

/** Decides whether the document is genuine and belongs to the scanned MRZ; throws the refusal's code. */
export type DocumentCheck = (input: DocumentCheckInput) => DocumentCheckResult;

/** mrtd codes whose wire name differs; every other mrtd code is published as is (see @openmitid/api). */
const RENAMED: Record<string, ErrorCode> = {
  DOC_MRZ_MISMATCH: 'CHIP_MRZ_MISMATCH',
  DOC_FILE_MISSING: 'CHIP_FILES_MISSING',
  FILE_NOT_FOUND: 'CHIP_FILES_MISSING',
};

export function wireCodeOf(mrtdCode: string): ErrorCode {
  return RENAMED[mrtdCode] ?? (isErrorCode(mrtdCode) ? mrtdCode : 'CHIP_NOT_GENUINE');
}

export function createDocumentCheck(trust: TrustStore): DocumentCheck {
  return (input) => {
    const verdict = verifyDocument({
      files: input.files,
      trust,
      expectedMrz: input.expectedMrz,
      ...(input.activeAuthentication ? { activeAuthentication: input.activeAuthentication } : {}),
      now: input.now,
    });
    if (!verdict.genuine) {
      const first = verdict.errors[0];
      throw new ApiError(first ? wireCodeOf(first.code) : 'CHIP_NOT_GENUINE', first?.message ?? 'document not genuine');
    }
    return { activeAuthentication: verdict.activeAuthentication === 'passed' ? 'passed' : 'not-supported' };
  };
}
