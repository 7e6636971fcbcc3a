/**
 * Pairwise subject identifiers (OpenID Connect Core §8.1): the same person gets a different,
 * stable `sub` at each sector (the host of the client's redirect URIs), so two service
 * providers cannot link their users by `sub`. HMAC-SHA-256 under a secret salt, so the
 * identity id cannot be recovered or guessed from the value.
 */
import { createHmac } from 'node:crypto';

export function pairwiseSubject(salt: Uint8Array, sectorIdentifier: string, accountId: string): string {
  if (salt.length < 32) throw new Error('the pairwise salt must be at least 32 bytes');
  // JSON keeps the two parts apart whatever characters they hold
  return createHmac('sha256', salt).update(JSON.stringify([sectorIdentifier, accountId]), 'utf8').digest('base64url');
}
