/** What the scan screen asks the person to confirm after a camera read (src/mrz/summary.ts). */
import { describe, expect, it } from 'vitest';
import { formatDay, summariseMrz } from '../src/mrz/summary.js';
import { ocrAssetUrls } from '../src/mrz/assets.js';

// ICAO Doc 9303 Part 4 Appendix A's specimen
const SPECIMEN = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const NOW = new Date('2026-11-25T10:00:00Z');

describe('summariseMrz', () => {
  it('gives the name, the document number and both dates', () => {
    const s = summariseMrz(SPECIMEN, NOW)!;
    expect(s.name).toBe('ANNA MARIA ERIKSSON');
    expect(s.documentNumber).toBe('L898902C3');
    expect(s.dateOfBirth.toISOString()).toBe('1974-08-12T00:00:00.000Z');
    expect(s.dateOfExpiry.toISOString()).toBe('2012-04-15T00:00:00.000Z');
    expect(formatDay(s.dateOfBirth, 'da')).toBe('12. august 1974');
    expect(formatDay(s.dateOfBirth, 'en')).toBe('12 August 1974');
  });

  it('gives nothing for lines that do not parse', () => {
    expect(summariseMrz([SPECIMEN[0]!, SPECIMEN[1]!.replace('2F', '3F')], NOW)).toBeUndefined();
    expect(summariseMrz(['P<UTO'], NOW)).toBeUndefined();
  });
});

describe('ocrAssetUrls', () => {
  it('names the OCR files on the app origin, absolute, under the app base', () => {
    expect(ocrAssetUrls('https://id.example/app/index.html#/enrolment', 'assets/tesseract-abc/')).toEqual({
      workerPath: 'https://id.example/app/assets/tesseract-abc/worker.min.js',
      corePath: 'https://id.example/app/assets/tesseract-abc/core/',
      langPath: 'https://id.example/app/assets/tesseract-abc/lang',
    });
  });
});
