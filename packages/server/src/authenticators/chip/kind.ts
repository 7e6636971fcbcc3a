/** The chip behind the shared login interface (types.ts): password first, then the key. */
import { ApiError } from '../../errors.js';
import { NSIS_HIGH } from '../../login/claims.js';
import type { Passwords } from '../password/index.js';
import type { AuthenticatorKind } from '../types.js';
import { finishChipAuthentication, startChipAuthentication } from './authentication.js';
import { listChips, type ChipDeps } from './credentials.js';

function answerOf(answer: unknown): { ceremonyId: string; response: unknown } {
  const a = answer as { ceremonyId?: unknown; response?: unknown } | null;
  if (typeof a !== 'object' || a === null || typeof a.ceremonyId !== 'string') throw new ApiError('VALIDATION_FAILED', 'answer is { ceremonyId, response }');
  return { ceremonyId: a.ceremonyId, response: a.response };
}

export function chipKind(deps: ChipDeps, passwords: Passwords): AuthenticatorKind {
  return {
    kind: 'chip',
    amr: 'u2f_token',
    needsPassword: true,
    // a hardware key with a password: two factors, the key's secret never leaves it (NSIS High)
    maxLevel: NSIS_HIGH,
    async list(identityId) {
      return (await listChips(deps.db, identityId)).map((c) => ({ kind: 'chip' as const, id: c.id, status: c.status, usable: c.status === 'active', createdAt: c.createdAt }));
    },
    async beginLogin({ identityId, now }) {
      const started = await startChipAuthentication(deps, { identityId, now });
      return { kind: 'chip', challenge: { ceremonyId: started.ceremonyId, options: started.options }, expiresAt: started.expiresAt };
    },
    async finishLogin({ identityId, now, answer, password }) {
      const { ceremonyId, response } = answerOf(answer);
      // the password is checked (and counted) before the key, the order the citizen enters them
      await passwords.verify(identityId, password ?? '', now);
      const ok = await finishChipAuthentication(deps, { identityId, ceremonyId, response, now });
      return {
        identityId,
        kind: 'chip',
        authenticatorId: ok.credentialId,
        amr: ['pwd', 'u2f_token'],
        assurance: { factors: ['knowledge', 'possession'], maxLevel: NSIS_HIGH },
        at: now,
      };
    },
  };
}
