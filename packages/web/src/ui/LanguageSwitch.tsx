/** Dansk / English, each a toggle button labelled in its own language. */
import { LANGUAGES } from '../i18n/catalogue.js';
import { useI18n } from '../i18n/i18n-context.js';

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t('app.language')}>
      {LANGUAGES.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={language === l} onClick={() => setLanguage(l)}>
          {t(l === 'da' ? 'app.language.da' : 'app.language.en')}
        </button>
      ))}
    </div>
  );
}
