/**
 * EF.DG11, additional personal details (Doc 9303 Part 10 §4.7.11). Every element is
 * optional; text is UTF-8 kept as stored (names with '<<' between primary and secondary
 * identifier, as in the MRZ; places and addresses with '<' between fields).
 */
import { ldsFile } from './files.js';
import { decodeDetailFields, encodeDetailFields } from './detail-fields.js';
import type { FieldSpec, FieldValues } from './detail-fields.js';

export interface Dg11 {
  fullName?: string;
  otherNames?: string[];
  personalNumber?: string;
  /** CCYYMMDD */
  fullDateOfBirth?: string;
  placeOfBirth?: string;
  permanentAddress?: string;
  telephone?: string;
  profession?: string;
  title?: string;
  personalSummary?: string;
  /** an image (ISO/IEC 10918) */
  proofOfCitizenship?: Uint8Array;
  otherValidTdNumbers?: string;
  custodyInformation?: string;
}

// Doc 9303 Part 10 §4.7.11, in the order the elements are written.
const DG11_FIELDS: readonly FieldSpec[] = [
  { tag: 0x5f0e, key: 'fullName', kind: 'text' },
  { tag: 0x5f0f, key: 'otherNames', kind: 'list' },
  { tag: 0x5f10, key: 'personalNumber', kind: 'text' },
  { tag: 0x5f2b, key: 'fullDateOfBirth', kind: 'date8' },
  { tag: 0x5f11, key: 'placeOfBirth', kind: 'text' },
  { tag: 0x5f42, key: 'permanentAddress', kind: 'text' },
  { tag: 0x5f12, key: 'telephone', kind: 'text' },
  { tag: 0x5f13, key: 'profession', kind: 'text' },
  { tag: 0x5f14, key: 'title', kind: 'text' },
  { tag: 0x5f15, key: 'personalSummary', kind: 'text' },
  { tag: 0x5f16, key: 'proofOfCitizenship', kind: 'binary' },
  { tag: 0x5f17, key: 'otherValidTdNumbers', kind: 'text' },
  { tag: 0x5f18, key: 'custodyInformation', kind: 'text' },
];

export function decodeDg11(file: Uint8Array): Dg11 {
  return decodeDetailFields(file, ldsFile('DG11').tag, DG11_FIELDS, 'DG11') as Dg11;
}

export function encodeDg11(d: Dg11): Uint8Array {
  return encodeDetailFields(ldsFile('DG11').tag, DG11_FIELDS, d as FieldValues, 'DG11');
}
