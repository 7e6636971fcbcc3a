export { ActivationClient, type ActivationClientOptions, type DeliveryAddress, type PushSubscriptionJson } from './client.js';
export { MitIdApp, type AppSessionOptions } from './app-session.js';
export { SelfServiceClient } from './selfservice.js';
export { createSecurityKeyCredential, creationOptionsFromJson, registrationResponseToJson, type CredentialCreator } from './security-key.js';
