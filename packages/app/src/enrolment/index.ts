export { EnrolmentClient, type EnrolmentClientOptions } from './client.js';
export { EnrolmentError } from './errors.js';
export { relayChip, type WebSocketFactory, type WebSocketLike } from './relay.js';
export type { FetchLike } from './http.js';
