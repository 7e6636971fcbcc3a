export { createSecureMessaging } from './secure-messaging.js';
export { CardSecureMessaging } from './card-secure-messaging.js';
export { maxShortPlainFor } from './sm-cipher.js';
export { deriveBacKeys, type BacKeys } from './bac-crypto.js';
export { performBac } from './bac.js';
export { CardBac } from './card-bac.js';
export { performActiveAuthentication, defaultEcdsaHash } from './active-authentication-request.js';
export { signActiveAuthentication, verifyActiveAuthentication } from './active-authentication.js';
