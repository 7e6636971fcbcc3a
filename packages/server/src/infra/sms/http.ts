import { sendFailed } from './errors.js';
import { checkMessage, type SmsSender } from './message.js';

export interface HttpSmsOptions {
  /** the provider's endpoint; receives POST {"from","to","text"} as JSON (names per `fields`) */
  url: string;
  /** the provider's names for the three body fields, when they differ */
  fields?: { from?: string; to?: string; text?: string };
  /** sent as "Authorization: Bearer <token>" */
  token?: string;
  /** sender name or number shown on the phone */
  from: string;
  /** default 10 000 */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A provider's JSON API. Any answer but 2xx, a redirect, a network error or no answer in time is SMS_SEND_FAILED. */
export function createHttpSms(o: HttpSmsOptions): SmsSender {
  const doFetch = o.fetch ?? fetch;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const f = { from: 'from', to: 'to', text: 'text', ...o.fields };
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
            body: JSON.stringify({ [f.from]: o.from, [f.to]: msg.to, [f.text]: msg.text }),
            // a redirect would resend the code elsewhere (and drop the token): treat it as a failure
            redirect: 'error',
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
