/**
 * The whole stack end to end: the test issuer makes a passport, the virtual chip holds it,
 * the reader reads it over BAC and secure messaging, and verifyDocument decides.
 * A genuine passport passes for every signature algorithm; each forgery is refused
 * with its own code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCsca, formatTd3, isMrtdError, issuePassport, readPassport, secureRandom, TrustStore, verifyDocument,
  VirtualChip, type Forgery, type IssuedPassport, type SignatureAlgorithm, type TestAuthority,
} from '../src/index.js';
import { chipPhoto, FIXTURES } from './support/chip-photo.js';

const now = new Date('2026-11-25T10:00:00Z');
const MRZ = formatTd3({
  issuingState: 'DNK', surname: 'JENSEN', givenNames: 'ANNE METTE', documentNumber: 'AB1234567', nationality: 'DNK',
  dateOfBirth: '900215', sex: 'F', dateOfExpiry: '310101',
});
let photo: Uint8Array;

beforeAll(async () => {
  photo = await chipPhoto(`${FIXTURES}faces/p02/img8.jpg`, { format: 'jp2', bytes: 15_000 });
});

function trustOf(csca: TestAuthority): TrustStore {
  const t = new TrustStore();
  t.addCertificate(csca.certificate);
  return t;
}

async function readAndVerify(p: IssuedPassport, trust: TrustStore, o: { expectedMrz?: string[]; challenge?: Uint8Array; replayFrom?: Uint8Array } = {}) {
  const chip = new VirtualChip({ files: p.files, mrzKey: p.mrzKey, ...(p.aaPrivateKey ? { aaPrivateKey: p.aaPrivateKey } : {}) });
  const challenge = o.challenge ?? secureRandom(8);
  const read = await readPassport(chip, { key: p.mrzKey, activeAuthenticationChallenge: challenge });
  // every file the issuer wrote comes back byte for byte
  for (const [name, bytes] of p.files) expect(read.files.get(name), name).toEqual(bytes);
  const aa = read.activeAuthentication
    ? { challenge: o.replayFrom ?? read.activeAuthentication.challenge, signature: read.activeAuthentication.signature }
    : undefined;
  return verifyDocument({ files: read.files, trust, expectedMrz: o.expectedMrz ?? MRZ, ...(aa ? { activeAuthentication: aa } : {}), now });
}

const algorithms: SignatureAlgorithm[] = ['rsa', 'rsa-pss', 'ecdsa-p256', 'ecdsa-brainpoolp256'];

describe('genuine passports', () => {
  it.each(algorithms.flatMap((a) => (['rsa', 'ec'] as const).map((aa) => [a, aa] as const)))(
    'signed with %s, Active Authentication %s: genuine',
    async (algorithm, aa) => {
      const p = issuePassport({ mrz: MRZ, photo, algorithm, activeAuthentication: aa, now });
      const v = await readAndVerify(p, trustOf(p.csca));
      expect(v.errors).toEqual([]);
      expect(v.genuine).toBe(true);
      expect(v.activeAuthentication).toBe('passed');
      expect(v.passive.checkedDataGroups).toEqual(aa === 'ec' ? [1, 2, 14, 15] : [1, 2, 15]);
      expect(v.mrz?.documentNumber).toBe('AB1234567');
    },
  );

  it('a 2048-bit RSA Active Authentication key answers through extended length; a short-only chip cannot', async () => {
    const p = issuePassport({ mrz: MRZ, photo, activeAuthentication: 'rsa', aaKeyBits: 2048, now });
    const challenge = secureRandom(8);
    const extended = new VirtualChip({ files: p.files, mrzKey: p.mrzKey, aaPrivateKey: p.aaPrivateKey!, extendedLength: true });
    const read = await readPassport(extended, { key: p.mrzKey, activeAuthenticationChallenge: challenge });
    expect(read.activeAuthentication?.signature.length).toBe(256);
    const v = verifyDocument({ files: read.files, trust: trustOf(p.csca), expectedMrz: MRZ, activeAuthentication: read.activeAuthentication!, now });
    expect(v).toMatchObject({ genuine: true, activeAuthentication: 'passed' });

    const shortOnly = new VirtualChip({ files: p.files, mrzKey: p.mrzKey, aaPrivateKey: p.aaPrivateKey! });
    const err = await readPassport(shortOnly, { key: p.mrzKey, activeAuthenticationChallenge: challenge }).catch((e: unknown) => e);
    expect(isMrtdError(err, 'CARD_STATUS')).toBe(true);
    expect((err as { sw?: number }).sw).toBe(0x6700);
  });

  it('without a DG15 the chip cannot prove it is no clone: accepted only when the policy allows it', async () => {
    const p = issuePassport({ mrz: MRZ, photo, activeAuthentication: 'none', now });
    const lenient = await readAndVerify(p, trustOf(p.csca));
    expect(lenient).toMatchObject({ genuine: true, activeAuthentication: 'not-supported' });
    const chip = new VirtualChip({ files: p.files, mrzKey: p.mrzKey });
    const read = await readPassport(chip, { key: p.mrzKey });
    const strict = verifyDocument({ files: read.files, trust: trustOf(p.csca), expectedMrz: MRZ, requireActiveAuthentication: true, now });
    expect(strict.genuine).toBe(false);
    expect(strict.errors.map((e) => e.code)).toEqual(['AA_NOT_SUPPORTED']);
  });
});

describe('forgeries and refusals', () => {
  let csca: TestAuthority;
  beforeAll(() => {
    csca = createTestCsca({ country: 'DNK', algorithm: 'ecdsa-p256', now });
  });

  const expected: Record<Forgery, string> = {
    'tampered-dg': 'PA_DG_HASH_MISMATCH',
    'wrong-signer': 'PA_CSCA_UNKNOWN',
    'expired-signer': 'PA_SIGNER_NOT_VALID_AT_SIGNING',
    clone: 'AA_SIGNATURE_INVALID',
  };
  it.each(Object.entries(expected) as [Forgery, string][])('%s is refused with %s', async (forge, code) => {
    const p = issuePassport({ mrz: MRZ, photo, csca, forge, now });
    const v = await readAndVerify(p, trustOf(csca));
    expect(v.genuine).toBe(false);
    expect(v.errors.map((e) => e.code)).toContain(code);
  });

  it('an Active Authentication answer to another challenge (a replay) is refused', async () => {
    const p = issuePassport({ mrz: MRZ, photo, csca, now });
    const v = await readAndVerify(p, trustOf(csca), { challenge: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), replayFrom: Uint8Array.of(8, 7, 6, 5, 4, 3, 2, 1) });
    expect(v.genuine).toBe(false);
    expect(v.errors.map((e) => e.code)).toEqual(['AA_SIGNATURE_INVALID']);
  });

  it('a chip whose DG1 differs from the scanned MRZ is refused', async () => {
    const p = issuePassport({ mrz: MRZ, photo, csca, now });
    const other = formatTd3({
      issuingState: 'DNK', surname: 'JENSEN', givenNames: 'ANNE METTE', documentNumber: 'AB1234568', nationality: 'DNK',
      dateOfBirth: '900215', sex: 'F', dateOfExpiry: '310101',
    });
    const v = await readAndVerify(p, trustOf(csca), { expectedMrz: other });
    expect(v.genuine).toBe(false);
    expect(v.errors.map((e) => e.code)).toEqual(['DOC_MRZ_MISMATCH']);
  });

  it('an unknown CSCA is refused', async () => {
    const p = issuePassport({ mrz: MRZ, photo, csca, now });
    const v = await readAndVerify(p, new TrustStore());
    expect(v.genuine).toBe(false);
    expect(v.errors.map((e) => e.code)).toContain('PA_CSCA_UNKNOWN');
    // an unsigned key proves nothing: Active Authentication does not count
    expect(v.activeAuthentication).toBe('failed');
    expect(v.errors.map((e) => e.code)).toContain('AA_UNTRUSTED_KEY');
  });

  it('the wrong MRZ key cannot open the chip', async () => {
    const p = issuePassport({ mrz: MRZ, photo, csca, now });
    const chip = new VirtualChip({ files: p.files, mrzKey: p.mrzKey });
    const err = await readPassport(chip, { key: { ...p.mrzKey, dateOfBirth: '900216' } }).catch((e: unknown) => e);
    expect(isMrtdError(err, 'BAC_FAILED')).toBe(true);
  });
});
