/**
 * The virtual chip reproduces, byte for byte, the card's side of ICAO Doc 9303 Part 11
 * Appendix D.3 (BAC) and D.4 (the protected SELECT EF.COM and READ BINARY exchanges),
 * with the appendix's random numbers fed to both sides.
 */
import { describe, expect, it } from 'vitest';
import { INS } from '../src/apdu.js';
import { concat, fromHex, hex } from '../src/bytes.js';
import { VirtualChip } from '../src/chip/index.js';
import { performBac } from '../src/protocols/index.js';
import type { RandomSource } from '../src/random.js';
import { selectApplication } from '../src/reader/index.js';
import { ApduChannel } from '../src/transport.js';
import { MRZ_KEY, RecordingTransport } from './chip-test-helpers.js';

/** Hands out the given bytes in order, as a fixed random source. */
function fixedRandom(...chunks: string[]): RandomSource {
  const bytes = concat(...chunks.map(fromHex));
  let offset = 0;
  return (length) => {
    if (offset + length > bytes.length) throw new Error('fixed random source exhausted');
    const out = bytes.slice(offset, offset + length);
    offset += length;
    return out;
  };
}

// Doc 9303 Part 11 Appendix D.3 and D.4
const RND_IC = '4608F91988702212';
const K_IC = '0B4F80323EB3191CB04970CB4052790B';
const RND_IFD = '781723860C06C226';
const K_IFD = '0B795240CB7049B01C19B33E32804F0B';
const EF_COM = '60145F0104303130365F36063034303030305C026175';

describe('VirtualChip: ICAO Doc 9303 Part 11 Appendix D', () => {
  it('answers BAC and the protected SELECT / READ BINARY exactly as the worked example', async () => {
    const chip = new VirtualChip({ files: new Map([['COM', fromHex(EF_COM)]]), mrzKey: MRZ_KEY, random: fixedRandom(RND_IC, K_IC) });
    const rec = new RecordingTransport(chip);
    const channel = new ApduChannel(rec);
    await selectApplication(channel);
    await performBac(channel, MRZ_KEY, fixedRandom(RND_IFD, K_IFD));

    await channel.expectOk({ cla: 0, ins: INS.SELECT, p1: 2, p2: 0x0c, data: fromHex('011E') }, 'SELECT:COM');
    const head = await channel.expectOk({ cla: 0, ins: INS.READ_BINARY, p1: 0, p2: 0, ne: 4 }, 'READ_BINARY:COM');
    const rest = await channel.expectOk({ cla: 0, ins: INS.READ_BINARY, p1: 0, p2: 4, ne: 0x12 }, 'READ_BINARY:COM');
    expect(hex(concat(head, rest))).toBe(EF_COM);

    const wire = rec.log.map((e) => [hex(e.command), hex(e.response)]);
    // D.3: GET CHALLENGE and EXTERNAL AUTHENTICATE
    expect(wire[1]).toEqual(['0084000008', `${RND_IC}9000`]);
    expect(wire[2]).toEqual([
      '008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728',
      '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D74499000',
    ]);
    // D.4 steps 1–3
    expect(wire[3]).toEqual(['0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800', '990290008E08FA855A5D4C50A8ED9000']);
    expect(wire[4]).toEqual(['0CB000000D9701048E08ED6705417E96BA5500', '8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000']);
    expect(wire[5]).toEqual([
      '0CB000040D9701128E082EA28A70F3C7B53500',
      '871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000',
    ]);
  });
});
