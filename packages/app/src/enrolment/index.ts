export { EnrolmentClient, type EnrolmentClientOptions } from './client.js';
export { EnrolmentError } from './errors.js';
export { relayChip, type WebSocketFactory, type WebSocketLike } from './relay.js';
export { callJson, type FetchLike } from './http.js';
