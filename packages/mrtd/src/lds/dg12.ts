/**
 * EF.DG12, additional document details (Doc 9303 Part 10 §4.7.12). Every element is
 * optional; text is UTF-8 kept as stored.
 */
import { ldsFile } from './files.js';
import { decodeDetailFields, encodeDetailFields } from './detail-fields.js';
import type { FieldSpec, FieldValues } from './detail-fields.js';

export interface Dg12 {
  issuingAuthority?: string;
  /** CCYYMMDD */
  dateOfIssue?: string;
  namesOfOtherPersons?: string[];
  endorsementsAndObservations?: string;
  taxOrExitRequirements?: string;
  /** images (ISO/IEC 10918) */
  imageOfFront?: Uint8Array;
  imageOfRear?: Uint8Array;
  /** CCYYMMDDhhmmss */
  dateAndTimeOfPersonalization?: string;
  personalizationSystemSerialNumber?: string;
}

// Doc 9303 Part 10 §4.7.12, in the order the elements are written.
const DG12_FIELDS: readonly FieldSpec[] = [
  { tag: 0x5f19, key: 'issuingAuthority', kind: 'text' },
  { tag: 0x5f26, key: 'dateOfIssue', kind: 'date8' },
  { tag: 0x5f1a, key: 'namesOfOtherPersons', kind: 'list' },
  { tag: 0x5f1b, key: 'endorsementsAndObservations', kind: 'text' },
  { tag: 0x5f1c, key: 'taxOrExitRequirements', kind: 'text' },
  { tag: 0x5f1d, key: 'imageOfFront', kind: 'binary' },
  { tag: 0x5f1e, key: 'imageOfRear', kind: 'binary' },
  { tag: 0x5f55, key: 'dateAndTimeOfPersonalization', kind: 'datetime14' },
  { tag: 0x5f56, key: 'personalizationSystemSerialNumber', kind: 'text' },
];

export function decodeDg12(file: Uint8Array): Dg12 {
  return decodeDetailFields(file, ldsFile('DG12').tag, DG12_FIELDS, 'DG12') as Dg12;
}

export function encodeDg12(d: Dg12): Uint8Array {
  return encodeDetailFields(ldsFile('DG12').tag, DG12_FIELDS, d as FieldValues, 'DG12');
}
