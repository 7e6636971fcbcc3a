import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@openmitid/api';
import { errorText, errorTexts, interpolate, LANGUAGES, messages, placeholders, translate } from '../src/i18n/catalogue.js';
import { CLIENT_ERROR_CODES } from '../src/i18n/client-errors.js';
import { da } from '../src/i18n/da.js';

const seed = readFileSync(new URL('../../../../shared/spec/seed-mitid-app-guide-da.md', import.meta.url), 'utf8');

describe('error-code texts', () => {
  it.each(LANGUAGES)('has a text for every API and client error code in %s', (language) => {
    const missing = [...ERROR_CODES, ...CLIENT_ERROR_CODES].filter((code) => {
      const text = (errorTexts[language] as Record<string, string | undefined>)[code];
      return !text || text.trim().length < 5 || text === code;
    });
    expect(missing).toEqual([]);
  });

  it('has no text for a code that no longer exists', () => {
    const known = new Set<string>([...ERROR_CODES, ...CLIENT_ERROR_CODES]);
    for (const language of LANGUAGES) expect(Object.keys(errorTexts[language]).filter((c) => !known.has(c))).toEqual([]);
  });

  it('translates, not copies: Danish and English differ for every API code', () => {
    const same = ERROR_CODES.filter((c) => (errorTexts.da[c] as string) === errorTexts.en[c]);
    expect(same).toEqual([]);
  });

  it('falls back to the generic text for a code this build does not know', () => {
    expect(errorText('da', 'SOMETHING_NEW')).toBe(errorTexts.da.INTERNAL);
    expect(errorText('en', 'USER_ID_TAKEN')).toBe(errorTexts.en.USER_ID_TAKEN);
    expect(errorText('da', 'NETWORK')).toMatch(/forbindelse/);
  });
});

describe('message catalogues', () => {
  it('English has exactly the Danish keys, none empty', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.da).sort());
    for (const language of LANGUAGES) for (const [key, text] of Object.entries(messages[language])) expect(text.trim(), key).not.toBe('');
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(da) as (keyof typeof da)[]) expect(placeholders(messages.en[key]), key).toEqual(placeholders(messages.da[key]));
  });

  it('keeps the seed guide\'s screen texts word for word, and each is in the guide', () => {
    const seedTexts = [
      'Kom i gang',
      'Pas/ID-kort',
      'Næste',
      'Vilkår og betingelser',
      'Privatlivspolitikken',
      'Scan koden',
      'Aflæs chip',
      'Scan dit ansigt',
      'Jeg er klar',
      'Verificerer',
      'Send kode',
      'Hvordan vil du godkende med MitID?',
      'På denne telefon',
      'App på en anden telefon/tablet',
      'Kodeviser, kodeoplæser eller chip',
    ];
    const values = new Set<string>(Object.values(da));
    for (const text of seedTexts) {
      expect(seed, text).toContain(text);
      expect(values.has(text), text).toBe(true);
    }
    expect(seed).toContain('Indtast bruger-ID');
    expect(da['userId.title']).toBe('Indtast bruger-ID');
  });

  it('fills placeholders and leaves an unfilled one visible', () => {
    expect(translate('da', 'common.stepOf', { step: 2, total: 4 })).toBe('Trin 2 af 4');
    expect(translate('en', 'common.stepOf', { step: 2, total: 4 })).toBe('Step 2 of 4');
    expect(interpolate('a {x} b {y}', { x: 1 })).toBe('a 1 b {y}');
    expect(interpolate('{toString}', {})).toBe('{toString}');
  });
});
