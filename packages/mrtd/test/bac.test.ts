import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeResponse, INS, type CommandApdu, type ResponseApdu } from '../src/apdu.js';
import { fromHex, hex, u16 } from '../src/bytes.js';
import { isMrtdError, MrtdError, SW } from '../src/errors.js';
import type { MrzKey } from '../src/mrz/key.js';
import type { RandomSource } from '../src/random.js';
import { CardBac, CardSecureMessaging, deriveBacKeys, performBac } from '../src/protocols/index.js';
import { ApduChannel, type Transport } from '../src/transport.js';

const h = fromHex;

// Doc 9303 Part 11 Appendix D.2: TD2 MRZ of ERIKSSON, document L898902C<
const APPENDIX_KEY: MrzKey = { documentNumber: 'L898902C', dateOfBirth: '690806', dateOfExpiry: '940623' };
// Appendix D.3
const RND_IC = '4608F91988702212';
const RND_IFD = '781723860C06C226';
const K_IFD = '0B795240CB7049B01C19B33E32804F0B';
const K_IC = '0B4F80323EB3191CB04970CB4052790B';
// Appendix D.4 result
const EF_COM = h('60145F0104303130365F36063034303030305C026175');

/** Hands out the given values in order, checking the lengths asked for. */
function scripted(...values: string[]): RandomSource {
  const queue = values.map(h);
  return (length) => {
    const next = queue.shift();
    if (!next || next.length !== length) throw new Error(`unexpected random request of ${length} bytes`);
    return next;
  };
}

/** A minimal card for these tests: BAC, secure messaging, SELECT and READ BINARY of EF.COM. */
class TestCard implements Transport {
  sm: CardSecureMessaging | undefined;
  readonly log: { command: string; response: string }[] = [];
  /** applied to every response on its way out, to play a man in the middle */
  tamper: ((response: Uint8Array) => Uint8Array) | undefined;

  constructor(private readonly bac: CardBac) {}

  async transceive(command: Uint8Array): Promise<Uint8Array> {
    let response = encodeResponse(this.process(command));
    if (this.tamper) response = this.tamper(response);
    this.log.push({ command: hex(command), response: hex(response) });
    return response;
  }

  private process(raw: Uint8Array): ResponseApdu {
    const cmd = decodeCommand(raw);
    if ((cmd.cla & 0x0c) === 0x0c) {
      if (!this.sm) return { data: new Uint8Array(0), sw: SW.SM_DATA_MISSING };
      let plain: CommandApdu;
      try {
        plain = this.sm.unwrapCommand(cmd);
      } catch {
        this.sm = undefined; // Part 11 §9.8.5: abort secure messaging, answer in the clear
        return { data: new Uint8Array(0), sw: SW.SM_DATA_INCORRECT };
      }
      return this.sm.wrapResponse(this.file(plain));
    }
    this.sm = undefined;
    try {
      if (cmd.ins === INS.GET_CHALLENGE) return { data: this.bac.getChallenge(), sw: SW.OK };
      if (cmd.ins === INS.EXTERNAL_AUTHENTICATE) {
        const { response, sm } = this.bac.mutualAuthenticate(cmd.data ?? new Uint8Array(0));
        this.sm = sm;
        return { data: response, sw: SW.OK };
      }
    } catch (e) {
      if (e instanceof MrtdError && e.sw !== undefined) return { data: new Uint8Array(0), sw: e.sw };
      throw e;
    }
    return { data: new Uint8Array(0), sw: SW.SECURITY_STATUS_NOT_SATISFIED };
  }

  private file(cmd: CommandApdu): ResponseApdu {
    if (cmd.ins === INS.SELECT) return { data: new Uint8Array(0), sw: hex(cmd.data ?? new Uint8Array(0)) === '011E' ? SW.OK : SW.FILE_NOT_FOUND };
    if (cmd.ins === INS.READ_BINARY) {
      const offset = (cmd.p1 << 8) | cmd.p2;
      return { data: EF_COM.slice(offset, offset + (cmd.ne ?? 0)), sw: SW.OK };
    }
    return { data: new Uint8Array(0), sw: SW.INS_NOT_SUPPORTED };
  }
}

async function readEfCom(channel: ApduChannel): Promise<Uint8Array> {
  await channel.expectOk({ cla: 0, ins: INS.SELECT, p1: 0x02, p2: 0x0c, data: h('011E') }, 'SELECT:EF.COM');
  const head = await channel.expectOk({ cla: 0, ins: INS.READ_BINARY, p1: 0, p2: 0, ne: 4 }, 'READ_BINARY:EF.COM');
  const rest = await channel.expectOk({ cla: 0, ins: INS.READ_BINARY, p1: 0, p2: 4, ne: head[1]! + 2 - 4 }, 'READ_BINARY:EF.COM');
  return new Uint8Array([...head, ...rest]);
}

describe('BAC: Doc 9303 Part 11 Appendix D', () => {
  it('D.2: derives K_Enc and K_MAC from MRZ_information', () => {
    const keys = deriveBacKeys(APPENDIX_KEY);
    expect(hex(keys.kEnc)).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(hex(keys.kMac)).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });

  it('D.3 + D.4: terminal and card reproduce every APDU of the appendix byte for byte', async () => {
    const card = new TestCard(new CardBac(APPENDIX_KEY, scripted(RND_IC, K_IC)));
    const channel = new ApduChannel(card);
    const { sm } = await performBac(channel, APPENDIX_KEY, scripted(RND_IFD, K_IFD));
    expect(channel.sm).toBe(sm);
    expect(hex((sm as unknown as { ssc: Uint8Array }).ssc)).toBe('887022120C06C226');
    expect(card.sm && hex(card.sm.ssc)).toBe('887022120C06C226');

    const efCom = await readEfCom(channel);
    expect(hex(efCom)).toBe(hex(EF_COM));

    expect(card.log).toEqual([
      // D.3 GET CHALLENGE
      { command: '0084000008', response: `${RND_IC}9000` },
      // D.3 EXTERNAL (MUTUAL) AUTHENTICATE: cmd_data = E_IFD ‖ M_IFD, resp_data = E_IC ‖ M_IC
      {
        command: '008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728',
        response: '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D74499000',
      },
      // D.4 step 1, 2, 3
      { command: '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800', response: '990290008E08FA855A5D4C50A8ED9000' },
      { command: '0CB000000D9701048E08ED6705417E96BA5500', response: '8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000' },
      {
        command: '0CB000040D9701128E082EA28A70F3C7B53500',
        response: '871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000',
      },
    ]);
  });

  it('a wrong MRZ key fails with BAC_FAILED at MUTUAL_AUTHENTICATE carrying 6300', async () => {
    const card = new TestCard(new CardBac(APPENDIX_KEY));
    const channel = new ApduChannel(card);
    const wrong = { ...APPENDIX_KEY, dateOfBirth: '690807' };
    const err = await performBac(channel, wrong).catch((e: unknown) => e);
    expect(isMrtdError(err, 'BAC_FAILED')).toBe(true);
    expect((err as MrtdError).step).toBe('BAC:MUTUAL_AUTHENTICATE');
    expect((err as MrtdError).sw).toBe(0x6300);
    expect(channel.sm).toBeUndefined();
    expect(card.sm).toBeUndefined();
  });

  it('the terminal refuses a card answer that does not verify (man in the middle)', async () => {
    const card = new TestCard(new CardBac(APPENDIX_KEY));
    card.tamper = (r) => {
      if (r.length !== 42) return r;
      const m = new Uint8Array(r);
      m[3]! ^= 1;
      return m;
    };
    const channel = new ApduChannel(card);
    const err = await performBac(channel, APPENDIX_KEY).catch((e: unknown) => e);
    expect(isMrtdError(err, 'BAC_FAILED')).toBe(true);
    expect(channel.sm).toBeUndefined();
  });

  it('a card that gives a malformed challenge is refused', async () => {
    const channel = new ApduChannel({ transceive: async () => h('01029000') });
    const err = await performBac(channel, APPENDIX_KEY).catch((e: unknown) => e);
    expect(isMrtdError(err, 'BAC_FAILED')).toBe(true);
    expect((err as MrtdError).step).toBe('BAC:GET_CHALLENGE');
  });

  it('card side: no challenge, wrong length and a replayed cryptogram are refused with their status words', () => {
    const bac = new CardBac(APPENDIX_KEY, scripted(RND_IC, K_IC, RND_IC));
    const body = h('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7');
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(isMrtdError(e, 'BAC_FAILED')).toBe(true);
        return (e as MrtdError).sw;
      }
      return undefined;
    };
    expect(codeOf(() => bac.mutualAuthenticate(body))).toBe(SW.CONDITIONS_NOT_SATISFIED);
    bac.getChallenge();
    expect(hex(bac.mutualAuthenticate(body).response)).toBe(
      '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449',
    );
    // the challenge is single-use
    expect(codeOf(() => bac.mutualAuthenticate(body))).toBe(SW.CONDITIONS_NOT_SATISFIED);
    bac.getChallenge();
    expect(codeOf(() => bac.mutualAuthenticate(body.subarray(0, 39)))).toBe(SW.WRONG_LENGTH);
    const forged = new Uint8Array(body);
    forged[0]! ^= 1;
    const bac2 = new CardBac(APPENDIX_KEY);
    bac2.getChallenge();
    expect(codeOf(() => bac2.mutualAuthenticate(forged))).toBe(SW.AUTHENTICATION_FAILED);
  });

  it('with fresh randomness both sides agree, and a tampered protected response is SM_MAC_INVALID with its step', async () => {
    const key: MrzKey = { documentNumber: 'D23145890734', dateOfBirth: '340712', dateOfExpiry: '950712' };
    const card = new TestCard(new CardBac(key));
    const channel = new ApduChannel(card);
    await performBac(channel, key);
    expect(hex(await readEfCom(channel))).toBe(hex(EF_COM));
    card.tamper = (r) => {
      const m = new Uint8Array(r);
      m[m.length - 3]! ^= 0x10; // last MAC byte
      return m;
    };
    const err = await channel.expectOk({ cla: 0, ins: INS.READ_BINARY, p1: 0, p2: 0, ne: 4 }, 'READ_BINARY:EF.COM').catch((e: unknown) => e);
    expect(isMrtdError(err, 'SM_MAC_INVALID')).toBe(true);
    expect((err as MrtdError).step).toBe('READ_BINARY:EF.COM');
  });

  it('the card drops the session when a command MAC fails (SSC desync on the terminal side)', async () => {
    const card = new TestCard(new CardBac(APPENDIX_KEY));
    const channel = new ApduChannel(card);
    const { sm } = await performBac(channel, APPENDIX_KEY);
    sm.wrap({ cla: 0, ins: INS.SELECT, p1: 2, p2: 0x0c, data: h('011E') }); // never sent: counters now differ
    const r = await channel.send({ cla: 0, ins: INS.SELECT, p1: 2, p2: 0x0c, data: h('011E') }, 'SELECT:EF.COM');
    expect(r.sw).toBe(SW.SM_DATA_INCORRECT);
    expect(card.sm).toBeUndefined();
    expect(u16(r.sw)).toEqual(h('6988'));
  });
});
