/**
 * Basic Access Control, terminal side (Doc 9303 Part 11 §4.3): GET CHALLENGE, then
 * EXTERNAL AUTHENTICATE (called MUTUAL AUTHENTICATE in BAC), then 3DES secure messaging.
 */
import { INS } from '../apdu.js';
import { concat, equalBytes } from '../bytes.js';
import { MrtdError, SW, swName } from '../errors.js';
import type { MrzKey } from '../mrz/key.js';
import { secureRandom, type RandomSource } from '../random.js';
import type { ApduChannel, SecureMessaging } from '../transport.js';
import { bacSession, deriveBacKeys, openBacMessage, sealBacMessage } from './bac-crypto.js';
import { createSecureMessaging } from './secure-messaging.js';

const STEP_CHALLENGE = 'BAC:GET_CHALLENGE';
const STEP_MUTUAL = 'BAC:MUTUAL_AUTHENTICATE';

function failed(step: string, message: string, sw?: number, cause?: unknown): MrtdError {
  const details: { step: string; sw?: number; cause?: unknown } = { step };
  if (sw !== undefined) details.sw = sw;
  if (cause !== undefined) details.cause = cause;
  return new MrtdError('BAC_FAILED', `${step}: ${message}`, details);
}

/**
 * Runs BAC over `channel` (in the clear: any earlier session is dropped first) and on
 * success installs the new secure messaging on it. The random source is asked for
 * RND.IFD (8 bytes) and then K.IFD (16 bytes). A wrong MRZ key shows as BAC_FAILED at
 * MUTUAL_AUTHENTICATE, normally with the card's 6300.
 */
export async function performBac(channel: ApduChannel, key: MrzKey, random: RandomSource = secureRandom): Promise<{ sm: SecureMessaging }> {
  channel.sm = undefined;
  const keys = deriveBacKeys(key);

  const challenge = await channel.send({ cla: 0x00, ins: INS.GET_CHALLENGE, p1: 0, p2: 0, ne: 8 }, STEP_CHALLENGE);
  if (challenge.sw !== SW.OK) throw failed(STEP_CHALLENGE, `card answered ${swName(challenge.sw)}`, challenge.sw);
  const rndIc = challenge.data;
  if (rndIc.length !== 8) throw failed(STEP_CHALLENGE, `challenge of ${rndIc.length} bytes, expected 8`, challenge.sw);

  const rndIfd = random(8);
  const kIfd = random(16);
  if (rndIfd.length !== 8 || kIfd.length !== 16) throw new RangeError('random source returned the wrong length');
  const body = sealBacMessage(keys, concat(rndIfd, rndIc, kIfd));

  const resp = await channel.send({ cla: 0x00, ins: INS.EXTERNAL_AUTHENTICATE, p1: 0, p2: 0, data: body, ne: 40 }, STEP_MUTUAL);
  if (resp.sw !== SW.OK) throw failed(STEP_MUTUAL, `card refused the terminal's cryptogram (${swName(resp.sw)}): wrong MRZ key?`, resp.sw);
  const r = openBacMessage(keys, resp.data);
  if (!r) throw failed(STEP_MUTUAL, "card's cryptogram does not verify", resp.sw);
  // R = RND.IC ‖ RND.IFD ‖ K.IC
  if (!equalBytes(r.subarray(0, 8), rndIc) || !equalBytes(r.subarray(8, 16), rndIfd)) {
    throw failed(STEP_MUTUAL, "card's cryptogram does not echo the challenges", resp.sw);
  }
  const s = bacSession(kIfd, r.subarray(16, 32), rndIc, rndIfd);
  const sm = createSecureMessaging('3des', s.ksEnc, s.ksMac, s.ssc);
  channel.sm = sm;
  return { sm };
}
