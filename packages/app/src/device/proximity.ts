/**
 * How the new device shows it is next to the old one when the app is copied (issue 4 §3).
 * The server decides from the evidence; the device only gathers it.
 */
import { parseCopyQr, type ScannedCopyQr } from './copy-qr.js';
import { DeviceError } from './errors.js';

/** The copy session the new device is joining, as far as it knows it. */
export interface ProximitySession {
  /** base64url copy session id, when already known (e.g. from a first scan) */
  sessionId?: string;
}

/**
 * Evidence of proximity.
 * - `live-qr`: a frame of the old app's live QR, scanned by this device's camera. Proves the
 *   new device saw the old screen within the server's few-second window: a photo, a
 *   screenshot or a forwarded image goes stale. It does not stop a real-time video relay by
 *   an attacker the citizen is actively helping; the SMS temporary PIN and the user-ID still
 *   have to come from the citizen too.
 * - `bluetooth`: (native shell, later) the old app's signature over a nonce the new device
 *   sent over BLE, with the scanned frame. Adds radio range (metres) to the above, which a
 *   remote relay cannot fake without hardware at the victim's side.
 */
export type ProximityEvidence =
  | { kind: 'live-qr'; qr: string }
  | { kind: 'bluetooth'; qr: string; nonce: string; signature: string };

export interface Proximity {
  prove(session: ProximitySession): Promise<ProximityEvidence>;
}

/** Reads one QR from the camera (the screen supplies it: a BarcodeDetector loop, a native scanner, a test). */
export type QrScanner = () => Promise<string>;

/**
 * The browser's Proximity: the live QR itself is the evidence. Frames that are not copy QRs,
 * or that belong to another session than the one being joined, are skipped; after
 * `maxReads` reads without a usable frame it gives up.
 */
export class LiveQrProximity implements Proximity {
  constructor(
    private readonly scan: QrScanner,
    private readonly maxReads = 20,
  ) {}

  async prove(session: ProximitySession): Promise<ProximityEvidence> {
    for (let i = 0; i < this.maxReads; i++) {
      const text = await this.scan();
      let frame: ScannedCopyQr;
      try {
        frame = parseCopyQr(text);
      } catch {
        continue;
      }
      if (session.sessionId !== undefined && frame.sessionId !== session.sessionId) continue;
      return { kind: 'live-qr', qr: frame.text };
    }
    throw new DeviceError('PROXIMITY_FAILED', 'no copy QR was scanned');
  }
}
