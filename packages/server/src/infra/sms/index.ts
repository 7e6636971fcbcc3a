export { checkMessage, type SmsMessage, type SmsSender } from './message.js';
export { createOutboxSms, type OutboxEntry, type OutboxSms, type ClockLike } from './outbox.js';
export { createHttpSms, type HttpSmsOptions } from './http.js';
export { createSmppSms, type SmppSms, type SmppSmsOptions } from './smpp.js';
export { createSmsSender, type SmsConfig } from './sender.js';
export { SmsError, type SmsErrorCode } from './errors.js';
