/** Trin 2 of the guide: "Kom i gang" → "Pas/ID-kort" → the 4 steps → terms → privacy. */
import { useI18n } from '../i18n/i18n-context.js';
import { overviewProgress } from '../enrolment/machine.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { routeHash } from '../routing.js';
import { Actions } from '../ui/Actions.js';
import type { ScreenProps } from './screen-props.js';

export function WelcomeScreen({ dispatch }: ScreenProps) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('welcome.title')}>
      <p>{t('welcome.body')}</p>
      <Actions>
        <button type="button" onClick={() => dispatch({ type: 'NEXT' })}>
          {t('welcome.start')}
        </button>
      </Actions>
    </ScreenFrame>
  );
}

export function DocumentScreen({ dispatch }: ScreenProps) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('document.title')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const choice = new FormData(e.currentTarget).get('document');
          // "Kopier fra anden MitID app": this device becomes a copy of an active app (seed: activation on another phone, step 8)
          if (choice === 'copy') globalThis.location.hash = routeHash({ name: 'activation', flowId: 'copy' });
          else dispatch({ type: 'NEXT' });
        }}
      >
        <fieldset>
          <legend>{t('document.legend')}</legend>
          <div className="choice">
            <input type="radio" id="document-passport" name="document" value="passport" defaultChecked aria-describedby="document-passport-hint" />
            <label htmlFor="document-passport">{t('document.passport')}</label>
            <p id="document-passport-hint" className="hint">
              {t('document.passportHint')}
            </p>
          </div>
          <div className="choice">
            <input type="radio" id="document-copy" name="document" value="copy" aria-describedby="document-copy-hint" />
            <label htmlFor="document-copy">{t('document.copy')}</label>
            <p id="document-copy-hint" className="hint">
              {t('document.copyHint')}
            </p>
          </div>
        </fieldset>
        <Actions onBack={() => dispatch({ type: 'BACK' })}>
          <button type="submit">{t('common.next')}</button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}

export function OverviewScreen({ state, dispatch, controller }: ScreenProps) {
  const { t } = useI18n();
  const done = overviewProgress(state.flow?.state);
  const steps = [
    ['mrz', t('overview.step.mrz')],
    ['chip', t('overview.step.chip')],
    ['face', t('overview.step.face')],
    ['userId', t('overview.step.userId')],
  ] as const;
  return (
    <ScreenFrame title={t('overview.title')}>
      <ol className="steps">
        {steps.map(([key, label], i) => (
          <li key={key} className={done[key] ? 'step step-done' : 'step'}>
            <span className="step-number" aria-hidden="true">
              {done[key] ? '✓' : i + 1}
            </span>
            <span>{label}</span>
            <span className="visually-hidden">, {done[key] ? t('overview.done') : t('overview.todo')}</span>
          </li>
        ))}
      </ol>
      <Actions onBack={state.flow ? undefined : () => dispatch({ type: 'BACK' })} busy={state.busy}>
        <button type="button" disabled={state.busy} onClick={() => void controller.overviewNext(state)}>
          {t('common.next')}
        </button>
      </Actions>
    </ScreenFrame>
  );
}

export function TermsScreen({ state, controller }: ScreenProps) {
  const { t } = useI18n();
  const version = state.flow?.termsVersion ?? '';
  return (
    <ScreenFrame title={t('terms.title')}>
      <div className="document-text">
        <p>{t('terms.body')}</p>
        <p className="hint">{t('terms.version', { version })}</p>
      </div>
      <Actions>
        <button type="button" disabled={state.busy} onClick={() => void controller.acceptTerms(version)}>
          {t('common.next')}
        </button>
      </Actions>
    </ScreenFrame>
  );
}

export function PrivacyScreen({ dispatch }: ScreenProps) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('privacy.title')}>
      <div className="document-text">
        <p>{t('privacy.body')}</p>
      </div>
      <Actions>
        <button type="button" onClick={() => dispatch({ type: 'NEXT' })}>
          {t('common.next')}
        </button>
      </Actions>
    </ScreenFrame>
  );
}
