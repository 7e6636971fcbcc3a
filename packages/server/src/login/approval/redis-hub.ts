/**
 * Approval requests fanned out between instances through Redis pub/sub: the instance that
 * creates a request publishes it; every instance (itself included) hands it to the apps
 * connected to it. Events carry no secret (service name, text, expiry) and are lost if no
 * one listens, which is fine: an app's stream replays what is pending when it connects.
 */
import { Redis } from 'ioredis';
import type { PendingApproval } from '@openmitid/api';
import { createApprovalHub, type ApprovalHub } from './hub.js';

const CHANNEL = 'openmitid:login-approvals';

export interface RedisApprovalHub extends ApprovalHub {
  /** resolves once the subscription is in place */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function createRedisApprovalHub(url: string): RedisApprovalHub {
  const local = createApprovalHub();
  const pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const sub = new Redis(url, { lazyConnect: false });
  // a Redis outage must not take the login down: live delivery degrades to the next connect
  pub.on('error', () => undefined);
  sub.on('error', () => undefined);
  sub.on('message', (channel: string, message: string) => {
    if (channel !== CHANNEL) return;
    try {
      const { identityId, event } = JSON.parse(message) as { identityId: string; event: PendingApproval };
      if (typeof identityId === 'string') local.publish(identityId, event);
    } catch {
      // not ours: ignore
    }
  });
  const ready = sub.subscribe(CHANNEL).then(() => undefined);
  return {
    ready,
    publish(identityId, event) {
      pub.publish(CHANNEL, JSON.stringify({ identityId, event })).catch(() => undefined);
    },
    subscribe: local.subscribe,
    async close() {
      sub.disconnect();
      pub.disconnect();
    },
  };
}
