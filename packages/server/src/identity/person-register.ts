/**
 * The person register port: whose passport is this? The default adapter is a table the
 * operator seeds (people + their documents), matched on document number, birth date and
 * names through one keyed hash, so the register holds no readable document data.
 */
import type { Kysely } from 'kysely';
import { transliterateName, type RandomSource } from '@openmitid/mrtd';
import type { Database } from '../infra/db/schema.js';
import type { PiiCipher } from '../infra/pii/index.js';
import { newId } from '../infra/ids.js';

export interface DocumentHolder {
  documentNumber: string;
  /** YYMMDD as in the MRZ */
  dateOfBirth: string;
  /** MRZ form: upper case, transliterated, components separated by one space */
  surname: string;
  givenNames: string;
}

export interface RegisteredPerson {
  personId: string;
  /** the personal number (CPR); never logged */
  personNumber: string;
}

export interface PersonRegister {
  /** the person the document belongs to, or undefined */
  match(db: Kysely<Database>, holder: DocumentHolder): Promise<RegisteredPerson | undefined>;
}

export interface SeedPerson {
  personNumber: string;
  documents: DocumentHolder[];
}

/**
 * Names as the MRZ writes them (transliterated, "SURNAME<<GIVEN<NAMES"), cut to 30
 * characters: the shortest MRZ name field (TD1), so a long name the document had to
 * truncate still matches the full name the register holds.
 */
const NAME_KEY_LENGTH = 30;

function nameKey(surname: string, givenNames: string): string {
  return `${transliterateName(surname, 'surname')}<<${transliterateName(givenNames, 'given names')}`.slice(0, NAME_KEY_LENGTH);
}

function matchHash(pii: PiiCipher, h: DocumentHolder): string {
  const key = [h.documentNumber.toUpperCase(), h.dateOfBirth, nameKey(h.surname, h.givenNames)].join('|');
  return pii.lookupHash(key, 'register-document');
}

export function createTablePersonRegister(pii: PiiCipher): PersonRegister {
  return {
    async match(db, holder) {
      const row = await db
        .selectFrom('person_documents')
        .innerJoin('people', 'people.id', 'person_documents.person_id')
        .select(['people.id as id', 'people.person_number_sealed as sealed'])
        .where('person_documents.match_hash', '=', matchHash(pii, holder))
        .executeTakeFirst();
      if (!row) return undefined;
      return { personId: row.id, personNumber: pii.decrypt(row.sealed, `people.person_number:${row.id}`) };
    },
  };
}

/** Adds a person (or more documents for a known one) to the register; returns the person's id. */
export async function seedPerson(
  db: Kysely<Database>,
  pii: PiiCipher,
  person: SeedPerson,
  now: Date,
  random: RandomSource,
): Promise<string> {
  const numberHash = pii.lookupHash(person.personNumber, 'person-number');
  return db.transaction().execute(async (trx) => {
    const known = await trx.selectFrom('people').select('id').where('person_number_hash', '=', numberHash).executeTakeFirst();
    const id = known?.id ?? newId(random);
    if (!known) {
      await trx
        .insertInto('people')
        .values({
          id,
          person_number_sealed: pii.encrypt(person.personNumber, `people.person_number:${id}`),
          person_number_hash: numberHash,
          created_at: now.toISOString(),
        })
        .execute();
    }
    for (const doc of person.documents) {
      await trx
        .insertInto('person_documents')
        .values({ match_hash: matchHash(pii, doc), person_id: id, created_at: now.toISOString() })
        .onConflict((oc) => oc.column('match_hash').doNothing())
        .execute();
    }
    return id;
  });
}
