import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCommand, decodeResponse, encodeCommand, encodeResponse, type CommandApdu, type ResponseApdu } from '../src/apdu.js';
import { fromHex, hex } from '../src/bytes.js';
import { KEY_LENGTH, type CipherKind } from '../src/crypto/index.js';
import { isMrtdError } from '../src/errors.js';
import { CardSecureMessaging, createSecureMessaging, maxShortPlainFor } from '../src/protocols/index.js';
import { expectCode } from './support/errors.js';

const h = fromHex;


/** A deterministic byte pattern, different per call. */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (seed * 31 + i * 7 + ((i * i) >> 3)) & 0xff;
  return out;
}

describe('3DES secure messaging: Doc 9303 Part 11 Appendix D.4', () => {
  // Session keys and SSC from Appendix D.3
  const ksEnc = h('979EC13B1CBFE9DCD01AB0FED307EAE5');
  const ksMac = h('F1CB1F1FB5ADF208806B89DC579DC1F8');
  const ssc = h('887022120C06C226');

  const steps: { cmd: CommandApdu; protectedCmd: string; plainResp: ResponseApdu; protectedResp: string }[] = [
    {
      // 1. SELECT EF.COM
      cmd: { cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: h('011E') },
      protectedCmd: '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800',
      plainResp: { data: new Uint8Array(0), sw: 0x9000 },
      protectedResp: '990290008E08FA855A5D4C50A8ED9000',
    },
    {
      // 2. READ BINARY of the first four bytes
      cmd: { cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, ne: 4 },
      protectedCmd: '0CB000000D9701048E08ED6705417E96BA5500',
      plainResp: { data: h('60145F01'), sw: 0x9000 },
      protectedResp: '8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000',
    },
    {
      // 3. READ BINARY of the remaining 18 bytes from offset 4
      cmd: { cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x04, ne: 0x12 },
      protectedCmd: '0CB000040D9701128E082EA28A70F3C7B53500',
      plainResp: { data: h('04303130365F36063034303030305C026175'), sw: 0x9000 },
      protectedResp: '871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000',
    },
  ];

  it('terminal side: protects each command and checks each response byte-exact', () => {
    const sm = createSecureMessaging('3des', ksEnc, ksMac, ssc);
    const sscs = ['887022120C06C227', '887022120C06C228', '887022120C06C229', '887022120C06C22A', '887022120C06C22B', '887022120C06C22C'];
    let n = 0;
    for (const s of steps) {
      expect(hex(encodeCommand(sm.wrap(s.cmd)))).toBe(s.protectedCmd);
      expect(hex(sm.ssc)).toBe(sscs[n++]);
      const resp = sm.unwrap(decodeResponse(h(s.protectedResp)));
      expect(hex(sm.ssc)).toBe(sscs[n++]);
      expect(hex(resp.data)).toBe(hex(s.plainResp.data));
      expect(resp.sw).toBe(0x9000);
    }
  });

  it('card side: checks each protected command and protects each response byte-exact', () => {
    const card = new CardSecureMessaging('3des', ksEnc, ksMac, ssc);
    for (const s of steps) {
      const cmd = card.unwrapCommand(decodeCommand(h(s.protectedCmd)));
      expect(cmd.cla).toBe(s.cmd.cla);
      expect(cmd.ins).toBe(s.cmd.ins);
      expect([cmd.p1, cmd.p2]).toEqual([s.cmd.p1, s.cmd.p2]);
      expect(hex(cmd.data ?? new Uint8Array(0))).toBe(hex(s.cmd.data ?? new Uint8Array(0)));
      expect(cmd.ne ?? 0).toBe(s.cmd.ne ?? 0);
      expect(hex(encodeResponse(card.wrapResponse(s.plainResp)))).toBe(s.protectedResp);
    }
    expect(hex(card.ssc)).toBe('887022120C06C22C');
  });

  it('gives EF.COM as in the appendix result', () => {
    const sm = createSecureMessaging('3des', ksEnc, ksMac, ssc);
    const parts: Uint8Array[] = [];
    for (const s of steps) {
      sm.wrap(s.cmd);
      parts.push(sm.unwrap(decodeResponse(h(s.protectedResp))).data);
    }
    expect(parts.map(hex).join('')).toBe('60145F0104303130365F36063034303030305C026175');
  });

  it('refuses a response with one bit flipped, or without DO8E, with SM_MAC_INVALID', () => {
    for (let i = 0; i < h(steps[1]!.protectedResp).length - 2; i++) {
      const sm = createSecureMessaging('3des', ksEnc, ksMac, ssc);
      sm.wrap(steps[0]!.cmd);
      sm.unwrap(decodeResponse(h(steps[0]!.protectedResp)));
      sm.wrap(steps[1]!.cmd);
      const raw = h(steps[1]!.protectedResp);
      raw[i]! ^= 0x01;
      try {
        sm.unwrap(decodeResponse(raw));
        expect.unreachable(`flip at ${i} accepted`);
      } catch (e) {
        // a flipped tag or length may break the structure before the MAC is reached
        expect(isMrtdError(e, 'SM_MAC_INVALID') || isMrtdError(e, 'SM_MALFORMED'), String(e)).toBe(true);
      }
    }
    const sm = createSecureMessaging('3des', ksEnc, ksMac, ssc);
    sm.wrap(steps[0]!.cmd);
    expectCode(() => sm.unwrap({ data: h('99029000'), sw: 0x9000 }), 'SM_MAC_INVALID');
    const sm2 = createSecureMessaging('3des', ksEnc, ksMac, ssc);
    sm2.wrap(steps[1]!.cmd);
    const tampered = h(steps[1]!.protectedResp);
    tampered[5]! ^= 0x80; // inside the cryptogram
    expectCode(() => sm2.unwrap(decodeResponse(tampered)), 'SM_MAC_INVALID');
  });

  it('detects an SSC desync: a replayed response and a skipped command both fail the MAC', () => {
    const sm = createSecureMessaging('3des', ksEnc, ksMac, ssc);
    sm.wrap(steps[0]!.cmd);
    sm.unwrap(decodeResponse(h(steps[0]!.protectedResp)));
    sm.wrap(steps[1]!.cmd);
    // the first response again, under the next counter value
    expectCode(() => sm.unwrap(decodeResponse(h(steps[0]!.protectedResp))), 'SM_MAC_INVALID');

    const card = new CardSecureMessaging('3des', ksEnc, ksMac, ssc);
    card.unwrapCommand(decodeCommand(h(steps[0]!.protectedCmd)));
    card.wrapResponse(steps[0]!.plainResp);
    // command 3 arrives where command 2 was due
    expectCode(() => card.unwrapCommand(decodeCommand(h(steps[2]!.protectedCmd))), 'SM_MAC_INVALID');
  });

  it('card refuses a forged command MAC and a plain command', () => {
    const card = new CardSecureMessaging('3des', ksEnc, ksMac, ssc);
    const raw = h(steps[0]!.protectedCmd);
    raw[raw.length - 2]! ^= 0x40;
    expectCode(() => card.unwrapCommand(decodeCommand(raw)), 'SM_MAC_INVALID');
    const card2 = new CardSecureMessaging('3des', ksEnc, ksMac, ssc);
    expectCode(() => card2.unwrapCommand(steps[0]!.cmd), 'SM_MALFORMED');
    // header is authenticated: the same body under another P2 fails
    const card3 = new CardSecureMessaging('3des', ksEnc, ksMac, ssc);
    const moved = h(steps[1]!.protectedCmd);
    moved[3] = 0x08;
    const card3Cmd = decodeCommand(moved);
    const c1 = decodeCommand(h(steps[0]!.protectedCmd));
    card3.unwrapCommand(c1);
    card3.wrapResponse(steps[0]!.plainResp);
    expectCode(() => card3.unwrapCommand(card3Cmd), 'SM_MAC_INVALID');
  });
});

describe('secure messaging round trips, terminal ↔ card', () => {
  const kinds: CipherKind[] = ['3des', 'aes128', 'aes192', 'aes256'];
  for (const kind of kinds) {
    it(`${kind}: commands and responses of many sizes, even and odd INS, short and extended`, () => {
      const len = KEY_LENGTH[kind];
      const ksEnc = bytes(len, 1);
      const ksMac = bytes(len, 2);
      const ssc = kind === '3des' ? h('0011223344556677') : new Uint8Array(16);
      const terminal = createSecureMessaging(kind, ksEnc, ksMac, ssc);
      const card = new CardSecureMessaging(kind, ksEnc, ksMac, ssc);
      const cases: CommandApdu[] = [
        { cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: h('011E') },
        { cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 256 },
        { cla: 0, ins: 0xb0, p1: 0x7f, p2: 0xff, ne: 1 },
        { cla: 0, ins: 0xb1, p1: 0, p2: 0, data: h('54028000'), ne: 65536 },
        { cla: 0, ins: 0xb1, p1: 0, p2: 0, data: h('5403010000'), ne: 1000 },
        { cla: 0, ins: 0x88, p1: 0, p2: 0, data: bytes(8, 3), ne: 256 },
        { cla: 0, ins: 0xd6, p1: 0, p2: 0, data: bytes(250, 4) },
        { cla: 0, ins: 0xd6, p1: 0, p2: 0, data: bytes(15, 5) },
        { cla: 0, ins: 0xd6, p1: 0, p2: 0, data: bytes(16, 6) },
      ];
      const respLengths = [0, 1, 7, 8, 15, 16, 17, 223, 231, 232, 256, 1000, 4000];
      let k = 0;
      for (const cmd of cases) {
        for (const rl of respLengths) {
          const wrapped = terminal.wrap(cmd);
          const body = wrapped.data!;
          if (cmd.data && cmd.data.length > 0) expect(body[0]).toBe((cmd.ins & 1) === 1 ? 0x85 : 0x87);
          const wire = encodeCommand(wrapped);
          const received = card.unwrapCommand(decodeCommand(wire));
          expect(received.cla).toBe(cmd.cla);
          expect(received.ins).toBe(cmd.ins);
          expect([received.p1, received.p2]).toEqual([cmd.p1, cmd.p2]);
          expect(hex(received.data ?? new Uint8Array(0))).toBe(hex(cmd.data ?? new Uint8Array(0)));
          expect(received.ne ?? 0).toBe(cmd.ne ?? 0);
          const sw = k++ % 3 === 0 ? 0x6282 : 0x9000;
          const plain = { data: bytes(rl, k), sw };
          const back = terminal.unwrap(decodeResponse(encodeResponse(card.wrapResponse(plain))));
          expect(hex(back.data)).toBe(hex(plain.data));
          expect(back.sw).toBe(sw);
          expect(terminal.ssc).toEqual(card.ssc);
        }
      }
    });
  }

  it('puts Le in DO97 as one byte for short and two for extended, with the protected Le 00 / 0000', () => {
    const sm = createSecureMessaging('aes128', bytes(16, 1), bytes(16, 2), new Uint8Array(16));
    const short = encodeCommand(sm.wrap({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 256 }));
    expect(hex(short.subarray(5, 8))).toBe('970100');
    expect(short[short.length - 1]).toBe(0);
    const ext = encodeCommand(sm.wrap({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 65536 }));
    // extended Lc 000E = DO97 (97 02 00 00) + DO8E (10 bytes), then extended Le 0000
    expect(hex(ext.subarray(4, 11))).toBe('00000E97020000');
    expect(ext.length).toBe(4 + 3 + 14 + 2);
    expect(hex(ext.subarray(ext.length - 2))).toBe('0000');
    const mid = encodeCommand(sm.wrap({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 1000 }));
    expect(hex(mid.subarray(7, 11))).toBe('970203E8');
  });

  it('maxShortPlain is the largest response whose protected form fits 256 bytes', () => {
    expect(maxShortPlainFor('3des')).toBe(231);
    expect(maxShortPlainFor('aes128')).toBe(223);
    for (const kind of ['3des', 'aes128', 'aes192', 'aes256'] as const) {
      const len = KEY_LENGTH[kind];
      const ssc = new Uint8Array(kind === '3des' ? 8 : 16);
      const card = new CardSecureMessaging(kind, bytes(len, 1), bytes(len, 2), ssc);
      const terminal = createSecureMessaging(kind, bytes(len, 1), bytes(len, 2), ssc);
      expect(terminal.maxShortPlain).toBe(card.maxShortPlain);
      const max = terminal.maxShortPlain;
      expect(card.wrapResponse({ data: bytes(max, 1), sw: 0x9000 }).data.length).toBeLessThanOrEqual(256);
      expect(card.wrapResponse({ data: bytes(max + 1, 1), sw: 0x9000 }).data.length).toBeGreaterThan(256);
    }
  });
});

describe('secure messaging parsers on hostile input (fuzz)', () => {
  const ksEnc = bytes(16, 1);
  const ksMac = bytes(16, 2);
  it('terminal unwrap: random and mutated responses give only typed errors', () => {
    for (const kind of ['3des', 'aes128'] as const) {
      const ssc = new Uint8Array(kind === '3des' ? 8 : 16);
      const card = new CardSecureMessaging(kind, ksEnc, ksMac, ssc);
      card.unwrapCommand(createSecureMessaging(kind, ksEnc, ksMac, ssc).wrap({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 20 }));
      const genuine = card.wrapResponse({ data: bytes(20, 9), sw: 0x9000 }).data;
      fc.assert(
        fc.property(
          fc.oneof(
            fc.uint8Array({ maxLength: 300 }),
            fc.tuple(fc.nat(genuine.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
              const m = new Uint8Array(genuine);
              m[i]! ^= x;
              return m;
            }),
          ),
          (data) => {
            const sm = createSecureMessaging(kind, ksEnc, ksMac, ssc);
            sm.wrap({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 20 });
            try {
              sm.unwrap({ data, sw: 0x9000 });
              expect.unreachable('a forged response was accepted');
            } catch (e) {
              expect(isMrtdError(e, 'SM_MAC_INVALID') || isMrtdError(e, 'SM_MALFORMED'), String(e)).toBe(true);
            }
          },
        ),
        { numRuns: 300 },
      );
    }
  });

  it('card unwrapCommand: random command bodies give only typed errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 255 }), (data, ins) => {
        const card = new CardSecureMessaging('aes256', bytes(32, 1), bytes(32, 2), new Uint8Array(16));
        try {
          card.unwrapCommand({ cla: 0x0c, ins, p1: 0, p2: 0, data });
          expect.unreachable('a forged command was accepted');
        } catch (e) {
          expect(isMrtdError(e, 'SM_MAC_INVALID') || isMrtdError(e, 'SM_MALFORMED'), String(e)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
