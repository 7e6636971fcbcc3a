/**
 * The activated app's own pages ('#/app[/<page>]'): the approvals, the copy to another device
 * and self-service. Loaded on demand: they carry the device SDK (OPAQUE), which the
 * enrolment and login pages do not need.
 */
import { lazy, Suspense } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';

const DevicePages = lazy(() => import('./DevicePages.js'));

export function DeviceApp({ page, apiBaseUrl }: { page: string; apiBaseUrl: string }) {
  const { t } = useI18n();
  return (
    <Suspense
      fallback={
        <ScreenFrame title={t('device.loading')}>
          <div className="spinner" aria-hidden="true" />
        </ScreenFrame>
      }
    >
      <DevicePages page={page} apiBaseUrl={apiBaseUrl} />
    </Suspense>
  );
}
