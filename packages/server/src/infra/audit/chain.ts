import { createHash } from 'node:crypto';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * hash = hex SHA-256(prev_hash "\n" seq "\n" at "\n" event_json). The separators cannot occur
 * inside the fields (hex, decimal, ISO time, JSON escapes newlines), so the encoding is unambiguous.
 */
export function chainHash(prevHash: string, seq: number, at: string, eventJson: string): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${at}\n${eventJson}`, 'utf8').digest('hex');
}
