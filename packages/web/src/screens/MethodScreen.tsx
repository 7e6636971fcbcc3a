/** Trin 5: "Hvordan vil du godkende med MitID?" with the guide's three choices. */
import { useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/catalogue.js';
import type { ApprovalMethod } from '../enrolment/machine.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import type { ScreenProps } from './screen-props.js';

const METHODS: { id: ApprovalMethod; label: MessageKey; hint: MessageKey }[] = [
  { id: 'this-phone', label: 'method.thisPhone', hint: 'method.thisPhoneHint' },
  { id: 'other-device', label: 'method.otherDevice', hint: 'method.otherDeviceHint' },
  { id: 'token', label: 'method.token', hint: 'method.tokenHint' },
];

export function MethodScreen({ state, dispatch }: ScreenProps) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<ApprovalMethod | ''>(state.method ?? '');
  const [missing, setMissing] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const chosen = METHODS.find((m) => m.id === state.method);
  return (
    <ScreenFrame title={t('method.title')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!choice) {
            setMissing(true);
            first.current?.focus();
            return;
          }
          dispatch({ type: 'CHOOSE_METHOD', method: choice });
        }}
      >
        <fieldset aria-describedby={missing ? 'method-error' : undefined}>
          <legend>{t('method.legend')}</legend>
          {missing ? (
            <p id="method-error" className="error-text">
              {t('method.required')}
            </p>
          ) : null}
          {METHODS.map((m, i) => (
            <div className="choice" key={m.id}>
              <input
                type="radio"
                id={`method-${m.id}`}
                name="method"
                value={m.id}
                ref={i === 0 ? first : undefined}
                checked={choice === m.id}
                onChange={() => {
                  setChoice(m.id);
                  setMissing(false);
                }}
                aria-describedby={`method-${m.id}-hint`}
              />
              <label htmlFor={`method-${m.id}`}>{t(m.label)}</label>
              <p id={`method-${m.id}-hint`} className="hint">
                {t(m.hint)}
              </p>
            </div>
          ))}
        </fieldset>
        {/* the three activation paths are built in a later session */}
        <p role="status">{chosen ? t('method.notYet', { method: t(chosen.label) }) : ''}</p>
        <Actions>
          <button type="submit">{t('common.next')}</button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}
