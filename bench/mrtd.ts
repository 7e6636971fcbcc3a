/**
 * Passport chip reading and passive authentication.
 * Prints, for reading COM + SOD + DG1 + DG2 (≈15 KB JPEG 2000) + DG14 + DG15 from the virtual
 * chip over BAC and secure messaging: APDU round trips, bytes each way, and the modelled link
 * time at 106 and 424 kbit/s with 5 ms per APDU, for a chip with short reads only and one
 * with extended length. Then passive authentications per second for each signature algorithm.
 */
import {
  CountingTransport, createTestCsca, formatTd3, issuePassport, passiveAuthentication, readPassport, TrustStore, VirtualChip,
  ldsFile, type LdsFileName, type SignatureAlgorithm,
} from '@openmitid/mrtd';
import { chipPhoto, FIXTURES } from '../packages/mrtd/test/support/chip-photo.ts';

const now = new Date();
const MRZ = formatTd3({
  issuingState: 'DNK', surname: 'HANSEN', givenNames: 'METTE', documentNumber: 'AB1234567', nationality: 'DNK',
  dateOfBirth: '850315', sex: 'F', dateOfExpiry: '321231',
});
const photo = await chipPhoto(`${FIXTURES}faces/p01/img1.jpg`, { format: 'jp2', bytes: 15_000 });

const FILES: LdsFileName[] = ['COM', 'SOD', 'DG1', 'DG2', 'DG14', 'DG15'];
const PER_APDU_MS = 5;

console.log(`chip photo: JPEG 2000 (JP2), ${photo.length} bytes`);
const passport = issuePassport({ mrz: MRZ, photo, algorithm: 'ecdsa-p256', activeAuthentication: 'ec', now });
const sizes = FILES.map((f) => `${f} ${passport.files.get(f)?.length ?? 0}`).join(', ');
console.log(`files read: ${sizes} bytes`);
console.log('\nchip link                         APDUs  sent B  recv B   106 kbit/s   424 kbit/s   CPU ms/read');
for (const link of [
  { label: 'short reads only (Le ≤ 256)', extendedLength: false, maxResponseLength: 256 },
  { label: 'extended length (Le ≤ 65536)', extendedLength: true, maxResponseLength: 65536 },
]) {
  let stats = { apdus: 0, bytesSent: 0, bytesReceived: 0 };
  const runs = 20;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) {
    const chip = new VirtualChip({ files: passport.files, mrzKey: passport.mrzKey, aaPrivateKey: passport.aaPrivateKey!, ...link });
    const counted = new CountingTransport(chip);
    await readPassport(counted, { key: passport.mrzKey, files: FILES, activeAuthenticationChallenge: new Uint8Array(8) });
    stats = counted.stats;
  }
  const cpuMs = Number(process.hrtime.bigint() - t0) / 1e6 / runs;
  const modelled = (bitRate: number) =>
    stats.apdus * PER_APDU_MS + ((stats.bytesSent + stats.bytesReceived) * 8 * 1000) / bitRate;
  console.log(
    `${link.label.padEnd(33)} ${String(stats.apdus).padStart(5)} ${String(stats.bytesSent).padStart(7)} ${String(stats.bytesReceived).padStart(7)} ` +
      `${modelled(106_000).toFixed(0).padStart(9)} ms ${modelled(424_000).toFixed(0).padStart(9)} ms ${cpuMs.toFixed(1).padStart(12)}`,
  );
}
console.log('(modelled time = APDUs × 5 ms + all bytes × 8 / bit rate; includes BAC and Active Authentication)');

console.log('\npassive authentication (SOD signature, chain to CSCA, DG hashes, CRL look-up)');
const algorithms: SignatureAlgorithm[] = ['rsa', 'rsa-pss', 'ecdsa-p256', 'ecdsa-brainpoolp256'];
for (const algorithm of algorithms) {
  const csca = createTestCsca({ country: 'DNK', algorithm, now });
  const p = issuePassport({ mrz: MRZ, photo, algorithm, csca, activeAuthentication: 'ec', now });
  const trust = new TrustStore();
  trust.addCertificate(csca.certificate);
  const dataGroups = new Map<number, Uint8Array>();
  for (const [name, bytes] of p.files) {
    const dg = ldsFile(name).dg;
    if (dg !== undefined) dataGroups.set(dg, bytes);
  }
  const sod = p.files.get('SOD')!;
  const check = () => {
    const r = passiveAuthentication({ sod, dataGroups, trust, issuingState: 'DNK', now });
    if (!r.valid) throw new Error(`benchmark passport did not verify: ${JSON.stringify(r.errors)}`);
  };
  check();
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 1.5e9) {
    check();
    n++;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  console.log(`  ${algorithm.padEnd(22)} ${(n / (elapsed / 1e9)).toFixed(0).padStart(6)} per second (one core)`);
}
