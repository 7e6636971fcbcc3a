/**
 * Card-side secure messaging (Doc 9303 Part 11 §9.8), for the virtual chip: checks and
 * decrypts protected commands, protects responses. After any error thrown here the chip
 * must drop the session and answer plain status words (§9.8.5).
 */
import type { CommandApdu, ResponseApdu } from '../apdu.js';
import { concat, equalBytes, u16 } from '../bytes.js';
import { padIso9797M2 } from '../crypto/padding.js';
import { MrtdError } from '../errors.js';
import { encodeTlv } from '../tlv.js';
import { decryptDataObject, splitMac } from './secure-messaging.js';
import {
  CLA_SM,
  PADDING_INDICATOR,
  TAG_CRYPTOGRAM,
  TAG_LE,
  TAG_PLAIN_ODD,
  TAG_SW,
  TAG_MAC,
  incrementSsc,
  paddedHeader,
  SmSession,
} from './sm-cipher.js';

export class CardSecureMessaging extends SmSession {

  /**
   * Verifies DO'8E' over the header and DO'87'/DO'85' and DO'97', then decrypts.
   * Throws SM_MAC_INVALID (chip answers 6988) or SM_MALFORMED (6987/6988).
   */
  unwrapCommand(cmd: CommandApdu): CommandApdu {
    if ((cmd.cla & CLA_SM) !== CLA_SM) throw new MrtdError('SM_MALFORMED', 'plain command received under secure messaging');
    incrementSsc(this.counter);
    const { cipher, counter } = this;
    const { objects, authenticated, mac } = splitMac(cmd.data ?? new Uint8Array(0), 'command');
    const expected = cipher.mac(counter, concat(paddedHeader(cmd.cla, cmd.ins, cmd.p1, cmd.p2, cipher.blockSize), authenticated));
    if (!equalBytes(expected, mac)) throw new MrtdError('SM_MAC_INVALID', 'command checksum does not verify');
    let i = 0;
    let data: Uint8Array | undefined;
    let ne = 0;
    const first = objects[i];
    if (first && (first.tag === TAG_CRYPTOGRAM || first.tag === TAG_PLAIN_ODD)) {
      const wanted = (cmd.ins & 1) === 1 ? TAG_PLAIN_ODD : TAG_CRYPTOGRAM;
      if (first.tag !== wanted) throw new MrtdError('SM_MALFORMED', `command data for INS ${cmd.ins.toString(16)} must be in DO'${wanted.toString(16)}'`);
      data = decryptDataObject(cipher, first, counter, 'command');
      i++;
    }
    const leObject = objects[i];
    if (leObject && leObject.tag === TAG_LE) {
      const v = leObject.value;
      if (v.length > 2) throw new MrtdError('SM_MALFORMED', "command DO'97' longer than two bytes");
      // An empty Le object is ambiguous (§9.8.4); it is read as "as much as a short response holds".
      if (v.length === 0) ne = 256;
      else if (v.length === 1) ne = v[0] === 0 ? 256 : v[0]!;
      else ne = v[0] === 0 && v[1] === 0 ? 65536 : (v[0]! << 8) | v[1]!;
      i++;
    }
    if (i !== objects.length) throw new MrtdError('SM_MALFORMED', `command carries an unexpected data object ${objects[i]!.tag.toString(16)}`);
    const plain: CommandApdu = { cla: cmd.cla & ~CLA_SM & 0xff, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, ne };
    if (data && data.length > 0) plain.data = data;
    return plain;
  }

  /** Protects a response as DO'87' (when there is data) ‖ DO'99' ‖ DO'8E'; the outer SW is kept. */
  wrapResponse(resp: ResponseApdu): ResponseApdu {
    incrementSsc(this.counter);
    const { cipher, counter } = this;
    const dataObject =
      resp.data.length > 0
        ? encodeTlv(TAG_CRYPTOGRAM, Uint8Array.of(PADDING_INDICATOR), cipher.encrypt(padIso9797M2(resp.data, cipher.blockSize), counter))
        : new Uint8Array(0);
    const swObject = encodeTlv(TAG_SW, u16(resp.sw));
    const mac = cipher.mac(counter, concat(dataObject, swObject));
    return { data: concat(dataObject, swObject, encodeTlv(TAG_MAC, mac)), sw: resp.sw };
  }
}
