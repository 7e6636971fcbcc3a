/** React binding of the catalogues: the chosen language, t() and error texts for every component. */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_LANGUAGE, errorText, isLanguage, translate, type Language, type MessageKey, type Params } from './catalogue.js';

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, params?: Params): string;
  errorText(code: string): string;
}

const I18nContext = createContext<I18n | null>(null);

const STORAGE_KEY = 'openmitid.language';

function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [language, setLanguageState] = useState<Language>(() => initial ?? storedLanguage());
  useEffect(() => {
    // screen readers pick their voice from the document language
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(
    () => ({
      language,
      setLanguage(next) {
        setLanguageState(next);
        try {
          globalThis.localStorage?.setItem(STORAGE_KEY, next);
        } catch {
          // private mode: the choice lasts for this page only
        }
      },
      t: (key, params) => translate(language, key, params),
      errorText: (code) => errorText(language, code),
    }),
    [language],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
