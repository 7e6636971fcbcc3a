import { CARD_READER_ERROR_CODES } from '@openmitid/api';

/** Codes the device side raises itself (no server answer); texts live beside the server's codes. */
export const CLIENT_ERROR_CODES = [
  /** no answer from the server (offline, server down) */
  'NETWORK',
  /** the chip relay's WebSocket closed or spoke nonsense (from @openmitid/app's relayChip) */
  'RELAY_CLOSED',
  'RELAY_PROTOCOL',
  /** a step whose transport is not built yet (see enrolment/http-transport.ts) */
  'NOT_SUPPORTED_YET',
  /** no `openmitid reader` answers on the loopback (not running, or it refused this page's origin) */
  'READER_UNREACHABLE',
  /** the reader companion closed the channel or spoke nonsense */
  'READER_DISCONNECTED',
  'READER_PROTOCOL',
  /** the chip refused the access key (BAC): the passport code does not belong to this chip */
  'CHIP_ACCESS_DENIED',
  /** the companion's own refusals (no reader, no card, card removed, …) */
  ...CARD_READER_ERROR_CODES,
] as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
