/** Codes the device side raises itself (no server answer); texts live beside the server's codes. */
export const CLIENT_ERROR_CODES = [
  /** no answer from the server (offline, server down) */
  'NETWORK',
  /** the chip relay's WebSocket closed or spoke nonsense (from @openmitid/app's relayChip) */
  'RELAY_CLOSED',
  'RELAY_PROTOCOL',
  /** a step whose transport is not built yet (see enrolment/http-transport.ts) */
  'NOT_SUPPORTED_YET',
] as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
