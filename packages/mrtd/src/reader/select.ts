/** SELECT for the eMRTD application and its elementary files (Doc 9303 Part 10 §3.1, ISO/IEC 7816-4 §11.1.1). */
import { INS } from '../apdu.js';
import { u16 } from '../bytes.js';
import { LDS1_AID, ldsFile, type LdsFileName } from '../lds/files.js';
import type { ApduChannel } from '../transport.js';

/** Selects the LDS1 application by its AID, P2 0C: no FCI wanted. */
export async function selectApplication(channel: ApduChannel): Promise<void> {
  await channel.expectOk({ cla: 0, ins: INS.SELECT, p1: 0x04, p2: 0x0c, data: LDS1_AID }, 'SELECT:LDS1');
}

/** Selects an EF of the current application by its file identifier. */
export async function selectFile(channel: ApduChannel, file: LdsFileName): Promise<void> {
  await channel.expectOk({ cla: 0, ins: INS.SELECT, p1: 0x02, p2: 0x0c, data: u16(ldsFile(file).fid) }, `SELECT:${file}`);
}
