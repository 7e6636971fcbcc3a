/**
 * Terminal-side secure messaging (Doc 9303 Part 11 §9.8): protects commands and checks
 * responses with 3DES or AES, the send sequence counter incremented before each
 * protected command and before each response is checked.
 */
import { needsExtended, type CommandApdu, type ResponseApdu } from '../apdu.js';
import { concat, equalBytes, u16 } from '../bytes.js';
import type { CipherKind } from '../crypto/kdf.js';
import { padIso9797M2, unpadIso9797M2 } from '../crypto/padding.js';
import { MrtdError } from '../errors.js';
import { encodeTlv, readTlvs, type Tlv } from '../tlv.js';
import type { SecureMessaging } from '../transport.js';
import {
  CLA_SM,
  PADDING_INDICATOR,
  TAG_CRYPTOGRAM,
  TAG_LE,
  TAG_MAC,
  TAG_PLAIN_ODD,
  TAG_SW,
  incrementSsc,
  paddedHeader,
  SmSession,
  type SmCipher,
} from './sm-cipher.js';

const EMPTY: Uint8Array = new Uint8Array(0);

/** Splits SM data objects into those covered by the MAC and the trailing DO'8E'. */
export function splitMac(data: Uint8Array, where: string): { objects: Tlv[]; authenticated: Uint8Array; mac: Uint8Array } {
  let tlvs: Tlv[];
  try {
    tlvs = readTlvs(data);
  } catch (e) {
    throw new MrtdError('SM_MALFORMED', `${where}: secure messaging data objects are malformed`, { cause: e });
  }
  const last = tlvs[tlvs.length - 1];
  if (!last || last.tag !== TAG_MAC) throw new MrtdError('SM_MAC_INVALID', `${where} carries no checksum (DO'8E')`);
  if (last.value.length !== 8) throw new MrtdError('SM_MAC_INVALID', `${where}: checksum must be 8 bytes`);
  const macStart = last.end - last.headerLength - last.value.length;
  return { objects: tlvs.slice(0, -1), authenticated: data.subarray(0, macStart), mac: last.value };
}

/** Decrypts DO'87' (after its '01' indicator) or DO'85' and removes the padding. */
export function decryptDataObject(cipher: SmCipher, obj: Tlv, ssc: Uint8Array, where: string): Uint8Array {
  let cryptogram = obj.value;
  if (obj.tag === TAG_CRYPTOGRAM) {
    if (cryptogram[0] !== PADDING_INDICATOR) throw new MrtdError('SM_MALFORMED', `${where}: DO'87' without padding indicator 01`);
    cryptogram = cryptogram.subarray(1);
  }
  if (cryptogram.length === 0 || cryptogram.length % cipher.blockSize !== 0) {
    throw new MrtdError('SM_MALFORMED', `${where}: cryptogram is not a whole number of blocks`);
  }
  return unpadIso9797M2(cipher.decrypt(cryptogram, ssc));
}

class TerminalSecureMessaging extends SmSession implements SecureMessaging {

  wrap(cmd: CommandApdu): CommandApdu {
    incrementSsc(this.counter);
    const { cipher, counter } = this;
    const data = cmd.data ?? EMPTY;
    let dataObject = EMPTY;
    if (data.length > 0) {
      const cryptogram = cipher.encrypt(padIso9797M2(data, cipher.blockSize), counter);
      // Odd INS carries BER-TLV data, sent in DO'85' without the padding indicator (§9.8.4).
      dataObject = (cmd.ins & 1) === 1 ? encodeTlv(TAG_PLAIN_ODD, cryptogram) : encodeTlv(TAG_CRYPTOGRAM, Uint8Array.of(PADDING_INDICATOR), cryptogram);
    }
    const ne = cmd.ne ?? 0;
    const extended = needsExtended(cmd);
    let leObject = EMPTY;
    if (ne > 0) {
      // Le is kept in its own length form: '00' is 256 for short, '0000' is 65536 for extended.
      leObject = encodeTlv(TAG_LE, extended ? u16(ne === 65536 ? 0 : ne) : Uint8Array.of(ne === 256 ? 0 : ne));
    }
    const mac = cipher.mac(counter, concat(paddedHeader(cmd.cla, cmd.ins, cmd.p1, cmd.p2, cipher.blockSize), dataObject, leObject));
    const body = concat(dataObject, leObject, encodeTlv(TAG_MAC, mac));
    // The protected response always has data (at least DO'99' and DO'8E'), so Le is always
    // present: '00' for short length, '0000' once the command needs extended length.
    return { cla: cmd.cla | CLA_SM, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, data: body, ne: extended || body.length > 255 ? 65536 : 256 };
  }

  unwrap(resp: ResponseApdu): ResponseApdu {
    incrementSsc(this.counter);
    const { cipher, counter } = this;
    const { objects, authenticated, mac } = splitMac(resp.data, 'response');
    if (!equalBytes(cipher.mac(counter, authenticated), mac)) throw new MrtdError('SM_MAC_INVALID', 'response checksum does not verify');
    let data = EMPTY;
    let sw = resp.sw;
    let i = 0;
    const first = objects[i];
    // Responses normally use DO'87'; DO'85' is accepted for odd-INS commands' answers.
    if (first && (first.tag === TAG_CRYPTOGRAM || first.tag === TAG_PLAIN_ODD)) {
      data = decryptDataObject(cipher, first, counter, 'response');
      i++;
    }
    const swObject = objects[i];
    if (swObject && swObject.tag === TAG_SW) {
      if (swObject.value.length !== 2) throw new MrtdError('SM_MALFORMED', "response DO'99' must hold two status bytes");
      sw = (swObject.value[0]! << 8) | swObject.value[1]!;
      i++;
    }
    if (i !== objects.length) throw new MrtdError('SM_MALFORMED', `response carries an unexpected data object ${objects[i]!.tag.toString(16)}`);
    return { data, sw };
  }
}

/**
 * The terminal side of secure messaging after BAC (3DES, 8-byte SSC) or PACE/CA
 * (3DES or AES, SSC of the block size). Keys and SSC are copied.
 */
export function createSecureMessaging(kind: CipherKind, ksEnc: Uint8Array, ksMac: Uint8Array, ssc: Uint8Array): SecureMessaging & { readonly kind: CipherKind; readonly ssc: Uint8Array } {
  return new TerminalSecureMessaging(kind, ksEnc, ksMac, ssc);
}
