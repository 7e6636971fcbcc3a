/**
 * "Kopier til ny enhed" on the OLD, active app ('#/app/copy'): the person proves key and PIN
 * (a PIN check for purpose `copy`), the server opens a copy session, and the page draws its
 * live QR — a new frame every second for three minutes — which only a device looking at
 * this screen right now can hand to the server. A text alternative says what to do.
 */
import { useEffect, useRef, useState } from 'react';
import type { CopyQrDisplay } from '@openmitid/app';
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import { Field } from '../ui/Field.js';
import { errorCodeOf } from '../enrolment/transport.js';
import { deviceStore, type DeviceStore } from './device-store.js';
import { QrCanvas } from './QrCanvas.js';
import { useRefusalText } from './refusal-text.js';
import './activation.css';

export interface CopyShowPageProps {
  apiBaseUrl: string;
  /** the page's clock (tests and the composition root pass it; default: the real one) */
  now?: () => Date;
  store?: DeviceStore;
}

type Phase = { kind: 'loading' } | { kind: 'no-app' } | { kind: 'pin' } | { kind: 'showing'; display: CopyQrDisplay } | { kind: 'expired' };

export function CopyShowPage({ apiBaseUrl, now = () => new Date(), store = deviceStore() }: CopyShowPageProps) {
  const { t } = useI18n();
  const refusalText = useRefusalText();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    void store.app().then((app) => live && setPhase(app ? { kind: 'pin' } : { kind: 'no-app' }));
    return () => {
      live = false;
    };
  }, [store]);

  if (phase.kind === 'loading') return <p role="status">{t('activation.loading')}</p>;
  if (phase.kind === 'no-app') {
    return (
      <ScreenFrame title={t('activation.copyShow.title')}>
        <p>{t('activation.copyShow.noApp')}</p>
        <Actions>
          <a className="button" href="#/">
            {t('activation.failed.restart')}
          </a>
        </Actions>
      </ScreenFrame>
    );
  }
  if (phase.kind === 'showing') return <LiveQr key={phase.display.grant.sessionId} display={phase.display} now={now} onExpired={() => setPhase({ kind: 'expired' })} />;
  if (phase.kind === 'expired') {
    return (
      <ScreenFrame title={t('activation.copyShow.title')}>
        <p>{t('activation.copyShow.expired')}</p>
        <Actions>
          <button type="button" onClick={() => setPhase({ kind: 'pin' })}>
            {t('activation.copyShow.again')}
          </button>
          <a className="button" href="#/app">
            {t('activation.copyShow.home')}
          </a>
        </Actions>
      </ScreenFrame>
    );
  }
  return (
    <ScreenFrame title={t('activation.copyShow.title')}>
      <p>{t('activation.copyShow.body')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!/^\d{6}$/.test(pin)) {
            setError('PIN_FORMAT');
            input.current?.focus();
            return;
          }
          setBusy(true);
          setError(undefined);
          void (async () => {
            try {
              const app = await store.mitIdApp(apiBaseUrl);
              if (!app) return setPhase({ kind: 'no-app' });
              const display = await app.openCopySession(pin, now());
              setPhase({ kind: 'showing', display });
            } catch (err) {
              setError(errorCodeOf(err));
              setPin('');
              input.current?.focus();
            } finally {
              setBusy(false);
            }
          })();
        }}
      >
        <Field
          id="copy-pin"
          type="password"
          label={t('activation.copyShow.pinLabel')}
          hint={t('activation.pin.hint')}
          error={error ? refusalText(error) : undefined}
          inputRef={input}
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 6))}
          autoComplete="current-password"
          inputMode="numeric"
          maxLength={6}
        />
        <p className="visually-hidden" role="status">
          {busy ? t('app.busy') : ''}
        </p>
        <Actions>
          <button type="submit" disabled={busy}>
            {t('activation.copyShow.show')}
          </button>
          <a className="button secondary-link" href="#/app">
            {t('activation.copyShow.home')}
          </a>
        </Actions>
      </form>
    </ScreenFrame>
  );
}

/** The live QR: a new frame each second, a countdown, and the steps in words. */
function LiveQr({ display, now, onExpired }: { display: CopyQrDisplay; now: () => Date; onExpired: () => void }) {
  const { t } = useI18n();
  const [frame, setFrame] = useState<{ text: string; left: number } | undefined>(undefined);
  // the latest callbacks without restarting the ticking when the parent renders again
  const clock = useRef(now);
  const expired = useRef(onExpired);
  clock.current = now;
  expired.current = onExpired;
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const at = clock.current();
      const left = display.grant.validSeconds - display.secondAt(at);
      if (left <= 0) return expired.current();
      const text = await display.frameAt(at).catch(() => undefined);
      if (!live) return;
      if (text === undefined) return expired.current();
      setFrame({ text, left });
      // wake just after the next second begins, so each second's frame shows for the whole second
      timer = setTimeout(() => void tick(), 1000 - ((at.getTime() - display.openedAt.getTime()) % 1000) + 10);
    };
    void tick();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [display]);
  const minutes = frame ? Math.floor(frame.left / 60) : 0;
  const seconds = frame ? String(frame.left % 60).padStart(2, '0') : '00';
  return (
    <ScreenFrame title={t('activation.copyShow.title')}>
      <p id="copy-qr-instructions">{t('activation.copyShow.instructions')}</p>
      {frame ? <QrCanvas text={frame.text} label={t('activation.copyShow.qrLabel')} describedBy="copy-qr-instructions" /> : null}
      {/* role=timer is not announced every second; the person can read it when they want */}
      <p className="timer" role="timer">
        {t('activation.copyShow.remaining', { minutes, seconds })}
      </p>
      <Actions>
        <a className="button" href="#/app">
          {t('activation.copyShow.home')}
        </a>
      </Actions>
    </ScreenFrame>
  );
}
