/**
 * A virtual eMRTD chip: the card side of the same protocol stack the reader uses, over
 * its own file system. It answers every command with a status word the way an
 * ISO/IEC 7816-4 card does (bad input never throws out of `transceive`), so the
 * reader's fallbacks and error paths can be driven without hardware.
 */
import type { KeyObject } from 'node:crypto';
import { decodeCommand, encodeResponse, INS, type CommandApdu, type ResponseApdu } from '../apdu.js';
import type { HashName } from '../crypto/hash.js';
import { isMrtdError, SW } from '../errors.js';
import type { LdsFileName } from '../lds/files.js';
import type { MrzKey } from '../mrz/key.js';
import { secureRandom, type RandomSource } from '../random.js';
import type { Transport } from '../transport.js';
import { CardBac } from '../protocols/card-bac.js';
import type { CardSecureMessaging } from '../protocols/card-secure-messaging.js';
import { signActiveAuthentication } from '../protocols/active-authentication.js';
import { CardFileSystem } from './card-file-system.js';
import { readBinary } from './read-binary.js';
import { maxPlainInProtected, protectedResponseSize } from './response-limits.js';

export interface LatencyModel {
  /** fixed cost of one APDU round trip (card processing, field turnaround), in ms */
  perApduMs: number;
  /** link bit rate in bit/s, e.g. 106_000 or 424_000 for ISO/IEC 14443 */
  bitRate: number;
  /** actually wait the modelled time in `transceive` (default false: only add it up) */
  sleep?: boolean;
}

export interface VirtualChipOptions {
  files: ReadonlyMap<LdsFileName, Uint8Array>;
  mrzKey: MrzKey;
  /** the Active Authentication key matching DG15; without it INTERNAL AUTHENTICATE answers 6D00 */
  aaPrivateKey?: KeyObject;
  aaHash?: HashName;
  /** largest data field returned by one READ BINARY (default 231, the most a short 3DES-protected response carries) */
  maxResponseLength?: number;
  /** accept extended-length APDUs (default false: they get 6700) */
  extendedLength?: boolean;
  /** how an Le above maxResponseLength is refused: 6700 (default) or 6Cxx with the length that works */
  wrongLe?: 'wrong-length' | 'correct-le';
  /** a read that hits the end of the file: 6282 with the bytes (default) or plain 9000 */
  endOfFile?: 'warning' | 'ok';
  /** LDS files (all but EF.CardAccess) need BAC first (default true) */
  requireBac?: boolean;
  random?: RandomSource;
  latency?: LatencyModel;
}

/** Data groups that need Extended Access Control (Doc 9303 Part 11 §7): never readable after BAC alone. */
const EAC_PROTECTED: ReadonlySet<LdsFileName> = new Set(['DG3', 'DG4']);

const status = (sw: number): ResponseApdu => ({ data: new Uint8Array(0), sw });

interface SmSession {
  sm: CardSecureMessaging;
  blockSize: number;
}

export class VirtualChip implements Transport {
  private readonly fs: CardFileSystem;
  private readonly maxResponseLength: number;
  private readonly random: RandomSource;
  private session: SmSession | undefined;
  private authenticated = false;
  private readonly bac: CardBac;
  private modelled = 0;

  constructor(private readonly options: VirtualChipOptions) {
    this.maxResponseLength = options.maxResponseLength ?? 231;
    if (!Number.isInteger(this.maxResponseLength) || this.maxResponseLength < 1 || this.maxResponseLength > 65536) {
      throw new RangeError('maxResponseLength must be an integer in 1..65536');
    }
    this.fs = new CardFileSystem(new Map(options.files));
    this.random = options.random ?? secureRandom;
    this.bac = new CardBac(options.mrzKey, this.random);
  }

  /** Σ (perApduMs + 8·(command + response bytes)/bitRate·1000) over every APDU so far: what a real link would take. */
  get modelledMs(): number {
    return this.modelled;
  }

  /** Whether a secure messaging session is up (BAC done and not aborted). */
  get secureMessaging(): boolean {
    return this.session !== undefined;
  }

  async transceive(command: Uint8Array): Promise<Uint8Array> {
    let answer: ResponseApdu;
    try {
      answer = this.process(command);
    } catch {
      // a card has no exceptions: anything unforeseen is "no precise diagnosis"
      answer = status(SW.UNKNOWN);
    }
    const response = encodeResponse(answer);
    const latency = this.options.latency;
    if (latency) {
      const ms = latency.perApduMs + ((8 * (command.length + response.length)) / latency.bitRate) * 1000;
      this.modelled += ms;
      if (latency.sleep) await new Promise((resolve) => setTimeout(resolve, ms));
    }
    return response;
  }

  private process(raw: Uint8Array): ResponseApdu {
    let cmd: ReturnType<typeof decodeCommand>;
    try {
      cmd = decodeCommand(raw);
    } catch {
      return status(SW.WRONG_LENGTH);
    }
    // only the basic channel, no chaining; bits 3-4 say secure messaging (ISO/IEC 7816-4 §5.4.1)
    if ((cmd.cla & ~0x0c) !== 0) return status(SW.CLA_NOT_SUPPORTED);
    const protectedCmd = (cmd.cla & 0x0c) === 0x0c;
    const session = this.session;
    if (!protectedCmd) {
      if (session) {
        // Doc 9303 Part 11 §9.8.3: a plain command aborts the session and resets access rights
        this.abortSession();
        return status(SW.SM_DATA_MISSING);
      }
      return this.execute(cmd, cmd.extended, undefined);
    }
    if (!session) return status(SW.SM_DATA_INCORRECT);
    let inner: CommandApdu;
    try {
      inner = session.sm.unwrapCommand(cmd);
    } catch (e) {
      // §9.8.5: an SM error aborts the session and is answered without SM
      this.abortSession();
      return status(isMrtdError(e, 'SM_MALFORMED') ? SW.SM_DATA_MISSING : SW.SM_DATA_INCORRECT);
    }
    const extended = cmd.extended || (inner.ne ?? 0) > 256 || (inner.data?.length ?? 0) > 255;
    let resp = this.execute(inner, extended, session);
    // READ BINARY keeps within the link by itself; this catches the rest (a 2048-bit RSA
    // Active Authentication signature does not fit a short protected response)
    if (!this.options.extendedLength && protectedResponseSize(resp.data.length, session.blockSize) > 256) resp = status(SW.WRONG_LENGTH);
    return session.sm.wrapResponse(resp);
  }

  private execute(cmd: CommandApdu, extended: boolean, session: SmSession | undefined): ResponseApdu {
    if (extended && !this.options.extendedLength) return status(SW.WRONG_LENGTH);
    switch (cmd.ins) {
      case INS.SELECT:
        return this.select(cmd);
      case INS.READ_BINARY:
      case INS.READ_BINARY_ODD:
        return readBinary(this.fs, cmd, cmd.ins === INS.READ_BINARY_ODD, {
          limit: this.responseLimit(extended, session),
          wrongLe: this.options.wrongLe ?? 'wrong-length',
          endOfFile: this.options.endOfFile ?? 'warning',
          mayRead: (name) => this.mayRead(name),
        });
      case INS.GET_CHALLENGE:
        return this.getChallenge(cmd, session);
      case INS.EXTERNAL_AUTHENTICATE:
        return this.mutualAuthenticate(cmd, session);
      case INS.INTERNAL_AUTHENTICATE:
        return this.internalAuthenticate(cmd);
      default:
        return status(SW.INS_NOT_SUPPORTED);
    }
  }

  private responseLimit(extended: boolean, session: SmSession | undefined): number {
    const link = extended ? 65536 : 256;
    const carried = session ? maxPlainInProtected(link, session.blockSize) : link;
    return Math.min(this.maxResponseLength, carried);
  }

  private mayRead(name: LdsFileName): boolean {
    if (EAC_PROTECTED.has(name)) return false;
    if (name === 'CardAccess') return true;
    return this.authenticated || this.options.requireBac === false;
  }

  private select(cmd: CommandApdu): ResponseApdu {
    const data = cmd.data ?? new Uint8Array(0);
    // P2: 0C = no response data, 00/04 = FCI/FCP (the chip returns none; readers of eMRTDs use 0C)
    if (cmd.p2 !== 0x0c && cmd.p2 !== 0x00 && cmd.p2 !== 0x04) return status(SW.INCORRECT_P1P2);
    if (cmd.p1 === 0x04) return status(data.length === 0 ? SW.WRONG_LENGTH : this.fs.selectApplication(data));
    if (cmd.p1 === 0x00 && data.length === 0) return status(this.fs.selectByFid(0x3f00));
    if (cmd.p1 === 0x00 || cmd.p1 === 0x02) {
      if (data.length !== 2) return status(SW.WRONG_LENGTH);
      return status(this.fs.selectByFid((data[0]! << 8) | data[1]!));
    }
    return status(SW.INCORRECT_P1P2);
  }

  private getChallenge(cmd: CommandApdu, session: SmSession | undefined): ResponseApdu {
    if (session) return status(SW.CONDITIONS_NOT_SATISFIED);
    if (cmd.p1 !== 0 || cmd.p2 !== 0) return status(SW.INCORRECT_P1P2);
    if (cmd.ne !== 8 || (cmd.data?.length ?? 0) > 0) return status(SW.WRONG_LENGTH);
    return { data: this.bac.getChallenge(), sw: SW.OK };
  }

  private mutualAuthenticate(cmd: CommandApdu, session: SmSession | undefined): ResponseApdu {
    if (session) return status(SW.CONDITIONS_NOT_SATISFIED);
    if (cmd.p1 !== 0 || cmd.p2 !== 0) return status(SW.INCORRECT_P1P2);
    try {
      // CardBac makes each challenge single-use, so a wrong key cannot be retried against it
      const { response, sm } = this.bac.mutualAuthenticate(cmd.data ?? new Uint8Array(0));
      this.session = { sm, blockSize: sm.kind === '3des' ? 8 : 16 };
      this.authenticated = true;
      return { data: response, sw: SW.OK };
    } catch (e) {
      return status(isMrtdError(e) ? (e.sw ?? SW.AUTHENTICATION_FAILED) : SW.UNKNOWN);
    }
  }

  private internalAuthenticate(cmd: CommandApdu): ResponseApdu {
    const key = this.options.aaPrivateKey;
    if (!key) return status(SW.INS_NOT_SUPPORTED);
    if (!this.authenticated && this.options.requireBac !== false) return status(SW.SECURITY_STATUS_NOT_SATISFIED);
    if (cmd.p1 !== 0 || cmd.p2 !== 0) return status(SW.INCORRECT_P1P2);
    if (cmd.data?.length !== 8) return status(SW.WRONG_LENGTH);
    try {
      const hash = this.options.aaHash;
      return { data: signActiveAuthentication(key, cmd.data, hash ? { hash, random: this.random } : { random: this.random }), sw: SW.OK };
    } catch {
      return status(SW.UNKNOWN);
    }
  }

  private abortSession(): void {
    this.session = undefined;
    this.authenticated = false;
  }
}
