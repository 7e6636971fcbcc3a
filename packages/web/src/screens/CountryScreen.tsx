/** "Vælg, hvor dit pas er fra": the countries the server offers for this flow. */
import { useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/catalogue.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import type { ScreenProps } from './screen-props.js';

const COUNTRY_NAMES: Record<string, MessageKey> = { DK: 'country.DK', GL: 'country.GL', FO: 'country.FO' };

export function CountryScreen({ state, controller }: ScreenProps) {
  const { t } = useI18n();
  const [country, setCountry] = useState<string>('');
  const [missing, setMissing] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const countries = state.flow?.countries ?? [];
  return (
    <ScreenFrame title={t('country.title')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!country) {
            setMissing(true);
            first.current?.focus();
            return;
          }
          void controller.chooseCountry(country);
        }}
      >
        <fieldset aria-describedby={missing ? 'country-error' : undefined}>
          <legend>{t('country.legend')}</legend>
          {missing ? (
            <p id="country-error" className="error-text">
              {t('country.required')}
            </p>
          ) : null}
          {countries.map((c, i) => {
            const name = COUNTRY_NAMES[c];
            return (
              <div className="choice" key={c}>
                <input
                  type="radio"
                  id={`country-${c}`}
                  name="country"
                  value={c}
                  ref={i === 0 ? first : undefined}
                  checked={country === c}
                  onChange={() => {
                    setCountry(c);
                    setMissing(false);
                  }}
                />
                <label htmlFor={`country-${c}`}>{name ? t(name) : c}</label>
              </div>
            );
          })}
        </fieldset>
        <p className="hint">{t('country.note')}</p>
        <Actions>
          <button type="submit" disabled={state.busy}>
            {t('common.next')}
          </button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}
