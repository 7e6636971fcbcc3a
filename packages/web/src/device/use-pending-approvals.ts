/**
 * The login requests waiting for this app, live: ApprovalClient.watch (the signed stream;
 * the pending ones arrive first), opened again with a fresh signature when it drops.
 * Requests past their expiry leave the list on their own.
 */
import { useEffect, useState } from 'react';
import type { PendingApproval } from '@openmitid/api';
import type { ApprovalClient } from '@openmitid/app';

const RECONNECT_MS = 2000;
const PRUNE_MS = 1000;

export function usePendingApprovals(client: ApprovalClient): { approvals: PendingApproval[]; connected: boolean } {
  const [byId, setById] = useState<ReadonlyMap<string, PendingApproval>>(new Map());
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      if (abort.signal.aborted) return;
      setConnected(true);
      client
        .watch((a) => setById((m) => new Map(m).set(a.approvalId, a)), abort.signal)
        .catch(() => undefined)
        .finally(() => {
          if (abort.signal.aborted) return;
          setConnected(false);
          retry = setTimeout(connect, RECONNECT_MS);
        });
    };
    connect();
    const prune = setInterval(() => {
      const now = Date.now();
      setById((m) => {
        const live = [...m.values()].filter((a) => Date.parse(a.expiresAt) > now);
        return live.length === m.size ? m : new Map(live.map((a) => [a.approvalId, a]));
      });
    }, PRUNE_MS);
    return () => {
      abort.abort();
      if (retry) clearTimeout(retry);
      clearInterval(prune);
    };
  }, [client]);

  return { approvals: [...byId.values()], connected };
}
