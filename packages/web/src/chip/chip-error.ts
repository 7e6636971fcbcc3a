/**
 * What a failed chip read shows. The reader wraps the link's own failures (no card, card
 * removed, companion gone) as TRANSPORT_FAILED with the link's error as cause: that cause's
 * code is the one the person needs. A refused access key is CHIP_ACCESS_DENIED; any other
 * protocol failure on the chip is CHIP_READ_FAILED. Server refusals keep their codes.
 */
import { isMrtdError } from '@openmitid/mrtd/browser';
import { TransportError } from '../enrolment/transport.js';

export function chipReadError(error: unknown): unknown {
  if (error instanceof TransportError) return error;
  if (!isMrtdError(error)) return error;
  if (error.cause instanceof TransportError) return error.cause;
  if (error.code === 'BAC_FAILED') return new TransportError('CHIP_ACCESS_DENIED');
  return new TransportError('CHIP_READ_FAILED');
}
