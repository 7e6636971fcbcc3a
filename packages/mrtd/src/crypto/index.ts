export { padIso9797M2, unpadIso9797M2 } from './padding.js';
export { tdesCbcEncrypt, tdesCbcDecrypt, retailMac, prepareTdesKey, type TdesKey } from './des.js';
export { activeAuthenticationSignatureLength } from './signature-length.js';
export { aesCbcEncrypt, aesCbcDecrypt, aesEcbEncryptBlock, aesCmac } from './aes.js';
export { deriveKey, adjustDesParity, KEY_LENGTH, KDF_ENC, KDF_MAC, KDF_PI, type CipherKind } from './kdf.js';
export { digest, HASH_LENGTH, type HashName } from './hash.js';
export { iso9796Encode, iso9796Recover, iso9796M1Length, type Iso9796Result } from './iso9796-2.js';
export { ecdsaPlainToDer, ecdsaDerToPlain } from './ecdsa-signature.js';
export {
  describeKey,
  parsePublicKey,
  rsaRawPublic,
  rsaRawPrivate,
  ecdsaSignPlain,
  ecdsaVerifyPlain,
  type AsymmetricKeyInfo,
  type EcCurveName,
} from './asymmetric.js';
