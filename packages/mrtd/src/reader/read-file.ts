/**
 * READ BINARY with adaptive length, the way JMRTD's file system reads an LDS file:
 * read a few bytes to learn the outer TLV's length, then the rest in the largest chunks
 * the link allows. The largest short read under secure messaging comes from the
 * wrapper; extended length is tried once per channel and given up on 6700; the card's
 * 6Cxx is taken at its word; 6700 on a short read halves it. What was learned is kept
 * per channel so the next file starts with it. Offsets beyond 32767 use the odd INS B1.
 */
import { INS, type CommandApdu, type ResponseApdu } from '../apdu.js';
import { MrtdError, statusError, SW } from '../errors.js';
import { ldsFile, type LdsFileName } from '../lds/files.js';
import { encodeLength, encodeTlv, readTlv } from '../tlv.js';
import type { ApduChannel } from '../transport.js';
import { selectFile } from './select.js';
import { tlvExtent } from './tlv-extent.js';

export interface ReadFileOptions {
  /** select and first read by short file identifier (READ BINARY P1 = 80|SFI), saving the SELECT */
  useSfi?: boolean;
  /** cap on the data field asked for in one READ BINARY */
  maxRead?: number;
  /** called after every chunk with bytes read so far and the file's length */
  onProgress?: (read: number, total: number) => void;
}

/** Enough for any LDS outer tag (1 byte) and length (up to 84 xx xx xx xx). */
const HEADER_BYTES = 8;
/** Largest extended read asked for: leaves room for the secure messaging wrapping within Ne = 65536. */
const EXTENDED_CHUNK = 0xff00;
/** Even READ BINARY carries the offset in 15 bits (ISO/IEC 7816-4 §11.3.3). */
const MAX_EVEN_OFFSET = 0x7fff;
/** A hard stop against a card that keeps changing its mind about lengths. */
const MAX_RETRIES = 24;

interface LinkState {
  extended: 'unknown' | 'yes' | 'no';
  /** learned largest short read (from 6Cxx or by halving on 6700) */
  shortLimit?: number;
  /** learned largest extended read (by halving on 6700 once extended worked) */
  extendedLimit?: number;
}

const links = new WeakMap<ApduChannel, LinkState>();

function linkState(channel: ApduChannel): LinkState {
  let s = links.get(channel);
  if (!s) {
    s = { extended: 'unknown' };
    links.set(channel, s);
  }
  return s;
}

/** Reads a whole LDS file; the result is byte-exact, its outer TLV included. */
export async function readFile(channel: ApduChannel, file: LdsFileName, opts: ReadFileOptions = {}): Promise<Uint8Array> {
  const step = `READ_BINARY:${file}`;
  const reader = new ChunkReader(channel, step, opts.maxRead);
  const sfi = opts.useSfi ? ldsFile(file).sfi : undefined;
  if (sfi === undefined) await selectFile(channel, file);

  const head = await reader.read(0, HEADER_BYTES, sfi);
  let total: number;
  try {
    total = tlvExtent(head.data, file);
  } catch (e) {
    if (e instanceof MrtdError) throw new MrtdError(e.code, `${step}: ${e.message}`, { step, cause: e });
    throw e;
  }
  if (head.data.length >= total) {
    opts.onProgress?.(total, total);
    return head.data.slice(0, total);
  }
  if (head.endOfFile) throw truncated(step, head.data.length, total);

  const out = new Uint8Array(total);
  out.set(head.data);
  let offset = head.data.length;
  opts.onProgress?.(offset, total);
  while (offset < total) {
    const chunk = await reader.read(offset, total - offset);
    out.set(chunk.data.subarray(0, total - offset), offset);
    offset += Math.min(chunk.data.length, total - offset);
    opts.onProgress?.(offset, total);
    if (chunk.endOfFile && offset < total) throw truncated(step, offset, total);
  }
  return out;
}

function truncated(step: string, read: number, total: number): MrtdError {
  return new MrtdError('READ_FAILED', `${step}: file ends after ${read} of the ${total} bytes its TLV announces`, { step });
}

interface Chunk {
  data: Uint8Array;
  /** the card said the file ended (6282) */
  endOfFile: boolean;
}

class ChunkReader {
  private readonly link: LinkState;

  constructor(
    private readonly channel: ApduChannel,
    private readonly step: string,
    private readonly maxRead: number | undefined,
  ) {
    this.link = linkState(channel);
  }

  private shortChunk(): number {
    return Math.min(this.channel.sm?.maxShortPlain ?? 256, this.link.shortLimit ?? 256, this.maxRead ?? 256);
  }

  private extendedChunk(): number {
    return Math.min(this.link.extendedLimit ?? EXTENDED_CHUNK, this.maxRead ?? EXTENDED_CHUNK);
  }

  /** Reads up to `wanted` bytes at `offset`; `sfi` reads by short file identifier (offsets up to 255). */
  async read(offset: number, wanted: number, sfi?: number): Promise<Chunk> {
    const odd = offset > MAX_EVEN_OFFSET;
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const short = this.shortChunk();
      // the response data field to ask for: DO53 around the bytes for the odd INS
      const field = odd ? do53Size(wanted) : wanted;
      // extended only where it buys something a short APDU cannot carry
      const extended = this.link.extended !== 'no' && Math.min(field, this.extendedChunk()) > 256;
      const ne = Math.min(field, extended ? this.extendedChunk() : short);
      const resp = await this.channel.send(command(offset, ne, odd, sfi), this.step);

      if (resp.sw === SW.OK || resp.sw === SW.WARNING_END_OF_FILE) {
        if (extended && this.link.extended === 'unknown') this.link.extended = 'yes';
        const data = odd ? this.unwrapDo53(resp) : resp.data;
        if (data.length === 0) {
          throw new MrtdError('READ_FAILED', `${this.step}: card returned no data at offset ${offset}`, { step: this.step, sw: resp.sw });
        }
        return { data, endOfFile: resp.sw === SW.WARNING_END_OF_FILE };
      }
      if (resp.sw === SW.WRONG_LENGTH) {
        this.wrongLength(extended, ne, resp.sw);
        continue;
      }
      if ((resp.sw & 0xff00) === 0x6c00) {
        const exact = resp.sw & 0xff || 256;
        if (exact >= ne) throw statusError(resp.sw, this.step);
        if (extended) this.link.extended = 'no';
        this.link.shortLimit = exact;
        continue;
      }
      throw statusError(resp.sw, this.step);
    }
    throw new MrtdError('READ_FAILED', `${this.step}: no read length the card accepts`, { step: this.step });
  }

  private wrongLength(extended: boolean, ne: number, sw: number): void {
    if (extended && this.link.extended === 'unknown') {
      // one try: a chip that refuses an extended Le is taken to have no extended length
      this.link.extended = 'no';
      return;
    }
    const half = Math.floor(ne / 2);
    if (extended) {
      this.link.extendedLimit = half;
      if (half <= this.shortChunk()) this.link.extended = 'no';
      return;
    }
    if (half < 1) throw statusError(sw, this.step);
    this.link.shortLimit = half;
  }

  private unwrapDo53(resp: ResponseApdu): Uint8Array {
    try {
      const t = readTlv(resp.data, 0);
      if (t.tag === 0x53 && t.end === resp.data.length) return t.value;
    } catch {
      // fall through to the typed error
    }
    throw new MrtdError('READ_FAILED', `${this.step}: odd-INS READ BINARY answer is not one DO53`, { step: this.step, sw: resp.sw });
  }
}

function do53Size(n: number): number {
  return 1 + encodeLength(n).length + n;
}

function command(offset: number, ne: number, odd: boolean, sfi: number | undefined): CommandApdu {
  if (odd) {
    const bytes = offset > 0xffff ? Uint8Array.of(offset >> 16, (offset >> 8) & 0xff, offset & 0xff) : Uint8Array.of(offset >> 8, offset & 0xff);
    return { cla: 0, ins: INS.READ_BINARY_ODD, p1: 0, p2: 0, data: encodeTlv(0x54, bytes), ne };
  }
  if (sfi !== undefined && offset <= 0xff) return { cla: 0, ins: INS.READ_BINARY, p1: 0x80 | sfi, p2: offset, ne };
  return { cla: 0, ins: INS.READ_BINARY, p1: offset >> 8, p2: offset & 0xff, ne };
}
