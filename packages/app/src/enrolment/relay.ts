/**
 * Chip mode B on the device: relay the server's APDUs to the chip and the chip's answers
 * back, over a WebSocket. The device sees only opaque bytes; the server drives the chip.
 */
import type { Transport } from '@openmitid/mrtd';
import type { EnrolmentFlowView, RelayDeviceMessage, RelayServerMessage } from '@openmitid/api';
import { EnrolmentError } from './errors.js';

/** The part of the WHATWG/`ws` WebSocket the relay uses. */
export interface WebSocketLike {
  send(data: string): void;
  close(): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'close' | 'error' | 'open', listener: (ev: unknown) => void): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

const b64 = (bytes: Uint8Array) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
};
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** Relays until the server says done (resolves with the flow) or refuses (rejects with its code). */
export function relayChip(socket: WebSocketLike, chip: Transport): Promise<EnrolmentFlowView> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
    };
    // APDUs are answered strictly one after another, in the order the server sent them.
    let queue = Promise.resolve();
    socket.addEventListener('message', (ev) => {
      let msg: RelayServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as RelayServerMessage;
      } catch {
        return finish(() => reject(new EnrolmentError('RELAY_PROTOCOL', 0)));
      }
      if (msg.type === 'done') return finish(() => resolve(msg.flow));
      if (msg.type === 'error') return finish(() => reject(new EnrolmentError(msg.code, msg.status)));
      queue = queue.then(async () => {
        let reply: RelayDeviceMessage;
        try {
          reply = { type: 'response', seq: msg.seq, response: b64(await chip.transceive(unb64(msg.apdu))) };
        } catch {
          reply = { type: 'failed', seq: msg.seq };
        }
        if (!settled) socket.send(JSON.stringify(reply));
      });
    });
    socket.addEventListener('close', () => finish(() => reject(new EnrolmentError('RELAY_CLOSED', 0))));
    socket.addEventListener('error', () => finish(() => reject(new EnrolmentError('RELAY_CLOSED', 0))));
  });
}
