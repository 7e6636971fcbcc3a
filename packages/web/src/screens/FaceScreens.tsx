/**
 * Trin 3 del 3: "Scan dit ansigt" → "Næste" → the face in the frame ("Jeg er klar" only when it is
 * placed right) → the server's liveness challenge, step by step → "Verificerer". The camera and
 * the detector run in the browser only to guide and to pick the frames; the server decides.
 *
 * Demo mode: a demo server has no face verifier and skips the face step (its development bypass),
 * since nobody's live face matches a demo passport. The page asks for a challenge once: answered
 * FACE_NOT_CONFIGURED, it sends the bypass and says so on screen (the camera guidance still runs
 * when there is a camera); answered with a challenge, the server checks faces and the page does
 * the real scan, as outside demo mode.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  challengeLifetimeMs,
  FaceCaptureError,
  LivenessSession,
  parseFaceChallenge,
  placementGuidance,
  type FaceGuidance,
  type SessionView,
} from '@openmitid/app/face';
import { useI18n } from '../i18n/i18n-context.js';
import { messages, type MessageKey } from '../i18n/catalogue.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { encodeFrame, useFaceCamera, type AnalysedFrame } from '../face/use-face-camera.js';
import type { ScreenProps } from './screen-props.js';
import '../face/face.css';

export type { FaceGuidance };

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

/** The server's FACE_REJECTED details as text: why, and how many attempts are left. */
function RejectionDetails({ code, details }: { code: string | undefined; details: Record<string, unknown> | undefined }) {
  const { t, language } = useI18n();
  if (code !== 'FACE_REJECTED' || !details) return null;
  const reasonKey = `face.reason.${String(details.reason)}`;
  const left = typeof details.attemptsLeft === 'number' ? details.attemptsLeft : undefined;
  return (
    <div className="face-rejection" data-reason={String(details.reason)} data-attempts-left={left}>
      {reasonKey in messages[language] ? <p>{t(reasonKey as MessageKey)}</p> : null}
      {left !== undefined ? <p>{t('face.attemptsLeft', { count: left })}</p> : null}
    </div>
  );
}

type Phase = { kind: 'position' } | { kind: 'starting-challenge' } | { kind: 'challenge'; session: LivenessSession; view: SessionView; deadline: number | undefined };

export function FaceCaptureScreen({ state, dispatch, controller, demo }: ScreenProps) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'position' });
  const [localError, setLocalError] = useState<string | undefined>();
  // 'probing' until a demo page knows whether its server checks faces
  const [check, setCheck] = useState<'probing' | 'bypass' | 'real'>(demo ? 'probing' : 'real');
  useEffect(() => {
    if (!demo) return;
    let current = true;
    void controller.faceChallenge().then((answer) => {
      if (current) setCheck('error' in answer ? 'bypass' : 'real');
    });
    return () => {
      current = false;
    };
  }, [demo, controller]);
  const phaseRef = useRef(phase);
  phaseRef.current = phase;

  // runs on every analysed frame: during the challenge it keeps the frames the session asks for
  const onFrame = useCallback(
    async ({ face, canvas }: AnalysedFrame) => {
      const p = phaseRef.current;
      if (p.kind !== 'challenge') return;
      if (p.deadline !== undefined && performance.now() > p.deadline) {
        // the server would answer FACE_CHALLENGE_EXPIRED (no attempt used): start over with a new challenge
        setLocalError('FACE_CHALLENGE_EXPIRED');
        setPhase({ kind: 'position' });
        return;
      }
      const wanted = face ? p.session.wants(face) : null;
      if (!face || !wanted) return;
      const image = await encodeFrame(canvas);
      p.session.record(face, { image, ...wanted });
      if (!p.session.done) {
        setPhase({ ...p, view: p.session.view });
        return;
      }
      try {
        const { frames, nonce } = p.session.submission();
        phaseRef.current = { kind: 'position' };
        void controller.submitFace(frames, nonce);
      } catch (error) {
        setLocalError(error instanceof FaceCaptureError ? 'FACE_CHALLENGE_MISSING' : 'INTERNAL');
        setPhase({ kind: 'position' });
      }
    },
    [controller],
  );
  const { camera, face, analysed } = useFaceCamera(video, onFrame);

  const guidance: FaceGuidance = camera === 'live' && face !== undefined ? placementGuidance(face) : 'no-face';
  // the detector's reading wobbles from frame to frame: a button that blinks cannot be pressed, so
  // it stays on through two frames after the last one placed right (the reference waits for 'ok')
  const lastPlaced = useRef(Number.NEGATIVE_INFINITY);
  if (guidance === 'ok') lastPlaced.current = analysed;
  const placed = analysed - lastPlaced.current <= 2;
  // bypassed: without a working camera the button is offered anyway
  const ready = !state.busy && phase.kind === 'position' && check !== 'probing' && (placed || (check === 'bypass' && camera !== 'live'));

  const start = async () => {
    if (!ready) return;
    setLocalError(undefined);
    if (check === 'bypass') {
      void controller.submitFace([]);
      return;
    }
    setPhase({ kind: 'starting-challenge' });
    const answer = await controller.faceChallenge();
    if ('error' in answer) {
      setLocalError(answer.error);
      setPhase({ kind: 'position' });
      return;
    }
    let session: LivenessSession;
    try {
      session = new LivenessSession(parseFaceChallenge(answer.challenge));
    } catch {
      setLocalError('INTERNAL');
      setPhase({ kind: 'position' });
      return;
    }
    const lifetime = challengeLifetimeMs(session.challenge);
    setPhase({ kind: 'challenge', session, view: session.view, deadline: lifetime === undefined ? undefined : performance.now() + lifetime });
  };

  let status: string;
  if (phase.kind === 'challenge') {
    const v = phase.view;
    status = v.phase === 'step' ? t(`face.prompt.${v.prompt}` as MessageKey) : v.phase === 'return' ? t('face.prompt.return') : t('face.prompt.rest');
  } else if (camera === 'starting') status = t('face.cameraStarting');
  else if (camera === 'unavailable') status = t('face.cameraUnavailable');
  else if (camera === 'detector-failed') status = t('face.detectorFailed');
  else status = guidance === 'more-light' ? t('face.guidance.moreLight') : t(`faceCapture.guidance.${guidance}`);

  return (
    <ScreenFrame title={t('faceCapture.title')}>
      {check === 'bypass' ? (
        <p className="demo-note" data-face-bypass="true">
          {t('face.demoBypass')}
        </p>
      ) : null}
      <ErrorMessage code={localError} />
      <RejectionDetails code={state.error} details={state.errorDetails} />
      <div
        className="camera camera-face face-camera"
        role="img"
        aria-label={t('faceCapture.camera')}
        data-camera={camera}
        data-check={check}
        data-guidance={guidance}
        data-analysed={analysed}
        data-phase={phase.kind === 'challenge' ? phase.view.phase : phase.kind}
        data-prompt={phase.kind === 'challenge' ? phase.view.prompt : undefined}
      >
        <video ref={video} muted playsInline aria-hidden="true" />
        <div className={`face-frame${placed ? ' face-frame-ok' : ''}`} aria-hidden="true" />
      </div>
      {phase.kind === 'challenge' ? (
        <p className="face-step">
          {t('face.followInstructions')} {t('face.stepOf', { step: phase.view.stepIndex + 1, total: phase.view.stepCount })}
        </p>
      ) : null}
      <p className="face-guidance" role="status" aria-live="polite">
        {status}
      </p>
      <aside className="tip" aria-labelledby="face-tip-title">
        <h2 id="face-tip-title">{t('faceCapture.tipTitle')}</h2>
        <ul>
          <li>{t('faceCapture.tipLight')}</li>
          <li>{t('faceCapture.tipGlasses')}</li>
        </ul>
        <h2 id="face-ready-tip-title">{t('face.tipReadyTitle')}</h2>
        <p>{t('face.tipReady')}</p>
      </aside>
      <Actions onBack={() => dispatch({ type: 'BACK' })} busy={state.busy}>
        {phase.kind === 'position' ? (
          /* aria-disabled keeps the button focusable so its state is announced */
          <button type="button" className={ready ? undefined : 'inactive'} aria-disabled={!ready} onClick={() => void start()}>
            {t('faceCapture.ready')}
          </button>
        ) : null}
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
