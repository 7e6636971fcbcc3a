/**
 * The one seam between the reader and whatever carries its APDUs: a real chip over
 * PC/SC or NFC, the virtual chip, or a WebSocket relay. The reader never knows which.
 */
import { decodeResponse, encodeCommand, type CommandApdu, type ResponseApdu } from './apdu.js';
import { MrtdError, statusError, SW } from './errors.js';

export interface Transport {
  /** Sends one command APDU, resolves with the full response APDU (data ‖ SW1 SW2). */
  transceive(command: Uint8Array): Promise<Uint8Array>;
}

/**
 * Protects commands and checks responses under secure messaging. BAC and PACE each
 * return one; the reader swaps it in (JMRTD's SecureMessagingWrapper).
 */
export interface SecureMessaging {
  wrap(cmd: CommandApdu): CommandApdu;
  /** Verifies the MAC and decrypts; throws SM_MAC_INVALID / SM_MALFORMED. */
  unwrap(resp: ResponseApdu): ResponseApdu;
  /** largest plaintext response that fits a short-length protected response */
  readonly maxShortPlain: number;
}

/** Counts what crossed the transport, for the CLI and benchmarks. */
export interface TransportStats {
  apdus: number;
  bytesSent: number;
  bytesReceived: number;
}

export class CountingTransport implements Transport {
  readonly stats: TransportStats = { apdus: 0, bytesSent: 0, bytesReceived: 0 };
  constructor(private readonly inner: Transport) {}
  async transceive(command: Uint8Array): Promise<Uint8Array> {
    this.stats.apdus++;
    this.stats.bytesSent += command.length;
    const r = await this.inner.transceive(command);
    this.stats.bytesReceived += r.length;
    return r;
  }
}

/**
 * Sends APDUs through a transport, under secure messaging once established.
 * `send` returns the response whatever its status word; `expectOk` throws the typed
 * status error carrying the step.
 */
export class ApduChannel {
  sm: SecureMessaging | undefined;

  constructor(readonly transport: Transport) {}

  async send(cmd: CommandApdu, step: string): Promise<ResponseApdu> {
    const wire = this.sm ? this.sm.wrap(cmd) : cmd;
    let raw: Uint8Array;
    try {
      raw = await this.transport.transceive(encodeCommand(wire));
    } catch (e) {
      if (e instanceof MrtdError) throw e;
      throw new MrtdError('TRANSPORT_FAILED', `${step}: transport failed`, { step, cause: e });
    }
    const resp = decodeResponse(raw);
    if (!this.sm) return resp;
    // A card drops secure messaging on some errors and answers a plain SW (Doc 9303 Part 11 §9.8.4).
    if (resp.data.length === 0 && resp.sw !== SW.OK) return resp;
    try {
      return this.sm.unwrap(resp);
    } catch (e) {
      if (e instanceof MrtdError && !e.step) throw new MrtdError(e.code, `${step}: ${e.message}`, { step, sw: resp.sw, cause: e });
      throw e;
    }
  }

  async expectOk(cmd: CommandApdu, step: string): Promise<Uint8Array> {
    const r = await this.send(cmd, step);
    if (r.sw !== SW.OK) throw statusError(r.sw, step);
    return r.data;
  }
}
