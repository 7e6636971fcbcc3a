/** The default person register: seeded by the operator, matched on document number, birth date and names. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { formatTd3, parseMrz } from '@openmitid/mrtd';
import { createPiiCipher, parsePiiKeys } from '../src/infra/pii/index.js';
import { createTablePersonRegister, seedPerson } from '../src/identity/person-register.js';
import { stores, type TestStore } from './support/db.js';
import { TEST_NOW, TEST_PII_KEYS } from './support/enrolment.js';

const pii = createPiiCipher(parsePiiKeys(TEST_PII_KEYS));
const random = (n: number) => new Uint8Array(randomBytes(n));

describe.each(stores)('person register on $name', (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('matches what the MRZ says, long and Danish names included, and nothing else', async () => {
    const register = createTablePersonRegister(pii);
    const person = { surname: 'Bundgaard-Østergaard', givenNames: 'Anne-Sofie Charlotte Elisabeth Marie', documentNumber: 'X12345678', dateOfBirth: '850612' };
    const id = await seedPerson(store.db, pii, { personNumber: '120685-2468', documents: [person] }, TEST_NOW, random);
    const mrz = parseMrz(formatTd3({ issuingState: 'DNK', nationality: 'DNK', sex: 'F', dateOfExpiry: '330101', ...person }));
    // the MRZ had to cut the name
    expect(`${mrz.surname} ${mrz.givenNames}`.length).toBeLessThan(person.surname.length + person.givenNames.length);
    const found = await register.match(store.db, mrz);
    expect(found).toEqual({ personId: id, personNumber: '120685-2468' });
    expect(await register.match(store.db, { ...mrz, dateOfBirth: '850613' })).toBeUndefined();
    expect(await register.match(store.db, { ...mrz, documentNumber: 'X12345679' })).toBeUndefined();
    expect(await register.match(store.db, { ...mrz, surname: 'BUNDGAARD' })).toBeUndefined();
    // a second document for the same person joins the same person; nothing is stored in the clear
    const again = await seedPerson(store.db, pii, { personNumber: '120685-2468', documents: [{ ...person, documentNumber: 'Y1' }] }, TEST_NOW, random);
    expect(again).toBe(id);
    const rows = JSON.stringify(await store.db.selectFrom('people').selectAll().execute()) + JSON.stringify(await store.db.selectFrom('person_documents').selectAll().execute());
    expect(rows).not.toContain('120685');
    expect(rows).not.toContain('X12345678');
  });
});
