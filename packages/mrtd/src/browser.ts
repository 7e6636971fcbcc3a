/**
 * The part of the package that runs in browsers (no node: imports): everything a reader
 * needs to read a chip through a transport (BAC, 3DES/AES secure messaging, file reading,
 * the Active Authentication request) and decode what it read, plus the card-side
 * symmetric classes. Signing, verification and PKI need node:crypto keys and stay in
 * the root entry. test/browser-bundle.test.ts keeps this entry free of Node built-ins.
 */
export * from './bytes.js';
export * from './errors.js';
export * from './random.js';
export * from './tlv.js';
export * from './apdu.js';
export * from './transport.js';
export * from './mrz/index.js';
export * from './lds/index.js';
export * from './reader/index.js';

export { padIso9797M2, unpadIso9797M2 } from './crypto/padding.js';
export { tdesCbcEncrypt, tdesCbcDecrypt, retailMac, prepareTdesKey, type TdesKey } from './crypto/des.js';
export { aesCbcEncrypt, aesCbcDecrypt, aesEcbEncryptBlock, aesCmac } from './crypto/aes.js';
export { deriveKey, adjustDesParity, KEY_LENGTH, KDF_ENC, KDF_MAC, KDF_PI, type CipherKind } from './crypto/kdf.js';
export { digest, HASH_LENGTH, type HashName } from './crypto/hash.js';
export { iso9796Encode, iso9796Recover, iso9796M1Length, type Iso9796Result } from './crypto/iso9796-2.js';
export { ecdsaPlainToDer, ecdsaDerToPlain } from './crypto/ecdsa-signature.js';
export { activeAuthenticationSignatureLength } from './crypto/signature-length.js';

export { createSecureMessaging } from './protocols/secure-messaging.js';
export { CardSecureMessaging } from './protocols/card-secure-messaging.js';
export { maxShortPlainFor } from './protocols/sm-cipher.js';
export { deriveBacKeys, type BacKeys } from './protocols/bac-crypto.js';
export { performBac } from './protocols/bac.js';
export { CardBac } from './protocols/card-bac.js';
export { performActiveAuthentication, defaultEcdsaHash } from './protocols/active-authentication-request.js';
