/**
 * "Kopier fra anden MitID app" on the NEW device: tick "QR-koden er vist på den gamle app" →
 * "Scan QR-kode" (the camera reads the old app's live QR; the server checks it is genuine
 * and live) → the user-ID → then the app path (temporary PIN, PIN twice, biometrics,
 * notifications).
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import { Field } from '../ui/Field.js';
import type { ActivationScreenProps } from './screen-props.js';
import { startCameraScan } from './camera.js';

export function CopyIntroScreen({ dispatch }: ActivationScreenProps) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  const [missing, setMissing] = useState(false);
  const box = useRef<HTMLInputElement>(null);
  return (
    <ScreenFrame title={t('activation.copyIntro.title')}>
      <p>{t('activation.copyIntro.body')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!shown) {
            setMissing(true);
            box.current?.focus();
            return;
          }
          dispatch({ type: 'GO', screen: 'copy-scan' });
        }}
      >
        {missing ? (
          <p id="copy-shown-error" className="error-text">
            {t('activation.copyIntro.checkRequired')}
          </p>
        ) : null}
        <div className="check">
          <input
            type="checkbox"
            id="copy-shown"
            ref={box}
            checked={shown}
            aria-invalid={missing ? true : undefined}
            aria-describedby={missing ? 'copy-shown-error' : undefined}
            onChange={(e) => {
              setShown(e.target.checked);
              setMissing(false);
            }}
          />
          <label htmlFor="copy-shown">{t('activation.copyIntro.check')}</label>
        </div>
        <Actions>
          <button type="submit">{t('activation.copyIntro.scan')}</button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}

/** The camera runs while this screen shows; the first OpenMitID copy QR seen goes to the server. */
export function CopyScanScreen({ state, dispatch, controller }: ActivationScreenProps) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [attempt, setAttempt] = useState(0);
  const [camera, setCamera] = useState<'starting' | 'on' | 'failed'>('starting');
  useEffect(() => {
    const stop = new AbortController();
    const el = video.current;
    if (!el) return;
    setCamera('starting');
    void startCameraScan(el, stop.signal).then(
      async (cam) => {
        // left before the camera came up (or a development double mount): nothing to scan for
        if (stop.signal.aborted) return cam.stop();
        setCamera('on');
        await controller.startCopy(cam.scan);
        cam.stop();
      },
      () => setCamera('failed'),
    );
    return () => stop.abort();
  }, [attempt, controller]);
  const failed = camera === 'failed' || (state.error !== undefined && !state.busy);
  return (
    <ScreenFrame title={t('activation.copyScan.title')}>
      <p id="copy-scan-body">{t('activation.copyScan.body')}</p>
      <video ref={video} className="camera-view" playsInline muted aria-label={t('activation.copyScan.video')} aria-describedby="copy-scan-body" />
      <p role="status">{camera === 'failed' ? t('activation.copyScan.noCamera') : camera === 'on' && !failed ? t('activation.copyScan.scanning') : ''}</p>
      <Actions onBack={() => dispatch({ type: 'GO', screen: 'copy-intro' })} busy={state.busy}>
        {failed ? (
          <button
            type="button"
            onClick={() => {
              dispatch({ type: 'CLEAR_ERROR' });
              setAttempt((n) => n + 1);
            }}
          >
            {t('activation.copyScan.retry')}
          </button>
        ) : null}
      </Actions>
    </ScreenFrame>
  );
}

export function CopyUserIdScreen({ state, controller, refusal }: ActivationScreenProps) {
  const { t } = useI18n();
  const [userId, setUserId] = useState('');
  const [missing, setMissing] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  return (
    <ScreenFrame title={t('activation.copyUserId.title')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (userId.trim() === '') {
            setMissing(true);
            input.current?.focus();
            return;
          }
          setMissing(false);
          // the app path follows at once: the temporary PIN goes out when the user-ID is right
          void controller.confirmUserId(userId.trim()).then(async (ok) => {
            if (ok) await controller.registerDevice();
            else input.current?.focus();
          });
        }}
      >
        <p>{t('activation.copyUserId.body')}</p>
        <Field
          id="copy-user-id"
          label={t('activation.copyUserId.label')}
          error={missing ? t('activation.copyUserId.required') : refusal}
          inputRef={input}
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={64}
        />
        <Actions>
          <button type="submit" disabled={state.busy}>
            {t('common.next')}
          </button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}
