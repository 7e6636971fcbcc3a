import { createDecipheriv } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePskc, writePskc, createSoftwareToken, codeAt, DEFAULT_TOTP, totp } from '../src/authenticators/code-display/index.js';
import { AES128_CBC_URI, encryptCbc, HMAC_SHA1_URI, mac, pbkdf2Key } from '../src/authenticators/code-display/pskc-crypto.js';
import { isApiError } from '../src/errors.js';
import { FIGURE_2, FIGURE_3, FIGURE_6, FIGURE_6_KEY, FIGURE_7, FIGURE_7_PASSWORD } from './code-display-vectors.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ascii = (s: string): string => Buffer.from(s, 'ascii').toString('hex');
const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

/** A deterministic RandomSource for writing files. */
function counterRandom(seed = 1): (n: number) => Uint8Array {
  let x = seed;
  return (n) => Uint8Array.from({ length: n }, () => (x = (x * 1103515245 + 12345) >>> 0) >>> 24);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return e.code;
    throw e;
  }
  return undefined;
}

describe('PSKC (RFC 6030) — the RFC figures', () => {
  it('Figure 2: a plain secret, no device info', () => {
    const [key, ...rest] = parsePskc(FIGURE_2);
    expect(rest).toEqual([]);
    expect(key).toMatchObject({ keyId: '12345678', algorithm: 'hotp', digits: 6, hash: 'SHA-1', serial: undefined });
    expect(hex(key!.secret)).toBe(ascii('1234'));
  });

  it('Figure 3: device info, 8-digit response and counter', () => {
    const [key] = parsePskc(FIGURE_3);
    expect(key).toMatchObject({ serial: '987654321', manufacturer: 'Manufacturer', algorithm: 'hotp', digits: 8, counter: 0 });
    expect(hex(key!.secret)).toBe(ascii('12345678901234567890'));
  });

  it('Figure 6: pre-shared AES-128 key, MAC checked, secret decrypted', () => {
    const [key] = parsePskc(FIGURE_6, { preSharedKey: fromHex(FIGURE_6_KEY) });
    expect(key).toMatchObject({ serial: '987654321', digits: 8, counter: 0 });
    expect(hex(key!.secret)).toBe(ascii('12345678901234567890'));
  });

  it('Figure 7: PBKDF2-derived key from the password', () => {
    // RFC 6030 §6.2: the derived key is 651e63cd57008476af1ff6422cd02e41
    expect(hex(pbkdf2Key(FIGURE_7_PASSWORD, new Uint8Array(Buffer.from('Ej7/PEpyEpw=', 'base64')), 1000, 16, undefined))).toBe('651e63cd57008476af1ff6422cd02e41');
    const [key] = parsePskc(FIGURE_7, { password: FIGURE_7_PASSWORD });
    expect(key).toMatchObject({ serial: '987654321', manufacturer: 'TokenVendorAcme', keyId: '123456', digits: 8 });
    expect(hex(key!.secret)).toBe(ascii('12345678901234567890'));
  });

  it('a wrong key or password is PSKC_DECRYPT_FAILED', () => {
    expect(codeOf(() => parsePskc(FIGURE_6, { preSharedKey: fromHex('00'.repeat(16)) }))).toBe('PSKC_DECRYPT_FAILED');
    expect(codeOf(() => parsePskc(FIGURE_6, { preSharedKey: fromHex(FIGURE_6_KEY.replace(/2$/, '3')) }))).toBe('PSKC_DECRYPT_FAILED');
    expect(codeOf(() => parsePskc(FIGURE_7, { password: 'qwertz' }))).toBe('PSKC_DECRYPT_FAILED');
    expect(codeOf(() => parsePskc(FIGURE_6, { preSharedKey: fromHex('00'.repeat(32)) }))).toBe('PSKC_DECRYPT_FAILED');
  });

  it('the MAC is checked before decryption: a changed ciphertext or MAC fails even with the right key', () => {
    const flipped = FIGURE_6.replace('AAECAwQFBgcICQoLDA0OD+cI', 'AAECAwQFBgcICQoLDA0OD+cJ');
    expect(codeOf(() => parsePskc(flipped, { preSharedKey: fromHex(FIGURE_6_KEY) }))).toBe('PSKC_DECRYPT_FAILED');
    const badMac = FIGURE_6.replace('Su+NvtQfmvfJzF6bmQiJqoLRExc=', 'Tu+NvtQfmvfJzF6bmQiJqoLRExc=');
    expect(() => parsePskc(badMac, { preSharedKey: fromHex(FIGURE_6_KEY) })).toThrow(/ValueMAC/);
    const noMac = FIGURE_6.replace(/<ValueMAC>[^<]*<\/ValueMAC>/, '');
    expect(codeOf(() => parsePskc(noMac, { preSharedKey: fromHex(FIGURE_6_KEY) }))).toBe('PSKC_MALFORMED');
  });

  it('unwraps an AES key-wrapped secret (RFC 3394 §4.1 vector: 128-bit KEK, 128-bit key data)', () => {
    const wrapped = Buffer.from('1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5', 'hex').toString('base64');
    const xml = `<KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc" xmlns:xenc="http://www.w3.org/2001/04/xmlenc#">
      <EncryptionKey><KeyName xmlns="http://www.w3.org/2000/09/xmldsig#">Pre-shared-key</KeyName></EncryptionKey>
      <KeyPackage><DeviceInfo><SerialNo>KW1</SerialNo></DeviceInfo>
        <Key Id="1" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp"><Data><Secret><EncryptedValue>
          <xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#kw-aes128"/>
          <xenc:CipherData><xenc:CipherValue>${wrapped}</xenc:CipherValue></xenc:CipherData>
        </EncryptedValue></Secret></Data></Key></KeyPackage></KeyContainer>`;
    const kek = fromHex('000102030405060708090A0B0C0D0E0F');
    expect(hex(parsePskc(xml, { preSharedKey: kek })[0]!.secret)).toBe('00112233445566778899aabbccddeeff');
    expect(codeOf(() => parsePskc(xml, { preSharedKey: fromHex('000102030405060708090A0B0C0D0E0E') }))).toBe('PSKC_DECRYPT_FAILED');
  });

  it('reads encrypted integers as big-endian bytes (8-byte counter, negative drift)', () => {
    const random = counterRandom(11);
    const psk = random(16);
    const xml = writePskc([{ serial: 'E1', secret: random(20), params: DEFAULT_TOTP }], { preSharedKey: psk, random });
    const macKey = (() => {
      // re-derive the file's MAC key the way a maker would use it: decrypt MACKey with the PSK
      const m = /<MACKey>[\s\S]*?<xenc:CipherValue>([^<]+)</.exec(xml)!;
      const data = Buffer.from(m[1]!, 'base64');
      const d = createDecipheriv('aes-128-cbc', psk, data.subarray(0, 16));
      return Buffer.concat([d.update(data.subarray(16)), d.final()]);
    })();
    const field = (name: string, plain: Uint8Array): string => {
      const ct = encryptCbc(AES128_CBC_URI, psk, random(16), plain);
      return `<${name}><EncryptedValue><xenc:EncryptionMethod Algorithm="${AES128_CBC_URI}"/><xenc:CipherData><xenc:CipherValue>${Buffer.from(ct).toString('base64')}</xenc:CipherValue></xenc:CipherData></EncryptedValue><ValueMAC>${Buffer.from(mac(HMAC_SHA1_URI, macKey, ct)).toString('base64')}</ValueMAC></${name}>`;
    };
    const withInts = xml.replace('</Data>', `${field('Counter', fromHex('0000000100000002'))}${field('TimeDrift', fromHex('fe'))}</Data>`);
    expect(parsePskc(withInts, { preSharedKey: psk })[0]).toMatchObject({ counter: 2 ** 32 + 2, drift: -2 });
  });

  it('an encrypted file without a key or password is PSKC_KEY_REQUIRED', () => {
    expect(codeOf(() => parsePskc(FIGURE_6))).toBe('PSKC_KEY_REQUIRED');
    expect(codeOf(() => parsePskc(FIGURE_7, { preSharedKey: fromHex(FIGURE_6_KEY) }))).toBe('PSKC_KEY_REQUIRED');
  });

  it('malformed XML and non-PSKC documents are PSKC_MALFORMED', () => {
    for (const bad of [
      '',
      'not xml',
      FIGURE_3.slice(0, 300),
      FIGURE_3.replace('</KeyPackage>', ''),
      '<KeyContainer Version="1.0"><KeyPackage/></KeyContainer>', // no PSKC namespace
      FIGURE_3.replace('<PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=', '<PlainValue>not*base64'),
      FIGURE_3.replace('<PlainValue>0</PlainValue>', '<PlainValue>zero</PlainValue>'),
      FIGURE_3.replace('<Data>', '<Data><Secret><PlainValue>AAAA</PlainValue></Secret>'),
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><KeyContainer xmlns="urn:ietf:params:xml:ns:keyprov:pskc" Version="1.0">&a;</KeyContainer>',
    ]) {
      expect(codeOf(() => parsePskc(bad)), bad.slice(0, 60)).toBe('PSKC_MALFORMED');
    }
  });

  it('unsupported algorithms and versions are PSKC_UNSUPPORTED', () => {
    const ocra = FIGURE_3.replace('urn:ietf:params:xml:ns:keyprov:pskc:hotp', 'urn:ietf:params:xml:ns:keyprov:pskc#OCRA-1:HOTP-SHA512-8:C-QN08');
    expect(codeOf(() => parsePskc(ocra))).toBe('PSKC_UNSUPPORTED');
    expect(codeOf(() => parsePskc(FIGURE_3.replace('Version="1.0"', 'Version="2.0"')))).toBe('PSKC_UNSUPPORTED');
    expect(codeOf(() => parsePskc(FIGURE_3.replace('Encoding="DECIMAL"', 'Encoding="ALPHANUMERIC"')))).toBe('PSKC_UNSUPPORTED');
    const camellia = FIGURE_6.replaceAll('xmlenc#aes128-cbc', 'xmldsig-more#camellia128-cbc');
    expect(codeOf(() => parsePskc(camellia, { preSharedKey: fromHex(FIGURE_6_KEY) }))).toBe('PSKC_UNSUPPORTED');
    const sha3 = FIGURE_6.replace('xmldsig#hmac-sha1', 'xmldsig-more#hmac-sha3-256');
    expect(codeOf(() => parsePskc(sha3, { preSharedKey: fromHex(FIGURE_6_KEY) }))).toBe('PSKC_UNSUPPORTED');
  });

  it('reads a key Policy and says when it holds something not enforced here (RFC 6030 §5)', () => {
    const withPolicy = (policy: string): string => FIGURE_3.replace('<UserId>UID=jsmith', `<Policy>${policy}</Policy><UserId>UID=jsmith`);
    const [key] = parsePskc(
      withPolicy('<StartDate>2006-05-01T00:00:00Z</StartDate><ExpiryDate>2030-05-31T00:00:00+02:00</ExpiryDate><KeyUsage>OTP</KeyUsage><PINPolicy PINUsageMode="Local" MaxFailedAttempts="3"/>'),
    );
    expect(key!.policy).toEqual({
      understood: true,
      keyUsage: ['OTP'],
      startDate: new Date('2006-05-01T00:00:00Z'),
      expiryDate: new Date('2030-05-30T22:00:00Z'),
    });
    expect(parsePskc(withPolicy('<NumberOfTransactions>10</NumberOfTransactions>'))[0]!.policy!.understood).toBe(false);
    expect(parsePskc(withPolicy('<PINPolicy PINUsageMode="Prepend"/>'))[0]!.policy!.understood).toBe(false);
    expect(parsePskc(FIGURE_3)[0]!.policy).toBeUndefined();
    expect(codeOf(() => parsePskc(withPolicy('<ExpiryDate>next year</ExpiryDate>')))).toBe('PSKC_MALFORMED');
  });

  it('never shows a secret when a key is logged or serialised', () => {
    const [key] = parsePskc(FIGURE_6, { preSharedKey: fromHex(FIGURE_6_KEY) });
    const secretHex = ascii('12345678901234567890');
    const b64 = Buffer.from('12345678901234567890').toString('base64');
    for (const shown of [JSON.stringify(key), inspect(key, { depth: 5, showHidden: false }), String(key), JSON.stringify({ ...key })]) {
      expect(shown).not.toContain(secretHex);
      expect(shown).not.toContain(b64);
      expect(shown).not.toContain('49, 50, 51');
    }
    try {
      parsePskc(FIGURE_6, { preSharedKey: fromHex('00'.repeat(16)) });
    } catch (e) {
      expect(String((e as Error).message)).not.toMatch(/3132|MTIz|1234567890/);
    }
  });
});

describe('PSKC writer and the software code display', () => {
  it('round-trips TOTP keys, plain and under AES-128 and AES-256 pre-shared keys', () => {
    const random = counterRandom(7);
    const keys = [
      { serial: 'OM000001', secret: random(20), params: DEFAULT_TOTP, model: 'A<&>"' },
      { serial: 'OM000002', secret: random(32), params: { digits: 8, period: 60, hash: 'SHA-256' as const, t0: 100 } },
    ];
    for (const psk of [undefined, random(16), random(32)]) {
      const xml = writePskc(keys, psk ? { preSharedKey: psk, random } : undefined);
      const parsed = parsePskc(xml, { preSharedKey: psk });
      expect(parsed.map((k) => ({ s: k.serial, sec: hex(k.secret), d: k.digits, p: k.period, h: k.hash, t0: k.t0, a: k.algorithm }))).toEqual(
        keys.map((k) => ({ s: k.serial, sec: hex(k.secret), d: k.params.digits, p: k.params.period, h: k.params.hash, t0: k.params.t0, a: 'totp' })),
      );
      expect(parsed[0]!.model).toBe('A<&>"');
      if (psk) {
        expect(xml).not.toContain(Buffer.from(keys[0]!.secret).toString('base64'));
        expect(codeOf(() => parsePskc(xml, { preSharedKey: new Uint8Array(psk.length) }))).toBe('PSKC_DECRYPT_FAILED');
      }
    }
  });

  it('makes a software token whose codes follow RFC 6238', () => {
    const t = createSoftwareToken(counterRandom(3));
    expect(t.serial).toMatch(/^SW\d{10}$/);
    expect(t.secret).toHaveLength(20);
    const at = new Date('2026-11-25T10:00:00Z');
    expect(codeAt(t.secret, at)).toBe(totp(t.secret, at, DEFAULT_TOTP));
    const [key] = parsePskc(t.pskcXml);
    expect(key).toMatchObject({ serial: t.serial, algorithm: 'totp', digits: 6, period: 30, t0: 0 });
    expect(hex(key!.secret)).toBe(hex(t.secret));
    const enc = createSoftwareToken(counterRandom(4), { preSharedKey: fromHex(FIGURE_6_KEY) });
    expect(hex(parsePskc(enc.pskcXml, { preSharedKey: fromHex(FIGURE_6_KEY) })[0]!.secret)).toBe(hex(enc.secret));
    expect(createSoftwareToken(counterRandom(5)).serial).not.toBe(t.serial);
  });
});

describe('PSKC parser on untrusted input (fuzz)', () => {
  const PSKC_CODES = ['PSKC_MALFORMED', 'PSKC_UNSUPPORTED', 'PSKC_KEY_REQUIRED', 'PSKC_DECRYPT_FAILED'];
  const check = (xml: string, key?: Uint8Array): void => {
    try {
      parsePskc(xml, { preSharedKey: key });
    } catch (e) {
      if (!isApiError(e) || !PSKC_CODES.includes(e.code)) throw e;
    }
  };

  it('arbitrary text gives only typed errors', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => check(s)), { numRuns: 300 });
  });

  it('figures with a slice cut out or characters changed give only typed errors', () => {
    const docs = [FIGURE_3, FIGURE_6, FIGURE_7];
    fc.assert(
      fc.property(fc.nat(2), fc.nat(4000), fc.nat(40), fc.string({ maxLength: 8 }), (d, at, len, ins) => {
        const doc = docs[d]!;
        const i = at % doc.length;
        check(doc.slice(0, i) + ins + doc.slice(i + len), fromHex(FIGURE_6_KEY));
      }),
      { numRuns: 400 },
    );
  });
});
