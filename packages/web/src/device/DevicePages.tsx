/**
 * The app's pages once this browser holds an activated app (activation/device-store.ts): the
 * home with the login requests waiting for approval, the approval screen, and self-service.
 * Without an activated app the page says so and points to the activation.
 */
import { useEffect, useState } from 'react';
import type { PendingApproval } from '@openmitid/api';
import { ApprovalClient, proofFromLink } from '@openmitid/app';
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { deviceStore } from '../activation/device-store.js';
import { CopyShowPage } from '../activation/CopyShowPage.js';
import { ApprovalScreen } from './ApprovalScreen.js';
import { SelfServicePages } from './SelfServicePages.js';
import { usePendingApprovals } from './use-pending-approvals.js';

export interface DeviceContext {
  apiBaseUrl: string;
  appId: string;
  approvals: ApprovalClient;
}

type Loaded = { state: 'loading' } | { state: 'none' } | { state: 'ready'; ctx: DeviceContext };

function useDevice(apiBaseUrl: string): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const store = deviceStore();
      const app = await store.app().catch(() => undefined);
      const pair = app ? await store.keys.get(app.keyId).catch(() => undefined) : undefined;
      if (cancelled) return;
      if (!app || !pair) return setLoaded({ state: 'none' });
      setLoaded({ state: 'ready', ctx: { apiBaseUrl, appId: app.appId, approvals: new ApprovalClient({ baseUrl: apiBaseUrl, appId: app.appId, privateKey: pair.privateKey }) } });
    })();
    return () => {
      cancelled = true;
    };
  }, [apiBaseUrl]);
  return loaded;
}

function Home({ ctx, onOpen }: { ctx: DeviceContext; onOpen: (a: PendingApproval) => void }) {
  const { t } = useI18n();
  const { approvals, connected } = usePendingApprovals(ctx.approvals);
  return (
    <ScreenFrame title={t('device.home.title')}>
      <h2>{t('device.home.requests')}</h2>
      <p role="status" className="hint">
        {connected ? (approvals.length === 0 ? t('device.home.none') : t('device.home.count', { count: approvals.length })) : t('device.home.connecting')}
      </p>
      {approvals.length > 0 ? (
        <ul className="request-list">
          {approvals.map((a) => (
            <li key={a.approvalId}>
              <button type="button" className="request" onClick={() => onOpen(a)} data-approval={a.approvalId}>
                {t('device.home.open', { service: a.clientName })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <h2>{t('device.home.more')}</h2>
      <ul className="link-list">
        <li>
          <a href="#/app/copy">{t('device.home.copy')}</a>
        </li>
        <li>
          <a href="#/app/settings">{t('device.home.settings')}</a>
        </li>
      </ul>
    </ScreenFrame>
  );
}

/** The proof inside a same-phone link handed over as '#/app/link/<encoded link>', or undefined. */
function linkProofOf(page: string): string | undefined {
  if (!page.startsWith('link/')) return undefined;
  try {
    return proofFromLink(decodeURIComponent(page.slice('link/'.length)));
  } catch {
    return undefined;
  }
}

/** A request opened from the login page's same-phone link: shown as soon as the stream delivers it. */
function FromLink({ ctx, proof }: { ctx: DeviceContext; proof: string }) {
  const { t } = useI18n();
  const { approvals } = usePendingApprovals(ctx.approvals);
  // the proof is `<approvalId>.link.<mac>`
  const approval = approvals.find((a) => a.approvalId === proof.split('.')[0]);
  if (approval) return <ApprovalScreen ctx={ctx} approval={approval} proof={proof} onDone={() => (globalThis.location.hash = '#/app')} />;
  return (
    <ScreenFrame title={t('device.home.title')}>
      <p role="status">{t('device.home.connecting')}</p>
    </ScreenFrame>
  );
}

export default function DevicePages({ page, apiBaseUrl }: { page: string; apiBaseUrl: string }) {
  const { t } = useI18n();
  const device = useDevice(apiBaseUrl);
  const [open, setOpen] = useState<PendingApproval>();

  if (device.state === 'loading') {
    return (
      <ScreenFrame title={t('device.loading')}>
        <div className="spinner" aria-hidden="true" />
      </ScreenFrame>
    );
  }
  if (device.state === 'none') {
    return (
      <ScreenFrame title={t('device.none.title')}>
        <p>{t('device.none.text')}</p>
        <p>
          <a className="button" href="#/">
            {t('device.none.activate')}
          </a>
        </p>
      </ScreenFrame>
    );
  }
  if (page === 'copy') return <CopyShowPage apiBaseUrl={apiBaseUrl} />;
  if (page === 'settings') return <SelfServicePages ctx={device.ctx} />;
  const proof = linkProofOf(page);
  if (proof) return <FromLink ctx={device.ctx} proof={proof} />;
  if (open) return <ApprovalScreen key={open.approvalId} ctx={device.ctx} approval={open} onDone={() => setOpen(undefined)} />;
  return <Home ctx={device.ctx} onOpen={setOpen} />;
}
