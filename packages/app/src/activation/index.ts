export { ActivationClient, type ActivationClientOptions, type DeliveryAddress, type PushSubscriptionJson } from './client.js';
