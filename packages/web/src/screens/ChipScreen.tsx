/** Trin 3 del 2: "Aflæs chip". In demo mode a virtual passport answers instead of a real one. */
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import type { ScreenProps } from './screen-props.js';

export function ChipScreen({ state, controller, demo }: ScreenProps) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('chip.title')}>
      <p>{t('chip.instructions')}</p>
      <p>{t('chip.hold')}</p>
      {demo ? <p className="note">{t('chip.demo')}</p> : null}
      {state.busy ? <p role="status">{t('chip.reading')}</p> : null}
      <aside className="tip" aria-labelledby="chip-tip-title">
        <h2 id="chip-tip-title">{t('chip.tipTitle')}</h2>
        <p>{t('chip.tip')}</p>
      </aside>
      <Actions>
        <button type="button" disabled={state.busy} onClick={() => void controller.readChip()}>
          {t('chip.read')}
        </button>
      </Actions>
    </ScreenFrame>
  );
}
