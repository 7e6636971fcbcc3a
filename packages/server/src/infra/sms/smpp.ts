import smpp, { type PDU, type Session } from 'smpp';
import { sendFailed } from './errors.js';
import { checkMessage, type SmsSender } from './message.js';

export interface SmppSmsOptions {
  host: string;
  port: number;
  systemId: string;
  password: string;
  /** sender: a number ("+4512345678" or digits) or an alphanumeric name of up to 11 characters */
  from: string;
  /** per step (connect and bind, each submit); default 10 000 */
  timeoutMs?: number;
}

export interface SmppSms extends SmsSender {
  /** Unbinds and closes the connection; a later send binds again. */
  close(): Promise<void>;
}

// SMPP 3.4 §5.2.5 (addr_ton) and §5.2.6 (addr_npi)
const TON_INTERNATIONAL = 0x01;
const TON_ALPHANUMERIC = 0x05;
const NPI_ISDN = 0x01;
const NPI_UNKNOWN = 0x00;
// one SMS carries at most 160 GSM 7-bit characters; longer texts travel in the message_payload TLV (SMPP 3.4 §5.3.2.32)
const SHORT_MESSAGE_MAX = 160;

function sourceAddress(from: string): Record<string, unknown> {
  if (/^\+?\d{3,15}$/.test(from)) return { source_addr: from.replace(/^\+/, ''), source_addr_ton: TON_INTERNATIONAL, source_addr_npi: NPI_ISDN };
  return { source_addr: from, source_addr_ton: TON_ALPHANUMERIC, source_addr_npi: NPI_UNKNOWN };
}

function status(pdu: PDU): string {
  return `0x${pdu.command_status.toString(16).padStart(8, '0')}`;
}

/** Runs `start`, failing with SMS_SEND_FAILED (after calling `onTimeout`) when it has not settled within `ms`. */
function withTimeout<T>(
  ms: number,
  what: string,
  start: (resolve: (v: T) => void, reject: (e: unknown) => void) => void,
  onTimeout: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(sendFailed(`SMPP ${what}: no answer in time`));
    }, ms);
    const done = () => clearTimeout(timer);
    start(
      (v) => {
        done();
        resolve(v);
      },
      (e) => {
        done();
        reject(e);
      },
    );
  });
}

/**
 * An SMPP 3.4 transmitter (the `smpp` package). Binds on the first send and keeps the bind for
 * the following ones; a refused, dropped or timed-out connection is replaced on the next send.
 */
export function createSmppSms(o: SmppSmsOptions): SmppSms {
  const timeoutMs = o.timeoutMs ?? 10_000;
  let bound: Promise<Session> | undefined;

  function bind(): Promise<Session> {
    const session = smpp.connect({ host: o.host, port: o.port });
    // the closures below run only on later events, once `attempt` is set
    const forget = () => {
      if (bound === attempt) bound = undefined;
    };
    const retire = () => {
      forget();
      session.destroy();
    };
    // the SMSC checks the link now and then; unanswered, it would drop us
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      forget();
      session.send(pdu.response());
      session.close();
    });
    session.on('close', forget);
    // an error after the bind only retires the session; a pending submit fails on close or times out
    session.on('error', forget);
    const attempt: Promise<Session> = withTimeout<Session>(
      timeoutMs,
      'bind',
      (resolve, reject) => {
        session.once('error', (e: unknown) => reject(sendFailed('SMPP connection failed', e)));
        session.once('close', () => reject(sendFailed('SMPP connection closed during bind')));
        session.once('connect', () => {
          session.bind_transmitter({ system_id: o.systemId, password: o.password }, (pdu) => {
            if (pdu.command_status === smpp.ESME_ROK) resolve(session);
            else {
              retire();
              reject(sendFailed(`SMPP bind refused (status ${status(pdu)})`));
            }
          });
        });
      },
      retire,
    );
    bound = attempt;
    attempt.catch(forget);
    return attempt;
  }

  return {
    async send(msg) {
      checkMessage(msg);
      const attempt = bound ?? bind();
      const session = await attempt;
      const retire = () => {
        if (bound === attempt) bound = undefined;
        session.destroy();
      };
      const text = msg.text.length > SHORT_MESSAGE_MAX ? { message_payload: msg.text } : { short_message: msg.text };
      await withTimeout<void>(
        timeoutMs,
        'submit_sm',
        (resolve, reject) => {
          const onClose = () => reject(sendFailed('SMPP connection closed before the SMSC answered'));
          session.once('close', onClose);
          const sent = session.submit_sm(
            { ...sourceAddress(o.from), destination_addr: msg.to.slice(1), dest_addr_ton: TON_INTERNATIONAL, dest_addr_npi: NPI_ISDN, ...text },
            (pdu) => {
              session.removeListener('close', onClose);
              if (pdu.command_status === smpp.ESME_ROK) resolve();
              else reject(sendFailed(`SMPP submit_sm refused (status ${status(pdu)})`));
            },
          );
          if (!sent) {
            session.removeListener('close', onClose);
            retire();
            reject(sendFailed('SMPP connection is not writable'));
          }
        },
        retire,
      );
    },

    async close() {
      const current = bound;
      bound = undefined;
      const session = await current?.catch(() => undefined);
      if (!session) return;
      await withTimeout<void>(
        timeoutMs,
        'unbind',
        (resolve) => {
          if (!session.unbind(() => session.close(() => resolve()))) session.destroy(() => resolve());
        },
        () => session.destroy(),
      ).catch(() => undefined);
    },
  };
}
