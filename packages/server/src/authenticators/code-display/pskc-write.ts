/**
 * Writes TOTP keys as an RFC 6030 PSKC document, plain or encrypted under a pre-shared AES
 * key with an HMAC-SHA-1 MAC (§6.1), as a maker would. Used by the software code display
 * and to make test files; the import reads them back with parsePskc.
 */
import type { RandomSource } from '@openmitid/mrtd';
import { AES128_CBC_URI, encryptCbc, HMAC_SHA1_URI, mac } from './pskc-crypto.js';
import { PSKC_NS, TOTP_URI } from './pskc.js';
import type { TotpParams } from './totp.js';

export interface PskcDeviceKey {
  serial: string;
  manufacturer?: string;
  model?: string;
  secret: Uint8Array;
  params: TotpParams;
}

export interface PskcEncryption {
  /** 16 or 32 bytes: AES-128-CBC or AES-256-CBC */
  preSharedKey: Uint8Array;
  keyName?: string;
  random: RandomSource;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

function suite(params: TotpParams): string {
  return params.hash === 'SHA-1' ? '' : `\n        <Suite>HMAC-${params.hash}</Suite>`;
}

export function writePskc(keys: PskcDeviceKey[], encryption?: PskcEncryption): string {
  let header = '';
  let sealSecret = (secret: Uint8Array): string => `<PlainValue>${b64(secret)}</PlainValue>`;
  if (encryption) {
    const k = encryption.preSharedKey;
    const algorithm = k.length === 32 ? 'http://www.w3.org/2001/04/xmlenc#aes256-cbc' : AES128_CBC_URI;
    const macKey = encryption.random(20);
    const encMacKey = encryptCbc(algorithm, k, encryption.random(16), macKey);
    header = `
  <EncryptionKey><ds:KeyName>${esc(encryption.keyName ?? 'Pre-shared-key')}</ds:KeyName></EncryptionKey>
  <MACMethod Algorithm="${HMAC_SHA1_URI}">
    <MACKey>
      <xenc:EncryptionMethod Algorithm="${algorithm}"/>
      <xenc:CipherData><xenc:CipherValue>${b64(encMacKey)}</xenc:CipherValue></xenc:CipherData>
    </MACKey>
  </MACMethod>`;
    sealSecret = (secret) => {
      const ct = encryptCbc(algorithm, k, encryption.random(16), secret);
      return `<EncryptedValue>
              <xenc:EncryptionMethod Algorithm="${algorithm}"/>
              <xenc:CipherData><xenc:CipherValue>${b64(ct)}</xenc:CipherValue></xenc:CipherData>
            </EncryptedValue>
            <ValueMAC>${b64(mac(HMAC_SHA1_URI, macKey, ct))}</ValueMAC>`;
    };
  }
  const packages = keys.map(
    (key, i) => `
  <KeyPackage>
    <DeviceInfo>
      <Manufacturer>${esc(key.manufacturer ?? 'OpenMitID')}</Manufacturer>
      <SerialNo>${esc(key.serial)}</SerialNo>${key.model ? `\n      <Model>${esc(key.model)}</Model>` : ''}
    </DeviceInfo>
    <Key Id="${i + 1}" Algorithm="${TOTP_URI}">
      <AlgorithmParameters>${suite(key.params)}
        <ResponseFormat Length="${key.params.digits}" Encoding="DECIMAL"/>
      </AlgorithmParameters>
      <Data>
        <Secret>
            ${sealSecret(key.secret)}
        </Secret>
        <Time><PlainValue>${key.params.t0}</PlainValue></Time>
        <TimeInterval><PlainValue>${key.params.period}</PlainValue></TimeInterval>
      </Data>
    </Key>
  </KeyPackage>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<KeyContainer Version="1.0" xmlns="${PSKC_NS}" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xenc="http://www.w3.org/2001/04/xmlenc#">${header}${packages.join('')}
</KeyContainer>
`;
}
