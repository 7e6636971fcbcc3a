/**
 * The card side of READ BINARY (ISO/IEC 7816-4 §11.3.3): even INS B0 with the offset
 * in P1-P2 or a short file identifier in P1, and odd INS B1 with the offset in DO54
 * and the data returned in DO53, which is how offsets beyond 32767 are reached.
 */
import type { CommandApdu, ResponseApdu } from '../apdu.js';
import { SW } from '../errors.js';
import type { LdsFileName } from '../lds/files.js';
import { encodeTlv, readTlv } from '../tlv.js';
import type { CardFileSystem } from './card-file-system.js';
import { maxContentInDo53, tlvSize } from './response-limits.js';

export interface ReadBinaryPolicy {
  /** the largest response data field the card will return now (its own limit and what the link carries) */
  limit: number;
  /** answer to an Le above the limit: 6700, or 6Cxx giving the length that would work */
  wrongLe: 'wrong-length' | 'correct-le';
  /** answer when fewer than Ne bytes remain: 6282 with the bytes, or 9000 with them */
  endOfFile: 'warning' | 'ok';
  /** access control: false answers 6982 */
  mayRead(name: LdsFileName): boolean;
}

const status = (sw: number): ResponseApdu => ({ data: new Uint8Array(0), sw });

interface Target {
  file: LdsFileName;
  offset: number;
}

function evenTarget(fs: CardFileSystem, cmd: CommandApdu): Target | number {
  if ((cmd.data?.length ?? 0) > 0) return SW.WRONG_LENGTH;
  if (cmd.p1 & 0x80) {
    if (cmd.p1 & 0x60) return SW.INCORRECT_P1P2;
    const file = fs.selectBySfi(cmd.p1 & 0x1f);
    return file ? { file, offset: cmd.p2 } : SW.FILE_NOT_FOUND;
  }
  const file = fs.current;
  if (!file) return 0x6986; // command not allowed: no current EF
  return { file, offset: (cmd.p1 << 8) | cmd.p2 };
}

function oddTarget(fs: CardFileSystem, cmd: CommandApdu): Target | number {
  const data = cmd.data ?? new Uint8Array(0);
  let offset: number;
  try {
    const t = readTlv(data, 0);
    if (t.tag !== 0x54 || t.end !== data.length || t.value.length < 1 || t.value.length > 3) return SW.WRONG_DATA;
    offset = t.value.reduce((acc, b) => acc * 256 + b, 0);
  } catch {
    return SW.WRONG_DATA;
  }
  const p1p2 = (cmd.p1 << 8) | cmd.p2;
  let file: LdsFileName | undefined;
  if (p1p2 === 0) {
    file = fs.current;
    if (!file) return 0x6986;
  } else if (cmd.p1 === 0 && cmd.p2 <= 0x1f) {
    file = fs.selectBySfi(cmd.p2);
  } else {
    file = fs.selectByFid(p1p2) === SW.OK ? fs.current : undefined;
  }
  return file ? { file, offset } : SW.FILE_NOT_FOUND;
}

export function readBinary(fs: CardFileSystem, cmd: CommandApdu, odd: boolean, policy: ReadBinaryPolicy): ResponseApdu {
  const target = odd ? oddTarget(fs, cmd) : evenTarget(fs, cmd);
  if (typeof target === 'number') return status(target);
  if (!policy.mayRead(target.file)) return status(SW.SECURITY_STATUS_NOT_SATISFIED);
  const content = fs.content(target.file)!;
  const ne = cmd.ne ?? 0;
  if (ne === 0) return status(SW.WRONG_LENGTH);
  if (target.offset >= content.length) return status(SW.WRONG_P1P2);

  const remaining = content.length - target.offset;
  const fieldFor = (n: number) => (odd ? tlvSize(n) : n);
  if (ne > policy.limit) {
    const right = Math.min(policy.limit, fieldFor(remaining));
    if (policy.wrongLe === 'correct-le' && right <= 256) return status(0x6c00 | (right & 0xff));
    return status(SW.WRONG_LENGTH);
  }
  const n = Math.min(remaining, odd ? maxContentInDo53(ne) : ne);
  if (n === 0) return status(SW.WRONG_LENGTH);
  const slice = content.slice(target.offset, target.offset + n);
  const data = odd ? encodeTlv(0x53, slice) : slice;
  const short = n === remaining && data.length < ne && policy.endOfFile === 'warning';
  return { data, sw: short ? SW.WARNING_END_OF_FILE : SW.OK };
}
