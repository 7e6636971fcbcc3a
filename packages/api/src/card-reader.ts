/**
 * The card channel between a page and `openmitid reader`, the local companion that offers a
 * PC/SC reader (or, in demo mode, a virtual passport) over a WebSocket on the loopback, the
 * way national eID clients do. JSON text frames; APDUs as upper- or lower-case hex.
 *
 * The companion speaks first (`hello` with the status), answers each request by its `id`,
 * and pushes a `status` with an `event` whenever a reader or card comes or goes. One page
 * holds the channel at a time: a newer connection takes it over (the older one is closed
 * with READER_TAKEN_OVER), and each connection starts with a freshly powered card.
 */

/** ws://127.0.0.1:24727 unless `openmitid reader --port` says otherwise. */
export const CARD_READER_DEFAULT_PORT = 24727;
export const CARD_READER_PROTOCOL_VERSION = 1;

/** A passport the virtual reader can put on its reader (`insert`); the label is the holder's name from DG1. */
export interface VirtualCard {
  id: string;
  label: string;
}

export interface CardReaderStatus {
  backend: 'pcsc' | 'virtual';
  /** the reader's name; null when no reader is attached */
  reader: string | null;
  /** a card is in the field (powered and ready for APDUs) */
  card: boolean;
  /** virtual backend only: the passports it holds and which one lies on the reader */
  virtualCards?: VirtualCard[];
  inserted?: string | null;
}

export type CardReaderEvent = 'card-inserted' | 'card-removed' | 'reader-added' | 'reader-removed';

export type CardReaderRequest =
  | { type: 'status'; id: number }
  | { type: 'apdu'; id: number; hex: string }
  /** virtual backend: put passport `card` on the reader (powers it afresh) */
  | { type: 'insert'; id: number; card: string };

export type CardReaderMessage =
  | { type: 'hello'; version: number; status: CardReaderStatus }
  | { type: 'status'; id?: number; event?: CardReaderEvent; status: CardReaderStatus }
  | { type: 'response'; id: number; hex: string }
  | { type: 'error'; id?: number; code: CardReaderErrorCode; message?: string };

/** Stable codes of the companion's refusals (the page shows texts for them). */
export const CARD_READER_ERROR_CODES = [
  /** no PC/SC reader is attached */
  'READER_NO_READER',
  /** the reader has no card in its field */
  'READER_NO_CARD',
  /** the card left the field while it was used */
  'READER_CARD_REMOVED',
  /** the reader or card did not carry the APDU */
  'READER_TRANSMIT_FAILED',
  /** a malformed or unknown request */
  'READER_BAD_REQUEST',
  /** another page took the channel */
  'READER_TAKEN_OVER',
  /** `insert` names no passport of the virtual reader, or the backend is not virtual */
  'READER_UNKNOWN_CARD',
] as const;
export type CardReaderErrorCode = (typeof CARD_READER_ERROR_CODES)[number];
