/**
 * The chip's file tree, as far as an eMRTD has one: the master file holding
 * EF.CardAccess, and the LDS1 application holding EF.COM, EF.SOD and the data groups
 * (Doc 9303 Part 10 §3). Tracks the selected application and the current EF.
 */
import { LDS1_AID, LDS_FILES, type LdsFileInfo, type LdsFileName } from '../lds/files.js';
import { equalBytes } from '../bytes.js';
import { SW } from '../errors.js';

const MF_FID = 0x3f00;

export class CardFileSystem {
  private appSelected = false;
  private currentFile: LdsFileName | undefined;

  constructor(private readonly files: ReadonlyMap<LdsFileName, Uint8Array>) {}

  get current(): LdsFileName | undefined {
    return this.currentFile;
  }

  content(name: LdsFileName): Uint8Array | undefined {
    return this.files.get(name);
  }

  /** SELECT with P1 04 (by DF name): only the LDS1 application exists. */
  selectApplication(aid: Uint8Array): number {
    if (!equalBytes(aid, LDS1_AID)) return SW.FILE_NOT_FOUND;
    this.appSelected = true;
    this.currentFile = undefined;
    return SW.OK;
  }

  /** SELECT with P1 00 (MF) or 02 (EF under the current DF). */
  selectByFid(fid: number): number {
    if (fid === MF_FID) {
      this.appSelected = false;
      this.currentFile = undefined;
      return SW.OK;
    }
    const info = this.reachable((f) => f.fid === fid);
    if (!info) return SW.FILE_NOT_FOUND;
    this.currentFile = info.name;
    return SW.OK;
  }

  /** Resolves a short file identifier and makes it the current EF, as READ BINARY with SFI does (ISO/IEC 7816-4 §7.2.2). */
  selectBySfi(sfi: number): LdsFileName | undefined {
    const info = this.reachable((f) => f.sfi === sfi);
    if (info) this.currentFile = info.name;
    return info?.name;
  }

  /** EF.CardAccess lives in the MF and is always reachable; the LDS1 files only once their application is selected. */
  private reachable(match: (f: LdsFileInfo) => boolean): LdsFileInfo | undefined {
    const info = LDS_FILES.find(match);
    if (!info || !this.files.has(info.name)) return undefined;
    if (info.name !== 'CardAccess' && !this.appSelected) return undefined;
    return info;
  }
}
