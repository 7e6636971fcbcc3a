export { createSecureMessaging } from './secure-messaging.js';
export { CardSecureMessaging } from './card-secure-messaging.js';
export { maxShortPlainFor } from './sm-cipher.js';
export { deriveBacKeys, type BacKeys } from './bac-crypto.js';
export { performBac } from './bac.js';
export { CardBac } from './card-bac.js';
export { performActiveAuthentication, signActiveAuthentication, verifyActiveAuthentication, defaultEcdsaHash } from './active-authentication.js';
