/**
 * One login request in the app: who asks (the service's registered name) and the service's
 * transaction text, then — when the request came from a login page on another screen — the
 * camera on that page's live QR code, then the PIN. Approving signs exactly what was shown
 * (ApprovalClient); denying is possible at every step and final.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { LOGIN_TEXT_MAX, type PendingApproval } from '@openmitid/api';
import { EnrolmentError, isDeviceError } from '@openmitid/app';
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { DeviceErrorMessage } from './DeviceErrorMessage.js';
import { Field } from '../ui/Field.js';
import { startCameraScan } from '../activation/camera.js';
import type { DeviceContext } from './DevicePages.js';

type Step = 'review' | 'scan' | 'pin' | 'approved' | 'denied' | 'refused';

/** The server's code for a refusal, or the device's own turned into the server's equivalent. */
export function codeOf(e: unknown): string {
  if (e instanceof EnrolmentError) return e.code;
  if (isDeviceError(e, 'PIN_WRONG')) return 'APP_PIN_WRONG';
  if (isDeviceError(e)) return e.code;
  if (e instanceof Error && 'code' in e && e.code === 'CAMERA') return 'CAMERA';
  return 'INTERNAL';
}

/** The stale or foreign QR codes the camera may see before a fresh one of this request. */
const RESCAN = new Set(['LOGIN_QR_INVALID', 'LOGIN_QR_NOT_SCANNED']);

function QrScan({ ctx, approval, onScanned, onError }: { ctx: DeviceContext; approval: PendingApproval; onScanned: (shown: PendingApproval, proof: string) => void; onError: (code: string) => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  // the latest callbacks, without restarting the camera when the parent renders again
  const done = useRef({ onScanned, onError });
  done.current = { onScanned, onError };
  useEffect(() => {
    const abort = new AbortController();
    void (async () => {
      try {
        if (!video.current) return;
        const camera = await startCameraScan(video.current, abort.signal);
        for (;;) {
          const text = await camera.scan();
          // another request's QR (or any other code) is not this one's proof
          if (!text.startsWith(`${approval.approvalId}.`)) continue;
          try {
            const shown = await ctx.approvals.scan(approval.approvalId, text);
            camera.stop();
            done.current.onScanned(shown, text);
            return;
          } catch (e) {
            if (!RESCAN.has(codeOf(e))) throw e;
          }
        }
      } catch (e) {
        if (!abort.signal.aborted) done.current.onError(codeOf(e));
      }
    })();
    return () => abort.abort();
  }, [ctx, approval]);
  return (
    <>
      <p id="scan-help">{t('device.approval.scan.help')}</p>
      <div className="camera">
        <video ref={video} playsInline muted aria-describedby="scan-help" aria-label={t('device.approval.scan.camera')} />
      </div>
      <p role="status">{t('device.approval.scan.looking')}</p>
    </>
  );
}

export function ApprovalScreen({ ctx, approval, proof: linkProof, onDone }: { ctx: DeviceContext; approval: PendingApproval; proof?: string; onDone: () => void }) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>(linkProof ? 'pin' : approval.mode === 'qr' ? 'review' : 'pin');
  const [shown, setShown] = useState(approval);
  const [proof, setProof] = useState(linkProof ?? '');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const pinField = useRef<HTMLInputElement>(null);

  // a request opened from the same-phone link: the link's proof is shown to the server first
  useEffect(() => {
    if (!linkProof) return;
    ctx.approvals.scan(approval.approvalId, linkProof).then(setShown, (e: unknown) => setError(codeOf(e)));
  }, [ctx, approval.approvalId, linkProof]);

  async function approve(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const outcome = await ctx.approvals.approve(shown, proof, pin);
      setStep(outcome.state === 'approved' ? 'approved' : outcome.state === 'denied' ? 'denied' : 'refused');
    } catch (err) {
      const code = codeOf(err);
      // suspended or blocked: told only now, after PIN and key were proven
      if (code === 'LOGIN_IDENTITY_REFUSED' || code === 'IDENTITY_BLOCKED') setStep('refused');
      else {
        setError(code);
        setPin('');
        pinField.current?.focus();
      }
    } finally {
      setBusy(false);
    }
  }

  async function deny() {
    setBusy(true);
    setError(undefined);
    try {
      await ctx.approvals.deny(shown);
      setStep('denied');
    } catch (err) {
      setError(codeOf(err));
    } finally {
      setBusy(false);
    }
  }

  if (step === 'approved' || step === 'denied' || step === 'refused') {
    return (
      <ScreenFrame title={t(step === 'approved' ? 'device.approval.approved' : step === 'denied' ? 'device.approval.denied' : 'device.approval.refused')}>
        <p data-outcome={step}>{t(step === 'approved' ? 'device.approval.approved.text' : step === 'denied' ? 'device.approval.denied.text' : 'device.approval.refused.text')}</p>
        <div className="actions">
          <button type="button" onClick={onDone}>
            {t('device.approval.ok')}
          </button>
        </div>
      </ScreenFrame>
    );
  }

  return (
    <ScreenFrame title={t('device.approval.title')}>
      <DeviceErrorMessage code={error} />
      <dl className="request-details">
        <dt>{t('device.approval.from')}</dt>
        <dd data-field="service">{shown.clientName}</dd>
        {shown.text ? (
          <>
            <dt>{t('device.approval.text')}</dt>
            <dd data-field="text">{shown.text.slice(0, LOGIN_TEXT_MAX)}</dd>
          </>
        ) : null}
      </dl>
      {step === 'review' ? (
        <>
          <p>{t('device.approval.scan.intro')}</p>
          <div className="actions">
            <button type="button" onClick={() => setStep('scan')}>
              {t('device.approval.scan.start')}
            </button>
            <button type="button" className="secondary" onClick={() => void deny()} disabled={busy}>
              {t('device.approval.deny')}
            </button>
          </div>
        </>
      ) : null}
      {step === 'scan' ? (
        <>
          <QrScan
            ctx={ctx}
            approval={approval}
            onScanned={(s, p) => {
              setShown(s);
              setProof(p);
              setStep('pin');
            }}
            onError={setError}
          />
          <div className="actions">
            <button type="button" className="secondary" onClick={() => void deny()} disabled={busy}>
              {t('device.approval.deny')}
            </button>
          </div>
        </>
      ) : null}
      {step === 'pin' ? (
        <form onSubmit={(e) => void approve(e)} noValidate>
          <Field
            id="approval-pin"
            label={t('device.pin.label')}
            hint={t('device.pin.hint')}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={6}
            required
            value={pin}
            inputRef={pinField}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
          />
          <div className="actions">
            <button type="submit" disabled={busy || pin.length !== 6}>
              {t('device.approval.approve')}
            </button>
            <button type="button" className="secondary" onClick={() => void deny()} disabled={busy}>
              {t('device.approval.deny')}
            </button>
          </div>
        </form>
      ) : null}
      <p className="visually-hidden" role="status">
        {busy ? t('device.busy') : ''}
      </p>
    </ScreenFrame>
  );
}
