/** JSON over fetch, with problem+json answers turned into EnrolmentError. */
import { EnrolmentError } from './errors.js';

export type FetchLike = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

export async function callJson<T>(fetchImpl: FetchLike, url: string, method: 'GET' | 'POST', body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetchImpl(url, {
    method,
    headers: { ...(body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const payload = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!res.ok) {
    const code = typeof payload?.code === 'string' ? payload.code : 'INTERNAL';
    throw new EnrolmentError(code, res.status, payload?.details as Record<string, unknown> | undefined);
  }
  return payload as T;
}
