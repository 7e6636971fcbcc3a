/**
 * The two catalogues and their lookup. Pure: the React binding lives in i18n-context.tsx.
 */
import { isErrorCode } from '@openmitid/api';
import { da, type MessageKey } from './da.js';
import { en } from './en.js';
import { errorsDa } from './errors-da.js';
import { errorsEn } from './errors-en.js';
import { CLIENT_ERROR_CODES, type ClientErrorCode } from './client-errors.js';

export type Language = 'da' | 'en';
export const LANGUAGES: readonly Language[] = ['da', 'en'];
export const DEFAULT_LANGUAGE: Language = 'da';

export type { MessageKey };
export type Params = Record<string, string | number>;

export const messages: Record<Language, Record<MessageKey, string>> = { da, en };
export const errorTexts = { da: errorsDa, en: errorsEn } as const;

/** Replaces `{name}` with params.name; a placeholder without a value is left visible so it gets noticed. */
export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The placeholder names a template uses, sorted (tests compare them across languages). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

export function translate(language: Language, key: MessageKey, params?: Params): string {
  return interpolate(messages[language][key], params);
}

function isClientErrorCode(code: string): code is ClientErrorCode {
  return (CLIENT_ERROR_CODES as readonly string[]).includes(code);
}

/** Text for an error code; a code this build does not know falls back to the generic INTERNAL text. */
export function errorText(language: Language, code: string): string {
  const table = errorTexts[language];
  if (isErrorCode(code) || isClientErrorCode(code)) return table[code];
  return table.INTERNAL;
}

export function isLanguage(value: unknown): value is Language {
  return value === 'da' || value === 'en';
}
