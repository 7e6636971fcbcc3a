/** Trin 3 del 3: "Scan dit ansigt" → "Næste" → "Jeg er klar" (only when the face is placed right) → "Verificerer". */
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import type { ScreenProps } from './screen-props.js';

/** The advice @openmitid/app's faceGuidance gives (src/face/guidance.ts). */
export type FaceGuidance = 'no-face' | 'move-closer' | 'move-further' | 'centre' | 'ok';

export function FaceIntroScreen({ dispatch }: ScreenProps) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('faceIntro.title')}>
      <p>{t('faceIntro.body')}</p>
      <Actions>
        <button type="button" onClick={() => dispatch({ type: 'NEXT' })}>
          {t('common.next')}
        </button>
      </Actions>
    </ScreenFrame>
  );
}

export function FaceCaptureScreen({ state, dispatch, controller, demo }: ScreenProps & { guidance?: FaceGuidance }) {
  const { t } = useI18n();
  // The camera and face detector are wired in a later session; the demo server's bypass
  // needs no frames, so demo mode treats the face as placed right.
  const guidance: FaceGuidance = demo ? 'ok' : 'no-face';
  const ready = guidance === 'ok' && !state.busy;
  return (
    <ScreenFrame title={t('faceCapture.title')}>
      <div className="camera camera-face" role="img" aria-label={t('faceCapture.camera')}>
        <div className="face-frame" aria-hidden="true" />
      </div>
      <p role="status" aria-live="polite">
        {t(`faceCapture.guidance.${guidance}`)}
      </p>
      <aside className="tip" aria-labelledby="face-tip-title">
        <h2 id="face-tip-title">{t('faceCapture.tipTitle')}</h2>
        <ul>
          <li>{t('faceCapture.tipLight')}</li>
          <li>{t('faceCapture.tipGlasses')}</li>
        </ul>
      </aside>
      <Actions onBack={() => dispatch({ type: 'BACK' })} busy={state.busy}>
        {/* aria-disabled keeps the button focusable so its state is announced */}
        <button
          type="button"
          className={ready ? undefined : 'inactive'}
          aria-disabled={!ready}
          onClick={() => {
            if (ready) void controller.submitFace([]);
          }}
        >
          {t('faceCapture.ready')}
        </button>
      </Actions>
    </ScreenFrame>
  );
}

export function VerifyingScreen() {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('verifying.title')}>
      <div className="spinner" aria-hidden="true" />
      <p role="status">{t('verifying.body')}</p>
    </ScreenFrame>
  );
}
