/**
 * Basic Access Control, card side (Doc 9303 Part 11 §4.3), for the virtual chip. Errors
 * carry the status word the chip should answer.
 */
import { concat, equalBytes } from '../bytes.js';
import { MrtdError, SW } from '../errors.js';
import type { MrzKey } from '../mrz/key.js';
import { secureRandom, type RandomSource } from '../random.js';
import { bacSession, deriveBacKeys, openBacMessage, sealBacMessage, type BacKeys } from './bac-crypto.js';
import { CardSecureMessaging } from './card-secure-messaging.js';

const STEP = 'BAC:MUTUAL_AUTHENTICATE';

export class CardBac {
  private readonly keys: BacKeys;
  private rndIc: Uint8Array | undefined;

  /** The random source is asked for RND.IC (8 bytes) per challenge and K.IC (16 bytes) per authentication. */
  constructor(
    key: MrzKey,
    private readonly random: RandomSource = secureRandom,
  ) {
    this.keys = deriveBacKeys(key);
  }

  /** A fresh RND.IC, 8 bytes; it replaces any earlier one. */
  getChallenge(): Uint8Array {
    const rnd = this.random(8);
    if (rnd.length !== 8) throw new RangeError('random source returned the wrong length');
    this.rndIc = new Uint8Array(rnd);
    return new Uint8Array(rnd);
  }

  /**
   * Checks the terminal's E.IFD ‖ M.IFD, answers E.IC ‖ M.IC and opens 3DES secure
   * messaging. The challenge is single-use. Throws BAC_FAILED with sw 6985 (no
   * challenge), 6700 (wrong length) or 6300 (cryptogram or RND.IC wrong).
   */
  mutualAuthenticate(cmdData: Uint8Array): { response: Uint8Array; sm: CardSecureMessaging } {
    const rndIc = this.rndIc;
    this.rndIc = undefined;
    if (!rndIc) throw new MrtdError('BAC_FAILED', `${STEP}: no challenge was issued`, { step: STEP, sw: SW.CONDITIONS_NOT_SATISFIED });
    if (cmdData.length !== 40) throw new MrtdError('BAC_FAILED', `${STEP}: body of ${cmdData.length} bytes, expected 40`, { step: STEP, sw: SW.WRONG_LENGTH });
    const s = openBacMessage(this.keys, cmdData);
    // S = RND.IFD ‖ RND.IC ‖ K.IFD
    if (!s || !equalBytes(s.subarray(8, 16), rndIc)) {
      throw new MrtdError('BAC_FAILED', `${STEP}: terminal cryptogram does not verify`, { step: STEP, sw: SW.AUTHENTICATION_FAILED });
    }
    const rndIfd = s.subarray(0, 8);
    const kIfd = s.subarray(16, 32);
    const kIc = this.random(16);
    if (kIc.length !== 16) throw new RangeError('random source returned the wrong length');
    const response = sealBacMessage(this.keys, concat(rndIc, rndIfd, kIc));
    const session = bacSession(kIfd, kIc, rndIc, rndIfd);
    return { response, sm: new CardSecureMessaging('3des', session.ksEnc, session.ksMac, session.ssc) };
  }
}
