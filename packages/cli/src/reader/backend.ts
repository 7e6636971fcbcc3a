/**
 * What the companion's WebSocket channel (channel-server.ts) needs from a card reader: the
 * PC/SC backend (pcsc-backend.ts) and the virtual passport (virtual-backend.ts) both give it.
 */
import type { CardReaderErrorCode, CardReaderEvent, CardReaderStatus } from '@openmitid/api';

export interface CardBackend {
  status(): CardReaderStatus;
  /** Powers the card afresh: every page starts from a card without a secure messaging session. */
  reset(): Promise<void>;
  /** One command APDU in, the full response APDU (data ‖ SW1 SW2) out. */
  transmit(command: Uint8Array): Promise<Uint8Array>;
  /** Virtual backend only: puts one of its passports on the reader. */
  insert?(card: string): Promise<void>;
  /** Calls `listener` whenever a reader or card comes or goes; returns the unsubscribe. */
  onChange(listener: (event: CardReaderEvent) => void): () => void;
  close(): Promise<void>;
}

/** Refusals of the backend itself: those sent to the page, and two the command reports when it starts. */
export type ReaderErrorCode =
  | CardReaderErrorCode
  /** pcscd is not running (no socket, or nothing answers on it) */
  | 'PCSC_UNAVAILABLE'
  /** the optional @pokusew/pcsclite binding is not installed or did not build */
  | 'PCSC_NOT_INSTALLED';

export class ReaderError extends Error {
  override readonly name = 'ReaderError';
  constructor(
    readonly code: ReaderErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A tiny listener list shared by the backends. */
export class ChangeListeners {
  readonly #listeners = new Set<(event: CardReaderEvent) => void>();

  add(listener: (event: CardReaderEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: CardReaderEvent): void {
    for (const l of this.#listeners) l(event);
  }
}
