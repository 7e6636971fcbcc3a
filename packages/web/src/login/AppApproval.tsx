/**
 * "Godkend i MitID appen": the login page asks the server for an approval request and waits
 * while the app decides. On a computer the page shows the live QR code (a new one every
 * second) that the app must scan, so a login page the person is not looking at cannot be
 * approved; on the phone that holds the app it offers the "open the app" link instead.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Actions } from '../ui/Actions.js';
import { LiveQr } from './LiveQr.js';
import { errorCodeOf, returnToOf, type AppRequest, type LoginApi } from './login-api.js';

export type Outcome = { kind: 'denied' | 'expired' | 'refused'; returnTo?: string };

const POLL_MS = 1000;

/** A phone or tablet (coarse pointer): the app is probably on this device. */
function onTouchDevice(): boolean {
  return typeof globalThis.matchMedia === 'function' && globalThis.matchMedia('(pointer: coarse)').matches;
}

/** Calls `step` every POLL_MS until the component unmounts or `enabled` turns false; never two at once. */
function usePoll(enabled: boolean, step: () => Promise<void>, deps: unknown[]): void {
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      await step().catch(() => undefined);
      if (!stopped) timer = setTimeout(() => void run(), POLL_MS);
    };
    void run();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [enabled, ...deps]);
}

export function AppApproval({ api, service, onOutcome, onBack }: { api: LoginApi; service: string; onOutcome: (o: Outcome) => void; onBack: () => void }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'qr' | 'same-device'>(() => (onTouchDevice() ? 'same-device' : 'qr'));
  const [request, setRequest] = useState<AppRequest>();
  const [qr, setQr] = useState('');
  const [error, setError] = useState<string>();
  // set once the page leaves for the service: no more polling
  const [leaving, setLeaving] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setRequest(undefined);
    setQr('');
    setError(undefined);
    api.startApp(mode).then(
      (r) => {
        if (!cancelled) setRequest(r);
      },
      (e: unknown) => {
        if (cancelled) return;
        if (errorCodeOf(e) === 'LOGIN_IDENTITY_REFUSED') {
          const returnTo = returnToOf(e);
          onOutcome({ kind: 'refused', ...(returnTo ? { returnTo } : {}) });
        } else setError(errorCodeOf(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, mode, onOutcome]);

  usePoll(
    request !== undefined && mode === 'qr' && !leaving,
    async () => {
      try {
        setQr(await api.qr());
      } catch (e) {
        setError(errorCodeOf(e));
        throw e;
      }
    },
    [request?.approvalId],
  );

  usePoll(
    request !== undefined && !leaving,
    async () => {
      const s = await api.status();
      if (s.state === 'approved' && s.returnTo) {
        setLeaving(true);
        globalThis.location.assign(s.returnTo);
      } else if (s.state === 'denied' || s.state === 'expired' || s.state === 'refused') onOutcome({ kind: s.state, ...(s.returnTo ? { returnTo: s.returnTo } : {}) });
    },
    [request?.approvalId],
  );

  return (
    <ScreenFrame title={t('login.app.title')}>
      <ErrorMessage code={error} />
      <p>{t('login.app.service', { service })}</p>
      {mode === 'qr' ? (
        <>
          <ol>
            <li>{t('login.app.qr.step1')}</li>
            <li>{t('login.app.qr.step2')}</li>
            <li>{t('login.app.qr.step3')}</li>
          </ol>
          <div className="qr-frame" aria-busy={!qr}>
            {qr ? <LiveQr text={qr} label={t('login.app.qr.alt')} /> : <p>{t('login.app.preparing')}</p>}
          </div>
        </>
      ) : (
        <>
          <p>{t('login.app.same.intro')}</p>
          {request?.link ? (
            <p>
              {/* the app of this web app lives at '#/app' on this origin: the link opens it in a new tab, and this page keeps waiting */}
              <a className="button" href={`#/app/link/${encodeURIComponent(request.link)}`} target="_blank" rel="noopener">
                {t('login.app.same.open')}
              </a>
            </p>
          ) : (
            <p>{t('login.app.preparing')}</p>
          )}
        </>
      )}
      <p role="status" data-state="waiting">
        {request ? t('login.app.waiting') : ''}
      </p>
      <Actions onBack={onBack}>
        <button type="button" className="secondary" onClick={() => setMode(mode === 'qr' ? 'same-device' : 'qr')}>
          {mode === 'qr' ? t('login.app.useSame') : t('login.app.useQr')}
        </button>
      </Actions>
    </ScreenFrame>
  );
}
