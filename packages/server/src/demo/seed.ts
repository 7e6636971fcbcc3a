/**
 * The demo's test people: seeded into the person register, each with a virtual passport
 * (a chip dump under <dir>/<n>/) issued by a test CSCA the server trusts. Used by
 * `openmitid demo` and by the browser tests' live system, so both show the same people.
 * Development only.
 */
import { join } from 'node:path';
import { formatTd3, issuePassport, writeIssuedPassport, type RandomSource, type TestAuthority } from '@openmitid/mrtd';
import type { Kysely } from 'kysely';
import type { Database } from '../infra/db/index.js';
import type { PiiCipher } from '../infra/pii/index.js';
import { seedPerson } from '../identity/person-register.js';

export interface DemoPerson {
  personNumber: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  /** YYMMDD */
  dateOfBirth: string;
  sex: 'M' | 'F';
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { personNumber: '010180-1234', surname: 'Jensen', givenNames: 'Anna Marie', documentNumber: '200000001', dateOfBirth: '800101', sex: 'F' },
  { personNumber: '150575-4321', surname: 'Nielsen', givenNames: 'Søren', documentNumber: '200000002', dateOfBirth: '750515', sex: 'M' },
  { personNumber: '240392-2468', surname: 'Ærøe', givenNames: 'Ida', documentNumber: '200000003', dateOfBirth: '920324', sex: 'F' },
  { personNumber: '311265-1357', surname: 'Kleist', givenNames: 'Aputsiaq', documentNumber: '200000004', dateOfBirth: '651231', sex: 'M' },
];

/** A placeholder portrait: a JPEG header (SOI, SOF0 240×320, EOI). Enough for DG2; a real face check needs a photo. */
export function placeholderPortrait(): Uint8Array {
  return Uint8Array.from([
    0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x40, 0x00, 0xf0, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
    0xff, 0xd9,
  ]);
}

export interface SeededDemoPerson {
  person: DemoPerson;
  /** the two TD3 lines printed on the data page */
  mrz: [string, string];
  /** the chip dump's folder (readChipDump / `openmitid reader --virtual`) */
  chipDir: string;
}

export interface SeedDemoOptions {
  db: Kysely<Database>;
  pii: PiiCipher;
  random: RandomSource;
  csca: TestAuthority;
  now: Date;
  /** the folder the passports are written to, one sub-folder per person (1, 2, …) */
  dir: string;
  people?: readonly DemoPerson[];
  /** the chip photo of person i (default: the placeholder) */
  photo?: (person: DemoPerson, index: number) => Uint8Array;
}

/** The expiry date five years after `now`, as YYMMDD. */
function expiryOf(now: Date): string {
  const expiry = new Date(now.getTime() + 5 * 365 * 86_400_000).toISOString();
  return `${expiry.slice(2, 4)}${expiry.slice(5, 7)}${expiry.slice(8, 10)}`;
}

export async function seedDemoPeople(o: SeedDemoOptions): Promise<SeededDemoPerson[]> {
  const dateOfExpiry = expiryOf(o.now);
  const seeded: SeededDemoPerson[] = [];
  for (const [i, p] of (o.people ?? DEMO_PEOPLE).entries()) {
    const mrz = formatTd3({ issuingState: 'DNK', nationality: 'DNK', surname: p.surname, givenNames: p.givenNames, documentNumber: p.documentNumber, dateOfBirth: p.dateOfBirth, sex: p.sex, dateOfExpiry });
    await seedPerson(o.db, o.pii, { personNumber: p.personNumber, documents: [{ documentNumber: p.documentNumber, dateOfBirth: p.dateOfBirth, surname: p.surname, givenNames: p.givenNames }] }, o.now, o.random);
    const chipDir = join(o.dir, String(i + 1));
    await writeIssuedPassport(chipDir, issuePassport({ mrz, photo: o.photo?.(p, i) ?? placeholderPortrait(), csca: o.csca, now: o.now }));
    seeded.push({ person: p, mrz: [mrz[0] ?? '', mrz[1] ?? ''], chipDir });
  }
  return seeded;
}
