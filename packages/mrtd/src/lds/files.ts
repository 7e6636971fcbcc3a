/** The LDS elementary files: file identifier, short file identifier and outer tag (Doc 9303 Part 10 §3.6, Table 36). */
export type LdsFileName =
  | 'COM' | 'SOD' | 'CardAccess'
  | 'DG1' | 'DG2' | 'DG3' | 'DG4' | 'DG5' | 'DG6' | 'DG7' | 'DG8'
  | 'DG9' | 'DG10' | 'DG11' | 'DG12' | 'DG13' | 'DG14' | 'DG15' | 'DG16';

export interface LdsFileInfo {
  name: LdsFileName;
  fid: number;
  sfi: number;
  tag: number;
  /** data group number, or undefined for COM / SOD / CardAccess */
  dg?: number;
}

const dgTags = [0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70];

export const LDS_FILES: readonly LdsFileInfo[] = [
  { name: 'COM', fid: 0x011e, sfi: 0x1e, tag: 0x60 },
  { name: 'SOD', fid: 0x011d, sfi: 0x1d, tag: 0x77 },
  { name: 'CardAccess', fid: 0x011c, sfi: 0x1c, tag: 0x31 },
  ...dgTags.map((tag, i) => ({ name: `DG${i + 1}` as LdsFileName, fid: 0x0101 + i, sfi: i + 1, tag, dg: i + 1 })),
];

export function ldsFile(name: LdsFileName): LdsFileInfo {
  return LDS_FILES.find((f) => f.name === name)!;
}

export function ldsFileByTag(tag: number): LdsFileInfo | undefined {
  return LDS_FILES.find((f) => f.tag === tag && f.name !== 'CardAccess');
}

export function ldsFileByDg(dg: number): LdsFileInfo | undefined {
  return LDS_FILES.find((f) => f.dg === dg);
}

/** The eMRTD LDS1 application identifier (Doc 9303 Part 10 §3.1.2). */
export const LDS1_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);
