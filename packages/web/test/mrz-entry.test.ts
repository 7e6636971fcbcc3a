import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseDocumentNumber, validateMrzEntry } from '../src/enrolment/mrz-entry.js';

const now = new Date('2026-11-25T12:00:00Z');

describe('manual MRZ entry', () => {
  it('turns valid fields into the chip access key (YYMMDD dates)', () => {
    const r = validateMrzEntry({ documentNumber: ' l898 902c3 ', birthDate: '1974-08-12', expiryDate: '2032-04-15' }, now);
    expect(r).toEqual({ ok: true, key: { documentNumber: 'L898902C3', dateOfBirth: '740812', dateOfExpiry: '320415' } });
  });

  it('accepts a passport on its expiry day and refuses it the day after', () => {
    const base = { documentNumber: '123456789', birthDate: '1990-01-01' };
    expect(validateMrzEntry({ ...base, expiryDate: '2026-11-25' }, now).ok).toBe(true);
    expect(validateMrzEntry({ ...base, expiryDate: '2026-11-24' }, now)).toEqual({ ok: false, errors: { expiryDate: 'expired' } });
  });

  it('names each wrong field', () => {
    expect(validateMrzEntry({ documentNumber: '', birthDate: '', expiryDate: '' }, now)).toEqual({
      ok: false,
      errors: { documentNumber: 'documentNumberRequired', birthDate: 'birthDateRequired', expiryDate: 'expiryDateRequired' },
    });
    expect(validateMrzEntry({ documentNumber: '1234567890', birthDate: '2027-01-01', expiryDate: '2030-02-30' }, now)).toEqual({
      ok: false,
      errors: { documentNumber: 'documentNumberFormat', birthDate: 'birthDateFuture', expiryDate: 'dateInvalid' },
    });
    expect(validateMrzEntry({ documentNumber: 'AB<12', birthDate: '1990-13-01', expiryDate: '2030-01-01' }, now)).toEqual({
      ok: false,
      errors: { documentNumber: 'documentNumberFormat', birthDate: 'dateInvalid' },
    });
  });

  it('never throws, and whatever it accepts is a well-formed key', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (documentNumber, birthDate, expiryDate) => {
        const r = validateMrzEntry({ documentNumber, birthDate, expiryDate }, now);
        if (r.ok) {
          expect(r.key.documentNumber).toMatch(/^[A-Z0-9]{1,9}$/);
          expect(r.key.dateOfBirth).toMatch(/^\d{6}$/);
          expect(r.key.dateOfExpiry).toMatch(/^\d{6}$/);
        } else {
          expect(Object.keys(r.errors).length).toBeGreaterThan(0);
        }
      }),
    );
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2026-11-25'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const r = validateMrzEntry({ documentNumber: 'A1', birthDate: iso, expiryDate: '2099-12-31' }, now);
        expect(r.ok && r.key.dateOfBirth).toBe(iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10));
      }),
    );
  });

  it('normalises what people copy from the page', () => {
    expect(normaliseDocumentNumber('ab-12 34')).toBe('AB1234');
  });
});
