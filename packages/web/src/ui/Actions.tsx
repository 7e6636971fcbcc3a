/** The button row at the bottom of a screen: the main action first, "Tilbage" after it. */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.js';

export function Actions({ children, onBack, busy }: { children: ReactNode; onBack?: () => void; busy?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="actions">
      {children}
      {onBack ? (
        <button type="button" className="secondary" onClick={onBack} disabled={busy}>
          {t('common.back')}
        </button>
      ) : null}
    </div>
  );
}
