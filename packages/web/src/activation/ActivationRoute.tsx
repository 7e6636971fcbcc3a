/** The '#/activation/…' pages, loaded on demand: they carry the device SDK (OPAQUE, device keys), which the enrolment screens do not need. */
import { lazy, Suspense } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import type { ActivationAppProps } from './ActivationApp.js';

const ActivationApp = lazy(() => import('./ActivationApp.js').then((m) => ({ default: m.ActivationApp })));

export function ActivationRoute(props: ActivationAppProps) {
  const { t } = useI18n();
  return (
    <Suspense fallback={<p role="status">{t('activation.loading')}</p>}>
      {/* a new flow id is a new activation: fresh machine and controller */}
      <ActivationApp key={`${props.flowId}/${props.choice ?? ''}`} {...props} />
    </Suspense>
  );
}
