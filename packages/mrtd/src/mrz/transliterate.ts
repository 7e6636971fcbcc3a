/**
 * Names into MRZ characters: ICAO Doc 9303 Part 3 §4.6 (punctuation) and §6 (transliteration
 * tables A and B). Where Table A offers a choice (Ä = AE or A) the first, longer form is used.
 */
import { MrtdError } from '../errors.js';

// Doc 9303 Part 3 §6 Table A: characters that do not reduce to one Latin letter by removing a diacritic
const LATIN: Record<string, string> = {
  Ä: 'AE', Å: 'AA', Æ: 'AE', Ö: 'OE', Ø: 'OE', Ü: 'UE', Ñ: 'N', Þ: 'TH', ẞ: 'SS', ß: 'SS', Œ: 'OE', Ĳ: 'IJ',
  Ð: 'D', Đ: 'D', Ħ: 'H', İ: 'I', ı: 'I', Ł: 'L', Ŀ: 'L', Ŋ: 'N', Ŧ: 'T',
};

// Doc 9303 Part 3 §6 Table B, the general column (language-specific exceptions are the issuer's choice)
const CYRILLIC: Record<string, string> = {
  Ё: 'E', Ђ: 'D', Є: 'IE', Ѕ: 'DZ', І: 'I', Ї: 'I', Ј: 'J', Љ: 'LJ', Њ: 'NJ', Ќ: 'K', Ў: 'U', Џ: 'DZ',
  А: 'A', Б: 'B', В: 'V', Г: 'G', Д: 'D', Е: 'E', Ж: 'ZH', З: 'Z', И: 'I', Й: 'I', К: 'K', Л: 'L', М: 'M',
  Н: 'N', О: 'O', П: 'P', Р: 'R', С: 'S', Т: 'T', У: 'U', Ф: 'F', Х: 'KH', Ц: 'TS', Ч: 'CH', Ш: 'SH',
  Щ: 'SHCH', Ъ: 'IE', Ы: 'Y', Э: 'E', Ю: 'IU', Я: 'IA', Ґ: 'G',
};

const APOSTROPHES = /['\u2018\u2019\u02BC`\u00B4]/gu;
// Part 3 §4.6: hyphens and commas between name components become one filler, as do spaces
const SEPARATORS = /[\s,\-\u2010\u2011\u2012\u2013]+/gu;

/** One identifier (primary or secondary) as MRZ name components joined by single '<'. */
export function transliterateName(name: string, what: string): string {
  let out = '';
  for (const ch of name.replace(APOSTROPHES, '').replace(SEPARATORS, '<')) {
    const upper = ch === 'ß' ? ch : ch.toUpperCase();
    const mapped = LATIN[upper] ?? CYRILLIC[upper];
    if (mapped !== undefined) out += mapped;
    else out += upper.normalize('NFD').replace(/\p{M}/gu, '');
  }
  // Part 3 §4.6: other punctuation is left out without a filler in its place
  out = out.replace(/[\p{P}\p{S}]/gu, (c) => (c === '<' ? c : ''));
  if (/[0-9]/.test(out)) throw new MrtdError('MRZ_FORMAT', `${what} contains digits, which the MRZ name field does not allow`);
  if (!/^[A-Z<]*$/.test(out)) throw new MrtdError('MRZ_FORMAT', `${what} has characters without an MRZ transliteration`);
  return out.replace(/<+/g, '<').replace(/^<|<$/g, '');
}
