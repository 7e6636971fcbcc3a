/**
 * "Kodeviser, kodeoplæser eller chip": choose the device → "Har du en kodeviser?" → "Nej,
 * bestil" (a delivery address, then the order's status) or "Ja, aktivér" ("MitID aktivering"
 * → "Opret din nye adgangskode" → "Indtast serienummer" → "Indtast engangskode fra din
 * kodeviser" → "Afslut"). Texts: the seed guide, Trin 5.
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/catalogue.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import { Field } from '../ui/Field.js';
import type { TokenKind } from './machine.js';
import type { ActivationScreenProps } from './screen-props.js';

const KINDS: { id: TokenKind; label: MessageKey; hint: MessageKey }[] = [
  { id: 'code-display', label: 'activation.tokenKind.codeDisplay', hint: 'activation.tokenKind.codeDisplayHint' },
  { id: 'code-reader', label: 'activation.tokenKind.codeReader', hint: 'activation.tokenKind.codeReaderHint' },
  { id: 'chip', label: 'activation.tokenKind.chip', hint: 'activation.tokenKind.chipHint' },
];

/** The device's name in running text ("kodeviser" / "kodeoplæser"). */
export function useDeviceName(state: ActivationScreenProps['state']): string {
  const { t } = useI18n();
  const kind = state.flow?.method ?? state.tokenKind;
  if (kind === 'chip') return t('activation.device.chip');
  return t(kind === 'code-reader' ? 'activation.device.codeReader' : 'activation.device.codeDisplay');
}

/** Password rules as the server checks them (authenticators/password/rules.ts): length in code points after NFC. */
export function passwordLength(password: string): number {
  return [...password.normalize('NFC')].length;
}

export function TokenKindScreen({ state, dispatch }: ActivationScreenProps) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<TokenKind | ''>(state.tokenKind ?? '');
  const [missing, setMissing] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  return (
    <ScreenFrame title={t('activation.tokenKind.title')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!choice) {
            setMissing(true);
            first.current?.focus();
            return;
          }
          dispatch({ type: 'TOKEN_KIND', kind: choice });
        }}
      >
        <fieldset aria-describedby={missing ? 'token-kind-error' : undefined}>
          <legend>{t('activation.tokenKind.legend')}</legend>
          {missing ? (
            <p id="token-kind-error" className="error-text">
              {t('activation.tokenKind.required')}
            </p>
          ) : null}
          {KINDS.map((k, i) => (
            <div className="choice" key={k.id}>
              <input
                type="radio"
                id={`token-kind-${k.id}`}
                name="token-kind"
                value={k.id}
                ref={i === 0 ? first : undefined}
                checked={choice === k.id}
                onChange={() => {
                  setChoice(k.id);
                  setMissing(false);
                }}
                aria-describedby={`token-kind-${k.id}-hint`}
              />
              <label htmlFor={`token-kind-${k.id}`}>{t(k.label)}</label>
              <p id={`token-kind-${k.id}-hint`} className="hint">
                {t(k.hint)}
              </p>
            </div>
          ))}
        </fieldset>
        <Actions onBack={state.flow?.state === 'started' ? () => dispatch({ type: 'GO', screen: 'method' }) : undefined}>
          <button type="submit">{t('common.next')}</button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}

/** "Har du en kodeviser?": the answer fixes the method on the server, then orders or activates. */
export function TokenHaveScreen({ state, dispatch, controller }: ActivationScreenProps) {
  const { t } = useI18n();
  const kind = state.tokenKind === 'code-reader' ? 'code-reader' : 'code-display';
  const choose = async (next: 'order-address' | 'token-intro') => {
    // the method is chosen once; coming back here after that only moves locally
    if (state.flow?.state === 'started' && !(await controller.chooseMethod(kind))) return;
    dispatch({ type: 'GO', screen: next });
  };
  return (
    <ScreenFrame title={t(kind === 'code-reader' ? 'activation.tokenHave.titleCodeReader' : 'activation.tokenHave.titleCodeDisplay')}>
      <Actions onBack={state.flow?.state === 'started' ? () => dispatch({ type: 'GO', screen: 'token-kind' }) : undefined} busy={state.busy}>
        <button type="button" disabled={state.busy} onClick={() => void choose('token-intro')}>
          {t('activation.tokenHave.activate')}
        </button>
        <button type="button" className="secondary" disabled={state.busy} onClick={() => void choose('order-address')}>
          {t('activation.tokenHave.order')}
        </button>
      </Actions>
    </ScreenFrame>
  );
}

type AddressField = 'name' | 'street' | 'postalCode' | 'city';
const ADDRESS_FIELDS: { id: AddressField; label: MessageKey; autoComplete: string }[] = [
  { id: 'name', label: 'activation.order.name', autoComplete: 'name' },
  { id: 'street', label: 'activation.order.street', autoComplete: 'street-address' },
  { id: 'postalCode', label: 'activation.order.postalCode', autoComplete: 'postal-code' },
  { id: 'city', label: 'activation.order.city', autoComplete: 'address-level2' },
];

export function OrderAddressScreen({ state, dispatch, controller }: ActivationScreenProps) {
  const { t } = useI18n();
  const device = useDeviceName(state);
  const [address, setAddress] = useState<Record<AddressField, string>>({ name: '', street: '', postalCode: '', city: '' });
  const [country, setCountry] = useState('DK');
  const [errors, setErrors] = useState<Partial<Record<AddressField, string>>>({});
  const refs = useRef<Partial<Record<AddressField, HTMLInputElement | null>>>({});
  return (
    <ScreenFrame title={t('activation.order.title', { device })}>
      <p>{t('activation.order.body', { device })}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const found: Partial<Record<AddressField, string>> = {};
          for (const f of ADDRESS_FIELDS) if (address[f.id].trim() === '') found[f.id] = t('activation.order.required');
          if (!found.postalCode && !/^\d{3,4}$/.test(address.postalCode.trim())) found.postalCode = t('activation.order.postalInvalid');
          setErrors(found);
          const firstBad = ADDRESS_FIELDS.find((f) => found[f.id]);
          if (firstBad) {
            refs.current[firstBad.id]?.focus();
            return;
          }
          void controller.order({
            name: address.name.trim(),
            street: address.street.trim(),
            postalCode: address.postalCode.trim(),
            city: address.city.trim(),
            country,
          });
        }}
      >
        {ADDRESS_FIELDS.map((f) => (
          <Field
            key={f.id}
            id={`order-${f.id}`}
            label={t(f.label)}
            error={errors[f.id]}
            inputRef={(el) => {
              refs.current[f.id] = el;
            }}
            value={address[f.id]}
            onChange={(e) => setAddress((a) => ({ ...a, [f.id]: e.target.value }))}
            autoComplete={f.autoComplete}
            inputMode={f.id === 'postalCode' ? 'numeric' : undefined}
            maxLength={f.id === 'postalCode' ? 4 : 200}
          />
        ))}
        <div className="field">
          <label htmlFor="order-country">{t('activation.order.country')}</label>
          <select id="order-country" value={country} onChange={(e) => setCountry(e.target.value)} autoComplete="country">
            {(['DK', 'GL', 'FO'] as const).map((c) => (
              <option key={c} value={c}>
                {t(`activation.order.country.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <Actions onBack={() => dispatch({ type: 'GO', screen: 'token-have' })} busy={state.busy}>
          <button type="submit" disabled={state.busy}>
            {t('activation.order.submit')}
          </button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}

export function OrderDoneScreen({ state }: ActivationScreenProps) {
  const { t } = useI18n();
  const device = useDeviceName(state);
  return (
    <ScreenFrame title={t('activation.orderDone.title')}>
      <p>{t('activation.order.body', { device })}</p>
      <p data-order-id={state.flow?.orderId}>{t('activation.orderDone.status', { orderId: state.flow?.orderId ?? '' })}</p>
      <Actions>
        <a className="button" href="#/">
          {t('activation.orderDone.finish')}
        </a>
      </Actions>
    </ScreenFrame>
  );
}

export function TokenIntroScreen({ state, dispatch }: ActivationScreenProps) {
  const { t } = useI18n();
  const device = useDeviceName(state);
  return (
    <ScreenFrame title={t('activation.tokenIntro.title')}>
      <p>{t('activation.tokenIntro.body', { device })}</p>
      <Actions onBack={() => dispatch({ type: 'GO', screen: 'token-have' })}>
        <button type="button" onClick={() => dispatch({ type: 'GO', screen: 'password' })}>
          {t('common.next')}
        </button>
      </Actions>
    </ScreenFrame>
  );
}

/** The password twice, with the length rule shown as it is typed; the server checks every rule again. */
export function PasswordFields({ refusal, busy, submitLabel, onPassword }: { refusal?: string; busy: boolean; submitLabel: string; onPassword: (password: string, repeat: string) => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ password?: string; repeat?: string }>({});
  const first = useRef<HTMLInputElement>(null);
  const second = useRef<HTMLInputElement>(null);
  const length = passwordLength(password);
  // the server's refusal is said at the first field: take the person there
  useEffect(() => {
    if (refusal) first.current?.focus();
  }, [refusal]);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const found: { password?: string; repeat?: string } = {};
        if (length < 8) found.password = t('activation.password.tooShort');
        else if (length > 64) found.password = t('activation.password.tooLong');
        else if (password !== repeat) found.repeat = t('activation.password.mismatch');
        setErrors(found);
        if (found.password) return first.current?.focus();
        if (found.repeat) return second.current?.focus();
        onPassword(password, repeat);
      }}
    >
      <Field
        id="password"
        type="password"
        label={t('activation.password.label')}
        // the rules and the length so far, both tied to the field
        hint={`${t('activation.password.rules')} ${t('activation.password.count', { count: length })}`}
        error={errors.password ?? refusal}
        inputRef={first}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        autoComplete="new-password"
        maxLength={128}
      />
      <Field
        id="password-repeat"
        type="password"
        label={t('activation.password.repeat')}
        error={errors.repeat}
        inputRef={second}
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
        autoComplete="new-password"
        maxLength={128}
      />
      <Actions>
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </Actions>
    </form>
  );
}

export function PasswordScreen({ state, controller, refusal }: ActivationScreenProps) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('activation.password.title')}>
      <PasswordFields refusal={refusal} busy={state.busy} submitLabel={t('common.next')} onPassword={(p, r) => void controller.setPassword(p, r)} />
    </ScreenFrame>
  );
}

export function SerialScreen({ state, dispatch }: ActivationScreenProps) {
  const { t } = useI18n();
  const device = useDeviceName(state);
  const [serial, setSerial] = useState(state.serial ?? '');
  const [invalid, setInvalid] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  return (
    <ScreenFrame title={t('activation.serial.title')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const s = serial.trim();
          if (!/^[A-Za-z0-9 -]{4,64}$/.test(s)) {
            setInvalid(true);
            input.current?.focus();
            return;
          }
          dispatch({ type: 'SERIAL', serial: s });
        }}
      >
        <p>{t('activation.serial.body', { device })}</p>
        <Field
          id="serial"
          label={t('activation.serial.label')}
          error={invalid ? t('activation.serial.invalid', { device }) : undefined}
          inputRef={input}
          value={serial}
          onChange={(e) => setSerial(e.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={64}
        />
        <Actions>
          <button type="submit">{t('common.next')}</button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}

export function TokenCodeScreen({ state, dispatch, controller, refusal }: ActivationScreenProps) {
  const { t } = useI18n();
  const device = useDeviceName(state);
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  return (
    <ScreenFrame title={t('activation.tokenCode.title', { device })}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const digits = code.replace(/\s/g, '');
          if (!/^\d{6,8}$/.test(digits)) {
            setInvalid(true);
            input.current?.focus();
            return;
          }
          setInvalid(false);
          void controller.activateToken(state.serial ?? '', digits).then((ok) => {
            if (!ok) {
              setCode('');
              input.current?.focus();
            }
          });
        }}
      >
        <p>{t('activation.tokenCode.body', { device })}</p>
        <Field
          id="token-code"
          label={t('activation.tokenCode.label')}
          error={invalid ? t('activation.tokenCode.invalid') : refusal}
          inputRef={input}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={10}
        />
        <Actions onBack={() => dispatch({ type: 'GO', screen: 'serial' })} busy={state.busy}>
          <button type="submit" disabled={state.busy}>
            {t('common.next')}
          </button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}

export function TokenDoneScreen({ state }: ActivationScreenProps) {
  const { t } = useI18n();
  const device = useDeviceName(state);
  return (
    <ScreenFrame title={t('activation.tokenDone.title')}>
      <p>{t('activation.tokenDone.body', { device })}</p>
      <Actions>
        <a className="button" href="#/">
          {t('activation.tokenDone.finish')}
        </a>
      </Actions>
    </ScreenFrame>
  );
}
