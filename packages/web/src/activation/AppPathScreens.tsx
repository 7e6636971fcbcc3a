/**
 * The app path of activation ("På denne telefon", the other device of a hand-off, the new
 * device of a copy): temporary PIN from the SMS → personal PIN twice → biometrics →
 * notifications → done. Texts: the seed guide, Trin 5.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import { Field } from '../ui/Field.js';
import type { ActivationScreenProps } from './screen-props.js';
import { platformAuthenticatorAvailable, requestPush } from './device-features.js';
import { QrCanvas } from './QrCanvas.js';

const digitsOnly = (s: string) => s.replace(/\s/g, '');

/** On the device that opens the hand-off link: nothing is registered yet. */
export function DeviceKeyScreen({ state, controller }: ActivationScreenProps) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('activation.deviceKey.title')}>
      <p>{t('activation.deviceKey.body')}</p>
      <Actions>
        <button type="button" disabled={state.busy} onClick={() => void controller.registerDevice()}>
          {t('activation.deviceKey.send')}
        </button>
      </Actions>
    </ScreenFrame>
  );
}

/** "App på en anden telefon/tablet" on the enrolling device: a QR with the link that continues this flow elsewhere. */
export function HandoffScreen({ state, pageUrl }: ActivationScreenProps) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  const link = `${pageUrl}#/activation/${state.flow?.id ?? ''}`;
  return (
    <ScreenFrame title={t('activation.handoff.title')}>
      <p id="handoff-body">{t('activation.handoff.body')}</p>
      {shown ? (
        <>
          <QrCanvas text={link} label={t('activation.handoff.qrLabel')} describedBy="handoff-body" />
          <p>{t('activation.handoff.alternative')}</p>
          <p className="link-text">
            <a href={link}>{link}</a>
          </p>
        </>
      ) : (
        <Actions>
          <button type="button" onClick={() => setShown(true)}>
            {t('activation.handoff.show')}
          </button>
        </Actions>
      )}
    </ScreenFrame>
  );
}

export function TempPinScreen({ state, controller, refusal }: ActivationScreenProps) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [resent, setResent] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  return (
    <ScreenFrame title={t('activation.tempPin.title')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const digits = digitsOnly(code);
          if (!/^\d{8}$/.test(digits)) {
            setInvalid(true);
            input.current?.focus();
            return;
          }
          setInvalid(false);
          void controller.verifyTempPin(digits).then((ok) => {
            if (!ok) input.current?.focus();
          });
        }}
      >
        <p>{t('activation.tempPin.body')}</p>
        <Field
          id="temp-pin"
          label={t('activation.tempPin.label')}
          hint={t('activation.tempPin.hint')}
          error={invalid ? t('activation.tempPin.invalid') : refusal}
          inputRef={input}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={10}
        />
        <p className="hint">{t('activation.tempPin.tip')}</p>
        <p role="status">{resent ? t('activation.tempPin.resent') : ''}</p>
        <Actions>
          <button type="submit" disabled={state.busy}>
            {t('common.next')}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={state.busy}
            onClick={() => {
              setResent(false);
              void controller.resendTempPin().then((ok) => {
                setResent(ok);
                input.current?.focus();
              });
            }}
          >
            {t('activation.tempPin.resend')}
          </button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}

export function PinIntroScreen({ dispatch }: ActivationScreenProps) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('activation.pinIntro.title')}>
      <p>{t('activation.pinIntro.body')}</p>
      <Actions>
        <button type="button" onClick={() => dispatch({ type: 'GO', screen: 'pin' })}>
          {t('common.next')}
        </button>
      </Actions>
    </ScreenFrame>
  );
}

function PinForm({ id, label, error, busy, onPin, children }: { id: string; label: string; error?: string; busy: boolean; onPin: (pin: string) => void; children?: ReactNode }) {
  const { t } = useI18n();
  const [pin, setPin] = useState('');
  const [invalid, setInvalid] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (error) input.current?.focus();
  }, [error]);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!/^\d{6}$/.test(pin)) {
          setInvalid(true);
          input.current?.focus();
          return;
        }
        setInvalid(false);
        onPin(pin);
        setPin('');
      }}
    >
      <Field
        id={id}
        type="password"
        label={label}
        hint={t('activation.pin.hint')}
        error={invalid ? t('activation.pin.invalid') : error}
        inputRef={input}
        value={pin}
        onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 6))}
        autoComplete="new-password"
        inputMode="numeric"
        maxLength={6}
      />
      <Actions>
        <button type="submit" disabled={busy}>
          {t('common.next')}
        </button>
        {children}
      </Actions>
    </form>
  );
}

export function PinScreen({ state, dispatch }: ActivationScreenProps) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('activation.pin.title')}>
      <PinForm id="pin" label={t('activation.pin.label')} busy={state.busy} onPin={(pin) => dispatch({ type: 'FIRST_PIN', pin })} />
    </ScreenFrame>
  );
}

/** The PIN again. A mismatch is caught here, before anything is sent, and said at the field. */
export function PinRepeatScreen({ state, dispatch, controller, refusal }: ActivationScreenProps) {
  const { t } = useI18n();
  const [mismatch, setMismatch] = useState(0);
  return (
    <ScreenFrame title={t('activation.pinRepeat.title')}>
      <PinForm
        key={mismatch}
        id="pin-repeat"
        label={t('activation.pinRepeat.label')}
        busy={state.busy}
        error={mismatch > 0 ? t('activation.pinRepeat.mismatch') : refusal}
        onPin={(pin) => {
          if (pin !== state.firstPin) {
            setMismatch((n) => n + 1);
            return;
          }
          void controller.choosePin(state.firstPin, pin);
        }}
      >
        <button type="button" className="secondary" disabled={state.busy} onClick={() => dispatch({ type: 'GO', screen: 'pin' })}>
          {t('activation.pinRepeat.restart')}
        </button>
      </PinForm>
    </ScreenFrame>
  );
}

export function BiometricsScreen({ state, controller }: ActivationScreenProps) {
  const { t } = useI18n();
  const [available, setAvailable] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void platformAuthenticatorAvailable().then((a) => live && setAvailable(a));
    return () => {
      live = false;
    };
  }, []);
  return (
    <ScreenFrame title={t('activation.biometrics.title')}>
      <p>{t('activation.biometrics.body')}</p>
      {available === undefined ? <p role="status">{t('activation.biometrics.checking')}</p> : null}
      {available === false ? (
        <>
          <p>{t('activation.biometrics.unavailable')}</p>
          <Actions>
            <button type="button" disabled={state.busy} onClick={() => void controller.setBiometrics(false)}>
              {t('common.next')}
            </button>
          </Actions>
        </>
      ) : null}
      {available ? (
        <div role="group" aria-label={t('activation.biometrics.legend')}>
          <Actions>
            <button type="button" disabled={state.busy} onClick={() => void controller.setBiometrics(true)}>
              {t('activation.biometrics.yes')}
            </button>
            <button type="button" className="secondary" disabled={state.busy} onClick={() => void controller.setBiometrics(false)}>
              {t('activation.biometrics.no')}
            </button>
          </Actions>
        </div>
      ) : null}
    </ScreenFrame>
  );
}

/** The last step: consent, a push subscription when the browser can, and the signature that activates the app. */
export function NotificationsScreen({ state, controller }: ActivationScreenProps) {
  const { t } = useI18n();
  const [notice, setNotice] = useState<'denied' | 'unsupported' | undefined>(undefined);
  const [asking, setAsking] = useState(false);
  const busy = state.busy || asking;
  return (
    <ScreenFrame title={t('activation.notifications.title')}>
      <p>{t('activation.notifications.body')}</p>
      {notice ? (
        <>
          <p role="status" id="notifications-notice">
            {t(notice === 'denied' ? 'activation.notifications.denied' : 'activation.notifications.unsupported')}
          </p>
          <Actions>
            <button type="button" disabled={busy} aria-describedby="notifications-notice" onClick={() => void controller.finish(null)}>
              {t('activation.notifications.continue')}
            </button>
          </Actions>
        </>
      ) : (
        <Actions>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setAsking(true);
              void requestPush().then((outcome) => {
                setAsking(false);
                if (outcome.kind === 'subscribed') void controller.finish(outcome.subscription);
                else setNotice(outcome.kind);
              });
            }}
          >
            {t('activation.notifications.allow')}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => void controller.finish(null)}>
            {t('activation.notifications.skip')}
          </button>
        </Actions>
      )}
    </ScreenFrame>
  );
}

export function AppDoneScreen() {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('activation.appDone.title')}>
      <p>{t('activation.appDone.body')}</p>
      <Actions>
        <a className="button" href="#/app">
          {t('activation.appDone.ok')}
        </a>
      </Actions>
    </ScreenFrame>
  );
}
