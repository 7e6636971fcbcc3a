export { createPiiCipher, normaliseForLookup, resealIfNeeded, type PiiCipher, type PiiCipherOptions } from './cipher.js';
export { parsePiiKeys, type PiiKey } from './keys.js';
export { PiiError, type PiiErrorCode } from './errors.js';
