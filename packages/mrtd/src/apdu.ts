/**
 * Command and response APDUs (ISO/IEC 7816-4 §5.1), short and extended length.
 * `ne` is the number of response bytes expected: 0 = none, 256 in short form is Le=00,
 * 65536 in extended form is Le=0000.
 */
import { concat } from './bytes.js';
import { MrtdError } from './errors.js';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** expected response length; 0 or undefined means no Le field */
  ne?: number;
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

export function needsExtended(cmd: CommandApdu): boolean {
  return (cmd.data?.length ?? 0) > 255 || (cmd.ne ?? 0) > 256;
}

export function encodeCommand(cmd: CommandApdu): Uint8Array {
  const data = cmd.data ?? new Uint8Array(0);
  const ne = cmd.ne ?? 0;
  if (data.length > 65535 || ne > 65536 || ne < 0) throw new MrtdError('APDU_MALFORMED', 'command too long');
  const header = Uint8Array.of(cmd.cla, cmd.ins, cmd.p1, cmd.p2);
  if (!needsExtended(cmd)) {
    const lc = data.length > 0 ? Uint8Array.of(data.length) : new Uint8Array(0);
    const le = ne > 0 ? Uint8Array.of(ne === 256 ? 0 : ne) : new Uint8Array(0);
    return concat(header, lc, data, le);
  }
  const lc = data.length > 0 ? Uint8Array.of(0, data.length >> 8, data.length & 0xff) : new Uint8Array(0);
  const leValue = ne === 65536 ? 0 : ne;
  const le = ne > 0 ? (data.length > 0 ? Uint8Array.of(leValue >> 8, leValue & 0xff) : Uint8Array.of(0, leValue >> 8, leValue & 0xff)) : new Uint8Array(0);
  return concat(header, lc, data, le);
}

/** Parses a command APDU (the card side). Throws APDU_MALFORMED on any inconsistent length. */
export function decodeCommand(bytes: Uint8Array): CommandApdu & { extended: boolean } {
  if (bytes.length < 4) throw new MrtdError('APDU_MALFORMED', 'command shorter than its header');
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const body = bytes.subarray(4);
  const base = { cla, ins, p1, p2 };
  if (body.length === 0) return { ...base, ne: 0, extended: false };
  if (body.length === 1) return { ...base, ne: body[0] === 0 ? 256 : body[0]!, extended: false };
  if (body[0] !== 0) {
    const lc = body[0]!;
    if (body.length === 1 + lc) return { ...base, data: body.slice(1), ne: 0, extended: false };
    if (body.length === 2 + lc) {
      const le = body[1 + lc]!;
      return { ...base, data: body.slice(1, 1 + lc), ne: le === 0 ? 256 : le, extended: false };
    }
    throw new MrtdError('APDU_MALFORMED', 'short Lc does not match the body');
  }
  // extended
  if (body.length === 3) {
    const le = (body[1]! << 8) | body[2]!;
    return { ...base, ne: le === 0 ? 65536 : le, extended: true };
  }
  const lc = (body[1]! << 8) | body[2]!;
  if (lc === 0) throw new MrtdError('APDU_MALFORMED', 'extended Lc of zero');
  if (body.length === 3 + lc) return { ...base, data: body.slice(3, 3 + lc), ne: 0, extended: true };
  if (body.length === 5 + lc) {
    const le = (body[3 + lc]! << 8) | body[4 + lc]!;
    return { ...base, data: body.slice(3, 3 + lc), ne: le === 0 ? 65536 : le, extended: true };
  }
  throw new MrtdError('APDU_MALFORMED', 'extended Lc does not match the body');
}

export function encodeResponse(resp: ResponseApdu): Uint8Array {
  return concat(resp.data, Uint8Array.of(resp.sw >> 8, resp.sw & 0xff));
}

export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new MrtdError('APDU_MALFORMED', 'response shorter than a status word');
  const n = bytes.length;
  return { data: bytes.slice(0, n - 2), sw: (bytes[n - 2]! << 8) | bytes[n - 1]! };
}

/** The instruction bytes the eMRTD protocols use (ICAO Doc 9303 Part 11, ISO/IEC 7816-4). */
export const INS = {
  SELECT: 0xa4,
  READ_BINARY: 0xb0,
  READ_BINARY_ODD: 0xb1,
  GET_CHALLENGE: 0x84,
  EXTERNAL_AUTHENTICATE: 0x82, // MUTUAL AUTHENTICATE in BAC
  INTERNAL_AUTHENTICATE: 0x88,
  MSE: 0x22,
  GENERAL_AUTHENTICATE: 0x86,
} as const;
