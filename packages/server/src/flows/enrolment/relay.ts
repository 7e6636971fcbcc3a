/**
 * Chip mode B: the device only relays APDUs over a WebSocket and the server drives the
 * chip with the same mrtd reader the device would use. This is the Transport on the
 * server's side of that socket.
 */
import type { WebSocket } from 'ws';
import { MrtdError, type Transport } from '@openmitid/mrtd';
import type { RelayDeviceMessage, RelayServerMessage } from '@openmitid/api';

export class RelayTransport implements Transport {
  #seq = 0;
  #pending: { seq: number; resolve(r: Uint8Array): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> } | undefined;
  #closed = false;

  constructor(
    private readonly socket: WebSocket,
    /** how long the device may take to answer one APDU */
    private readonly timeoutMs = 30_000,
  ) {
    socket.on('message', (raw) => this.#onMessage(String(raw)));
    socket.on('close', () => this.#fail('the device closed the relay'));
    socket.on('error', () => this.#fail('relay socket error'));
  }

  send(message: RelayServerMessage): void {
    if (!this.#closed) this.socket.send(JSON.stringify(message));
  }

  transceive(command: Uint8Array): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(new MrtdError('TRANSPORT_FAILED', 'relay closed'));
    if (this.#pending) return Promise.reject(new MrtdError('TRANSPORT_FAILED', 'one APDU at a time'));
    const seq = ++this.#seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.#fail('the device did not answer in time'), this.timeoutMs);
      this.#pending = { seq, resolve, reject, timer };
      this.send({ type: 'apdu', seq, apdu: Buffer.from(command).toString('base64') });
    });
  }

  #onMessage(text: string): void {
    let msg: RelayDeviceMessage;
    try {
      msg = JSON.parse(text) as RelayDeviceMessage;
    } catch {
      return this.#fail('relay message is not JSON');
    }
    const p = this.#pending;
    if (!p || typeof msg !== 'object' || msg === null || msg.seq !== p.seq) return this.#fail('unexpected relay message');
    clearTimeout(p.timer);
    this.#pending = undefined;
    if (msg.type === 'response' && typeof msg.response === 'string') p.resolve(new Uint8Array(Buffer.from(msg.response, 'base64')));
    else p.reject(new MrtdError('TRANSPORT_FAILED', 'the device could not reach the chip'));
  }

  #fail(reason: string): void {
    this.#closed = true;
    const p = this.#pending;
    this.#pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.reject(new MrtdError('TRANSPORT_FAILED', reason));
    }
  }

  close(): void {
    this.#fail('relay finished');
    this.socket.close();
  }
}
