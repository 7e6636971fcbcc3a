/**
 * Live delivery of approval requests to the apps that are open: a subscriber per open
 * connection, keyed by identity. In-process only: with several instances the request must
 * be fanned out through Redis pub/sub (not built yet; the app's stream also replays the
 * pending approvals when it connects, so a missed event is seen on the next connect).
 */
import type { PendingApproval } from '@openmitid/api';

export type ApprovalListener = (event: PendingApproval) => void;

export interface ApprovalHub {
  publish(identityId: string, event: PendingApproval): void;
  /** returns the unsubscribe function */
  subscribe(identityId: string, listener: ApprovalListener): () => void;
}

export function createApprovalHub(): ApprovalHub {
  const listeners = new Map<string, Set<ApprovalListener>>();
  return {
    publish(identityId, event) {
      for (const l of listeners.get(identityId) ?? []) l(event);
    },
    subscribe(identityId, listener) {
      let set = listeners.get(identityId);
      if (!set) listeners.set(identityId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(identityId);
      };
    },
  };
}
