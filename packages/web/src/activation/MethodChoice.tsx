/** "Hvordan vil du godkende med MitID?": the guide's three choices, as one form (the enrolment's last screen and a resumed activation use it). */
import { useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/catalogue.js';
import { Actions } from '../ui/Actions.js';
import type { Choice } from './machine.js';

const METHODS: { id: Choice; label: MessageKey; hint: MessageKey }[] = [
  { id: 'this-phone', label: 'method.thisPhone', hint: 'method.thisPhoneHint' },
  { id: 'other-device', label: 'method.otherDevice', hint: 'method.otherDeviceHint' },
  { id: 'token', label: 'method.token', hint: 'method.tokenHint' },
];

export function MethodChoiceForm({ busy, initial, onChoose }: { busy: boolean; initial?: Choice; onChoose: (choice: Choice) => void }) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<Choice | ''>(initial ?? '');
  const [missing, setMissing] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!choice) {
          setMissing(true);
          first.current?.focus();
          return;
        }
        onChoose(choice);
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
      <Actions>
        <button type="submit" disabled={busy}>
          {t('common.next')}
        </button>
      </Actions>
    </form>
  );
}
