/**
 * Logging in with the password and a second factor: the one-time code of a code display or
 * code reader, or a chip (a FIDO security key, WebAuthn). One form per screen, usable with the
 * keyboard alone: labelled fields, the instructions tied to them, Enter submits, and a refusal
 * is announced (role=alert) and moves focus to the field to correct.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/catalogue.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Field } from '../ui/Field.js';
import { Actions } from '../ui/Actions.js';
import { errorCodeOf, returnToOf, type LoginApi } from './login-api.js';
import type { Outcome } from './AppApproval.js';

interface Props {
  api: LoginApi;
  onOutcome: (o: Outcome) => void;
  onBack: () => void;
}

/** The refusals that are about the code (the rest concern the password or the login itself). */
const CODE_ERRORS = new Set(['TOKEN_CODE_WRONG', 'TOKEN_CODE_REPLAYED', 'VALIDATION_FAILED']);

function useSubmit(onOutcome: (o: Outcome) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function run(work: () => Promise<string>): Promise<string | undefined> {
    setBusy(true);
    setError(undefined);
    try {
      const returnTo = await work();
      globalThis.location.assign(returnTo);
      return undefined;
    } catch (e) {
      const code = errorCodeOf(e);
      if (code === 'LOGIN_IDENTITY_REFUSED') {
        const returnTo = returnToOf(e);
        onOutcome({ kind: 'refused', ...(returnTo ? { returnTo } : {}) });
      } else setError(code);
      return code;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}

export function CodeLogin({ api, kind, onOutcome, onBack }: Props & { kind: 'code-display' | 'code-reader' }) {
  const { t } = useI18n();
  const { busy, error, run } = useSubmit(onOutcome);
  const password = useRef<HTMLInputElement>(null);
  const codeField = useRef<HTMLInputElement>(null);
  const [values, setValues] = useState({ password: '', code: '' });
  const prefix = kind === 'code-reader' ? 'login.reader' : 'login.display';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const failed = await run(() => api.code(kind, values.password, values.code.replace(/\s+/g, '')));
    if (!failed) return;
    // the field to correct gets focus; the code is single-use, so it is cleared either way
    setValues((v) => ({ password: CODE_ERRORS.has(failed) ? v.password : '', code: '' }));
    (CODE_ERRORS.has(failed) ? codeField : password).current?.focus();
  }

  const fieldError = error ? (CODE_ERRORS.has(error) ? 'code' : 'password') : undefined;
  return (
    <ScreenFrame title={t(`${prefix}.title` as MessageKey)}>
      <ErrorMessage code={error} />
      <p id="code-login-intro">{t(`${prefix}.intro` as MessageKey)}</p>
      <form onSubmit={(e) => void submit(e)} aria-describedby="code-login-intro" noValidate>
        <Field
          id="login-password"
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          required
          value={values.password}
          inputRef={password}
          {...(fieldError === 'password' ? { error: t('login.password.error') } : {})}
          onChange={(e) => setValues({ ...values, password: e.target.value })}
        />
        <Field
          id="login-code"
          label={t(`${prefix}.code` as MessageKey)}
          hint={t(`${prefix}.code.hint` as MessageKey)}
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={values.code}
          inputRef={codeField}
          {...(fieldError === 'code' ? { error: t('login.code.error') } : {})}
          onChange={(e) => setValues({ ...values, code: e.target.value })}
        />
        <Actions onBack={onBack} busy={busy}>
          <button type="submit" disabled={busy}>
            {t('login.submit')}
          </button>
        </Actions>
      </form>
      <p className="visually-hidden" role="status">
        {busy ? t('login.checking') : ''}
      </p>
    </ScreenFrame>
  );
}

/** navigator.credentials.get with the server's options (JSON in, JSON out: the browser converts). */
async function securityKeyAssertion(options: PublicKeyCredentialRequestOptionsJSON): Promise<PublicKeyCredentialJSON> {
  if (typeof PublicKeyCredential === 'undefined' || typeof PublicKeyCredential.parseRequestOptionsFromJSON !== 'function') {
    throw Object.assign(new Error('WebAuthn JSON not supported'), { code: 'NOT_SUPPORTED_YET' });
  }
  const credential = (await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) })) as PublicKeyCredential | null;
  if (!credential) throw Object.assign(new Error('no credential'), { code: 'CHIP_CANCELLED' });
  return credential.toJSON();
}

export function ChipLogin({ api, onOutcome, onBack }: Props) {
  const { t } = useI18n();
  const { busy, error, run } = useSubmit(onOutcome);
  const [password, setPassword] = useState('');
  const [keyError, setKeyError] = useState(false);
  const passwordField = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setKeyError(false);
    const failed = await run(async () => {
      const begun = await api.chipBegin();
      let response: PublicKeyCredentialJSON;
      try {
        response = await securityKeyAssertion(begun.options as PublicKeyCredentialRequestOptionsJSON);
      } catch {
        // cancelled, timed out or no key: the browser says nothing more specific on purpose
        setKeyError(true);
        throw new Error('security key');
      }
      return api.chipFinish(begun.ceremonyId, response, password);
    });
    if (failed && failed !== 'INTERNAL') {
      setPassword('');
      passwordField.current?.focus();
    }
  }

  const shown = keyError ? undefined : error;
  return (
    <ScreenFrame title={t('login.chip.title')}>
      <ErrorMessage code={shown} />
      {keyError ? (
        <div className="error-banner" role="alert">
          <p>{t('login.chip.keyError')}</p>
        </div>
      ) : null}
      <p id="chip-login-intro">{t('login.chip.intro')}</p>
      <form onSubmit={(e) => void submit(e)} aria-describedby="chip-login-intro" noValidate>
        <Field
          id="login-password"
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          inputRef={passwordField}
          {...(shown ? { error: t('login.password.error') } : {})}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Actions onBack={onBack} busy={busy}>
          <button type="submit" disabled={busy}>
            {t('login.chip.submit')}
          </button>
        </Actions>
      </form>
      <p className="visually-hidden" role="status">
        {busy ? t('login.chip.touch') : ''}
      </p>
    </ScreenFrame>
  );
}
