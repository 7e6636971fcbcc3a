import { sendFailed } from './errors.js';

export interface SmsMessage {
  /** E.164: "+" and 7–15 digits, e.g. +4512345678 */
  to: string;
  text: string;
}

/** The port every adapter fills. `send` resolves once the provider has accepted the message. */
export interface SmsSender {
  send(msg: SmsMessage): Promise<void>;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** Refuses before anything leaves the process, so a malformed number never reaches a provider. */
export function checkMessage(msg: SmsMessage): void {
  if (!E164.test(msg.to)) throw sendFailed('the recipient is not an E.164 number');
  if (msg.text === '') throw sendFailed('the message is empty');
}
