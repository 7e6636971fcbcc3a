/**
 * Trin 3 del 1: "Scan koden" reads the MRZ with the back camera (src/mrz/), then shows what was
 * read for the person to confirm; typing the access key by hand is the fallback throughout.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/catalogue.js';
import { validateMrzEntry, type MrzEntryFields } from '../enrolment/mrz-entry.js';
import { MrzScanSession, type ScanStatus } from '../mrz/scan-session.js';
import { formatDay, summariseMrz } from '../mrz/summary.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import { Field } from '../ui/Field.js';
import type { ScreenProps } from './screen-props.js';
import '../mrz/mrz.css';

type Phase = { kind: 'intro' } | { kind: 'camera' } | { kind: 'read'; lines: string[] } | { kind: 'problem'; status: ScanStatus };

const STATUS_TEXT: Partial<Record<ScanStatus, MessageKey>> = {
  starting: 'mrz.starting',
  denied: 'mrz.cameraDenied',
  unavailable: 'mrz.cameraUnavailable',
  timeout: 'mrz.timeout',
  failed: 'mrz.failed',
};

export function MrzScanScreen(props: ScreenProps) {
  const { t } = useI18n();
  const { state, dispatch } = props;
  const [phase, setPhase] = useState<Phase>({ kind: 'intro' });
  const manual = (
    <button type="button" className="secondary" disabled={state.busy} onClick={() => dispatch({ type: 'MANUAL_MRZ' })}>
      {t('mrz.manual')}
    </button>
  );
  return (
    <ScreenFrame title={t('mrz.title')}>
      {phase.kind === 'intro' ? (
        <>
          <p>{t('mrz.instructions')}</p>
          <ol className="mrz-steps">
            <li>{t('mrz.turn')}</li>
            <li>{t('mrz.place')}</li>
            <li>{t('mrz.holdStill')}</li>
            <li>{t('mrz.whenScanned')}</li>
          </ol>
          <Actions>
            <button type="button" disabled={state.busy} onClick={() => setPhase({ kind: 'camera' })}>
              {t('mrz.scan')}
            </button>
            {manual}
          </Actions>
        </>
      ) : null}
      {phase.kind === 'camera' ? (
        <MrzCamera onRead={(lines) => setPhase({ kind: 'read', lines })} onProblem={(status) => setPhase({ kind: 'problem', status })}>
          {manual}
        </MrzCamera>
      ) : null}
      {phase.kind === 'read' ? (
        <MrzConfirm {...props} lines={phase.lines} onRescan={() => setPhase({ kind: 'camera' })}>
          {manual}
        </MrzConfirm>
      ) : null}
      {phase.kind === 'problem' ? (
        <>
          <p className="error-banner" role="alert">
            {t(STATUS_TEXT[phase.status] ?? 'mrz.failed')}
          </p>
          <Actions>
            {phase.status === 'unavailable' ? null : (
              <button type="button" onClick={() => setPhase({ kind: 'camera' })}>
                {t('mrz.tryAgain')}
              </button>
            )}
            {manual}
          </Actions>
        </>
      ) : null}
    </ScreenFrame>
  );
}

/** The live preview with the guide: the lower field where the code goes, arrows at its ends. */
function MrzCamera({ onRead, onProblem, children }: { onRead(lines: string[]): void; onProblem(status: ScanStatus): void; children: ReactNode }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [status, setStatus] = useState<{ status: ScanStatus; found: boolean }>({ status: 'starting', found: false });
  // the latest callbacks, without restarting the camera when the parent re-renders
  const handlers = useRef({ onRead, onProblem });
  handlers.current = { onRead, onProblem };
  useEffect(() => {
    if (!video.current) return;
    const session = new MrzScanSession({
      video: video.current,
      onStatus: (next, found = false) => {
        if (next === 'starting' || next === 'scanning' || next === 'read') setStatus({ status: next, found });
        else handlers.current.onProblem(next);
      },
      onRead: (lines) => {
        // seed step 8: the phone vibrates (where the browser can) and a check mark shows
        navigator.vibrate?.(200);
        handlers.current.onRead(lines);
      },
    });
    void session.start();
    return () => session.stop();
  }, []);
  const text: MessageKey = status.status === 'starting' ? 'mrz.starting' : status.found ? 'mrz.reading' : 'mrz.looking';
  return (
    <>
      <p>{t('mrz.holdStill')}</p>
      <div className="mrz-camera">
        {/* a live picture without sound: nothing to caption */}
        <video ref={video} className="mrz-video" muted playsInline aria-label={t('mrz.camera')} />
        <div className={status.found ? 'mrz-guide mrz-guide-found' : 'mrz-guide'} aria-hidden="true">
          <span className="mrz-arrow mrz-arrow-left">▶</span>
          <span className="mrz-arrow mrz-arrow-right">◀</span>
        </div>
      </div>
      <p role="status" aria-live="polite" className="mrz-status">
        {t(text)}
      </p>
      <Actions>{children}</Actions>
    </>
  );
}

/** After a read: the check mark, the announced status, and the data to compare with the page. */
function MrzConfirm({ state, controller, now, lines, onRescan, children }: ScreenProps & { lines: string[]; onRescan(): void; children: ReactNode }) {
  const { t, language } = useI18n();
  const summary = summariseMrz(lines, now());
  return (
    <>
      <div className="mrz-scanned">
        <span className="mrz-check" aria-hidden="true">
          ✓
        </span>
        <p role="status" aria-live="polite" className="mrz-status">
          {t('mrz.scanned')}
        </p>
      </div>
      <h2>{t('mrz.confirmTitle')}</h2>
      <p>{t('mrz.confirmIntro')}</p>
      {summary ? (
        <dl className="mrz-summary">
          <dt>{t('mrz.name')}</dt>
          <dd>{summary.name}</dd>
          <dt>{t('mrzManual.documentNumber')}</dt>
          <dd className="mrz-value">{summary.documentNumber}</dd>
          <dt>{t('mrzManual.birthDate')}</dt>
          <dd>{formatDay(summary.dateOfBirth, language)}</dd>
          <dt>{t('mrzManual.expiryDate')}</dt>
          <dd>{formatDay(summary.dateOfExpiry, language)}</dd>
        </dl>
      ) : null}
      <h3 className="small-heading" id="mrz-lines-label">
        {t('mrz.lines')}
      </h3>
      <pre className="mrz-lines" aria-labelledby="mrz-lines-label">
        {lines.join('\n')}
      </pre>
      <Actions>
        <button type="button" disabled={state.busy} onClick={() => void controller.submitMrz({ kind: 'lines', lines })}>
          {t('common.next')}
        </button>
        <button type="button" className="secondary" disabled={state.busy} onClick={onRescan}>
          {t('mrz.rescan')}
        </button>
        {children}
      </Actions>
    </>
  );
}

const FIELD_ORDER: (keyof MrzEntryFields)[] = ['documentNumber', 'birthDate', 'expiryDate'];

export function MrzManualScreen({ state, dispatch, controller, now }: ScreenProps) {
  const { t } = useI18n();
  const [fields, setFields] = useState<MrzEntryFields>({ documentNumber: '', birthDate: '', expiryDate: '' });
  const [errors, setErrors] = useState<Partial<Record<keyof MrzEntryFields, string>>>({});
  const refs = {
    documentNumber: useRef<HTMLInputElement>(null),
    birthDate: useRef<HTMLInputElement>(null),
    expiryDate: useRef<HTMLInputElement>(null),
  };
  const set = (name: keyof MrzEntryFields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value }));
  return (
    <ScreenFrame title={t('mrzManual.title')}>
      <p>{t('mrzManual.intro')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const result = validateMrzEntry(fields, now());
          if (!result.ok) {
            const messages: Partial<Record<keyof MrzEntryFields, string>> = {};
            for (const name of FIELD_ORDER) {
              const code = result.errors[name];
              if (code) messages[name] = t(`mrzManual.error.${code}`);
            }
            setErrors(messages);
            // the first field to correct gets focus; its error is read with its label
            const firstBad = FIELD_ORDER.find((n) => result.errors[n]);
            if (firstBad) refs[firstBad].current?.focus();
            return;
          }
          setErrors({});
          void controller.submitMrz({ kind: 'key', key: result.key });
        }}
      >
        <Field
          id="mrz-document-number"
          label={t('mrzManual.documentNumber')}
          hint={t('mrzManual.documentNumberHint')}
          error={errors.documentNumber}
          inputRef={refs.documentNumber}
          value={fields.documentNumber}
          onChange={set('documentNumber')}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={12}
        />
        <Field
          id="mrz-birth-date"
          type="date"
          label={t('mrzManual.birthDate')}
          error={errors.birthDate}
          inputRef={refs.birthDate}
          value={fields.birthDate}
          onChange={set('birthDate')}
          autoComplete="bday"
        />
        <Field
          id="mrz-expiry-date"
          type="date"
          label={t('mrzManual.expiryDate')}
          error={errors.expiryDate}
          inputRef={refs.expiryDate}
          value={fields.expiryDate}
          onChange={set('expiryDate')}
          autoComplete="off"
        />
        <Actions onBack={() => dispatch({ type: 'BACK' })} busy={state.busy}>
          <button type="submit" disabled={state.busy}>
            {t('common.next')}
          </button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}
