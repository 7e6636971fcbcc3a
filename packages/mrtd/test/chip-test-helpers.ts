/** Shared fixtures for the chip and reader tests: files of random bytes in their outer tags. */
import { randomBytes } from 'node:crypto';
import { decodeResponse, encodeCommand, type CommandApdu, type ResponseApdu } from '../src/apdu.js';
import { concat, fromHex } from '../src/bytes.js';
import { ldsFile, type LdsFileName } from '../src/lds/files.js';
import type { MrzKey } from '../src/mrz/key.js';
import { encodeTlv } from '../src/tlv.js';
import type { Transport } from '../src/transport.js';

/** The ICAO Doc 9303 Part 11 Appendix D.1 specimen: L898902C<, born 690806, expires 940623. */
export const MRZ_KEY: MrzKey = { documentNumber: 'L898902C', dateOfBirth: '690806', dateOfExpiry: '940623' };

/** A file of `valueLength` random bytes inside the outer tag of `name`. */
export function randomFile(name: LdsFileName, valueLength: number): Uint8Array {
  return encodeTlv(ldsFile(name).tag, new Uint8Array(randomBytes(valueLength)));
}

export function comListing(...dgs: LdsFileName[]): Uint8Array {
  return encodeTlv(
    0x60,
    concat(encodeTlv(0x5f01, fromHex('30313037')), encodeTlv(0x5f36, fromHex('303430303030')), encodeTlv(0x5c, Uint8Array.from(dgs.map((d) => ldsFile(d).tag)))),
  );
}

export async function send(t: Transport, cmd: CommandApdu | Uint8Array): Promise<ResponseApdu> {
  return decodeResponse(await t.transceive(cmd instanceof Uint8Array ? cmd : encodeCommand(cmd)));
}

/** Records every command and response crossing it. */
export class RecordingTransport implements Transport {
  readonly log: { command: Uint8Array; response: Uint8Array }[] = [];
  constructor(private readonly inner: Transport) {}
  async transceive(command: Uint8Array): Promise<Uint8Array> {
    const response = await this.inner.transceive(command);
    this.log.push({ command, response });
    return response;
  }
  /** status words of the plain (unprotected) responses, in order */
  get statusWords(): number[] {
    return this.log.map((e) => decodeResponse(e.response).sw);
  }
  get instructions(): number[] {
    return this.log.map((e) => e.command[1]!);
  }
}

/** Byte-exact comparison that stays fast on large files (deep equality walks them element by element). */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  if (Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(expected)) return;
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  throw new Error(`bytes differ at offset ${i} (lengths ${actual.length} and ${expected.length})`);
}
