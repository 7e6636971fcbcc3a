/** Trin 4 del 2: mobile number → "Send kode" → the code from the SMS (one-time-code autofill). */
import { useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import { Field } from '../ui/Field.js';
import type { ScreenProps } from './screen-props.js';

/** A rough check so an obvious typo is caught here; the server normalises and decides. */
export function looksLikePhone(input: string): boolean {
  const compact = input.replace(/[\s\-().]/g, '');
  return /^\d{8}$/.test(compact) || /^(\+|00)[1-9]\d{5,14}$/.test(compact);
}

export function PhoneScreen({ state, controller }: ScreenProps) {
  const { t } = useI18n();
  const [phone, setPhone] = useState(state.phone ?? '');
  const [invalid, setInvalid] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  return (
    <ScreenFrame title={t('phone.title')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!looksLikePhone(phone)) {
            setInvalid(true);
            input.current?.focus();
            return;
          }
          setInvalid(false);
          void controller.sendPhoneCode(phone.trim());
        }}
      >
        <Field
          id="phone"
          type="tel"
          label={t('phone.label')}
          hint={t('phone.hint')}
          error={invalid ? t('phone.invalid') : undefined}
          inputRef={input}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          autoComplete="tel"
          inputMode="tel"
        />
        <Actions>
          <button type="submit" disabled={state.busy}>
            {t('phone.send')}
          </button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}

export function PhoneCodeScreen({ state, dispatch, controller }: ScreenProps) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  return (
    <ScreenFrame title={t('phoneCode.title')}>
      <p>{t('phoneCode.body', { phone: state.phone ?? '' })}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const digits = code.replace(/\s/g, '');
          if (!/^\d{6}$/.test(digits)) {
            setInvalid(true);
            input.current?.focus();
            return;
          }
          setInvalid(false);
          void controller.verifyPhoneCode(digits);
        }}
      >
        <Field
          id="phone-code"
          label={t('phoneCode.label')}
          error={invalid ? t('phoneCode.invalid') : undefined}
          inputRef={input}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={8}
        />
        <p className="hint">{t('phoneCode.tip')}</p>
        <Actions>
          <button type="submit" disabled={state.busy}>
            {t('common.next')}
          </button>
          <button type="button" className="secondary" disabled={state.busy} onClick={() => dispatch({ type: 'BACK' })}>
            {t('phoneCode.resend')}
          </button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}
