/**
 * EF.DG1 (Doc 9303 Part 10 §4.7.1): template 61 holding the MRZ as one data object 5F1F,
 * the lines concatenated without separators. The length tells the document format
 * (Doc 9303 Parts 4–6): TD1 3×30, TD2 2×36 (and MRV-B), TD3 2×44 (and MRV-A).
 */
import { requireTlv, readTlvs, encodeTlv } from '../tlv.js';
import { ldsFile } from './files.js';
import { guarded, malformed, outer, printableAscii } from './guard.js';

type MrzFormat = 'TD1' | 'TD2' | 'TD3';

export interface Dg1 {
  format: MrzFormat;
  lines: string[];
}

const TAG_MRZ = 0x5f1f;

const layouts: readonly { format: MrzFormat; lines: number; width: number }[] = [
  { format: 'TD1', lines: 3, width: 30 },
  { format: 'TD2', lines: 2, width: 36 },
  { format: 'TD3', lines: 2, width: 44 },
];

const MRZ_CHARS = /^[A-Z0-9<]*$/;

export function decodeDg1(file: Uint8Array): Dg1 {
  return guarded('DG1', () => {
    const dg1 = outer(file, ldsFile('DG1').tag, 'DG1');
    readTlvs(dg1.value);
    const text = printableAscii(requireTlv(dg1.value, TAG_MRZ, 'DG1').value, 'DG1');
    const layout = layouts.find((l) => l.lines * l.width === text.length);
    if (!layout) throw malformed('DG1', `MRZ of ${text.length} characters fits no document format`);
    if (!MRZ_CHARS.test(text)) throw malformed('DG1', 'MRZ holds characters outside A-Z, 0-9 and <');
    const lines: string[] = [];
    for (let i = 0; i < layout.lines; i++) lines.push(text.slice(i * layout.width, (i + 1) * layout.width));
    return { format: layout.format, lines };
  });
}

export function encodeDg1(lines: string[]): Uint8Array {
  const layout = layouts.find((l) => l.lines === lines.length && lines.every((line) => line.length === l.width));
  if (!layout) throw malformed('DG1', `cannot encode ${lines.length} MRZ lines of lengths ${lines.map((l) => l.length).join('/')}`);
  const text = lines.join('');
  if (!MRZ_CHARS.test(text)) throw malformed('DG1', 'cannot encode MRZ characters outside A-Z, 0-9 and <');
  return encodeTlv(ldsFile('DG1').tag, encodeTlv(TAG_MRZ, new TextEncoder().encode(text)));
}
