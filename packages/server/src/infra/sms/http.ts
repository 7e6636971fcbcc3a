import { sendFailed } from './errors.js';
import { checkMessage, type SmsSender } from './message.js';

export interface HttpSmsOptions {
  /** the provider's endpoint; receives POST {"from","to","text"} as JSON */
  url: string;
  /** sent as "Authorization: Bearer <token>" */
  token?: string;
  /** sender name or number shown on the phone */
  from: string;
  /** default 10 000 */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A provider's JSON API. Any answer but 2xx, a network error or no answer in time is SMS_SEND_FAILED. */
export function createHttpSms(o: HttpSmsOptions): SmsSender {
  const doFetch = o.fetch ?? fetch;
  const timeoutMs = o.timeoutMs ?? 10_000;
  return {
    async send(msg) {
      checkMessage(msg);
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
        if (o.token) headers.authorization = `Bearer ${o.token}`;
        let res: Response;
        try {
          res = await doFetch(o.url, {
            method: 'POST',
            headers,
            body: JSON.stringify({ from: o.from, to: msg.to, text: msg.text }),
            signal: abort.signal,
          });
        } catch (e) {
          throw sendFailed(abort.signal.aborted ? 'the SMS provider did not answer in time' : 'the SMS provider could not be reached', e);
        }
        // read the body so the connection can be reused; its content is not logged (it may echo the number)
        await res.arrayBuffer().catch(() => undefined);
        if (res.status < 200 || res.status > 299) throw sendFailed(`the SMS provider answered HTTP ${res.status}`);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
