/**
 * The login pages of the OpenID Connect interaction <uid> (the provider sends the browser to
 * '#/login/<uid>'): the user-ID, the choice of method when there is more than one, then the
 * method's own page. The page never learns whether the user-ID exists: the server answers an
 * unknown one as it answers a known one.
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/catalogue.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Field } from '../ui/Field.js';
import { Actions } from '../ui/Actions.js';
import { errorCodeOf, LoginApi, type InteractionDetails, type LoginMethod } from './login-api.js';
import { AppApproval, type Outcome } from './AppApproval.js';
import { ChipLogin, CodeLogin } from './PasswordLogin.js';

type Step =
  | { name: 'loading' }
  | { name: 'gone' }
  | { name: 'user-id' }
  | { name: 'methods'; methods: LoginMethod[] }
  | { name: 'method'; method: LoginMethod; methods: LoginMethod[] }
  | { name: 'outcome'; outcome: Outcome };

const METHOD_LABEL: Record<LoginMethod, MessageKey> = {
  app: 'login.method.app',
  'code-display': 'login.method.codeDisplay',
  'code-reader': 'login.method.codeReader',
  chip: 'login.method.chip',
};

const METHOD_HINT: Record<LoginMethod, MessageKey> = {
  app: 'login.method.app.hint',
  'code-display': 'login.method.codeDisplay.hint',
  'code-reader': 'login.method.codeReader.hint',
  chip: 'login.method.chip.hint',
};

function UserIdStep({ api, service, loginHint, onMethods }: { api: LoginApi; service: string; loginHint: string; onMethods: (m: LoginMethod[]) => void }) {
  const { t } = useI18n();
  const [userId, setUserId] = useState(loginHint);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [empty, setEmpty] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (userId.trim() === '') {
      setEmpty(true);
      document.getElementById('login-user-id')?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onMethods(await api.userId(userId.trim()));
    } catch (err) {
      setError(errorCodeOf(err));
      setBusy(false);
    }
  }

  return (
    <ScreenFrame title={t('login.userId.title')}>
      <ErrorMessage code={error} />
      <p>{t('login.userId.service', { service })}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          id="login-user-id"
          label={t('login.userId.label')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={userId}
          {...(empty ? { error: t('login.userId.required') } : {})}
          onChange={(e) => {
            setUserId(e.target.value);
            setEmpty(false);
          }}
        />
        <Actions busy={busy}>
          <button type="submit" disabled={busy}>
            {t('login.continue')}
          </button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}

function MethodsStep({ methods, onChoose, onBack }: { methods: LoginMethod[]; onChoose: (m: LoginMethod) => void; onBack: () => void }) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('login.methods.title')}>
      <ul className="method-list">
        {methods.map((m) => (
          <li key={m}>
            <button type="button" className="method" onClick={() => onChoose(m)} aria-describedby={`method-${m}-hint`}>
              {t(METHOD_LABEL[m])}
            </button>
            <p id={`method-${m}-hint`} className="hint">
              {t(METHOD_HINT[m])}
            </p>
          </li>
        ))}
      </ul>
      <Actions onBack={onBack}>{null}</Actions>
    </ScreenFrame>
  );
}

function OutcomeStep({ outcome, service, onRetry }: { outcome: Outcome; service: string; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t(`login.outcome.${outcome.kind}.title` as MessageKey)}>
      <div role="alert" data-outcome={outcome.kind}>
        <p>{t(`login.outcome.${outcome.kind}.text` as MessageKey)}</p>
      </div>
      <div className="actions">
        {outcome.kind === 'expired' ? (
          <button type="button" onClick={onRetry}>
            {t('login.outcome.retry')}
          </button>
        ) : null}
        {outcome.returnTo ? (
          <a className="button secondary" href={outcome.returnTo}>
            {t('login.outcome.back', { service })}
          </a>
        ) : null}
      </div>
    </ScreenFrame>
  );
}

export function LoginApp({ uid, apiBaseUrl }: { uid: string; apiBaseUrl: string }) {
  const { t } = useI18n();
  const api = useMemo(() => new LoginApi(apiBaseUrl, uid), [apiBaseUrl, uid]);
  const [details, setDetails] = useState<InteractionDetails>();
  const [step, setStep] = useState<Step>({ name: 'loading' });

  useEffect(() => {
    api.details().then(
      (d) => {
        setDetails(d);
        setStep({ name: 'user-id' });
      },
      () => setStep({ name: 'gone' }),
    );
  }, [api]);

  const onOutcome = useCallback((outcome: Outcome) => setStep({ name: 'outcome', outcome }), []);
  const service = details?.clientName ?? details?.clientId ?? '';
  const back = () => setStep({ name: 'user-id' });

  switch (step.name) {
    case 'loading':
      return (
        <ScreenFrame title={t('login.loading')}>
          <div className="spinner" aria-hidden="true" />
        </ScreenFrame>
      );
    case 'gone':
      return (
        <ScreenFrame title={t('login.gone.title')}>
          <ErrorMessage code="LOGIN_INTERACTION_NOT_FOUND" />
          <p>{t('login.gone.text')}</p>
        </ScreenFrame>
      );
    case 'user-id':
      return (
        <UserIdStep
          api={api}
          service={service}
          loginHint={details?.loginHint ?? ''}
          onMethods={(methods) => {
            const only = methods.length === 1 ? methods[0] : undefined;
            setStep(only ? { name: 'method', method: only, methods } : { name: 'methods', methods });
          }}
        />
      );
    case 'methods':
      return <MethodsStep methods={step.methods} onChoose={(method) => setStep({ name: 'method', method, methods: step.methods })} onBack={back} />;
    case 'outcome':
      return <OutcomeStep outcome={step.outcome} service={service} onRetry={() => setStep({ name: 'method', method: 'app', methods: ['app'] })} />;
    case 'method': {
      const toChoice = step.methods.length > 1 ? () => setStep({ name: 'methods', methods: step.methods }) : back;
      if (step.method === 'app') return <AppApproval key={step.method} api={api} service={service} onOutcome={onOutcome} onBack={toChoice} />;
      if (step.method === 'chip') return <ChipLogin api={api} onOutcome={onOutcome} onBack={toChoice} />;
      return <CodeLogin key={step.method} api={api} kind={step.method} onOutcome={onOutcome} onBack={toChoice} />;
    }
  }
}
