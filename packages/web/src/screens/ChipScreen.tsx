/**
 * Trin 3 del 2: "Aflæs chip". The chip is read through the reader companion (`openmitid
 * reader`, or the demo's virtual passports) in the page, with the key from the passport code,
 * and the server decides on what was read. Progress is shown as a bar and read out in quarters.
 */
import { useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import { errorCodeOf, TransportError } from '../enrolment/transport.js';
import { useCompanion } from '../chip/use-companion.js';
import { announcedStep, READ_DONE_PERCENT } from '../chip/read-progress.js';
import type { ScreenProps } from './screen-props.js';
import '../chip/chip.css';

export function ChipScreen({ state, controller, dispatch, demo }: ScreenProps) {
  const { t } = useI18n();
  const companion = useCompanion();
  const [connecting, setConnecting] = useState(false);
  const [percent, setPercent] = useState<number | undefined>(undefined);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const progressLabel = useId();
  const status = companion.status;
  const virtualCards = status?.virtualCards ?? [];
  const busy = state.busy || connecting;

  const vibrated = useRef(false);

  const onProgress = (p: number) => {
    // the phone "vibrates and shows a check mark" when the chip has given its last file
    if (p >= READ_DONE_PERCENT && !vibrated.current) {
      vibrated.current = true;
      navigator.vibrate?.(200);
    }
    setPercent(p);
  };

  const read = async () => {
    if (busy) return;
    setConnecting(true);
    setPercent(undefined);
    vibrated.current = false;
    try {
      const link = await companion.ensure();
      let now = await link.refresh();
      if (chosen !== undefined && now.virtualCards && chosen !== now.inserted) now = await link.insert(chosen);
      if (!now.reader) throw new TransportError('READER_NO_READER');
      if (!now.card) throw new TransportError('READER_NO_CARD');
      setConnecting(false);
      setPercent(0);
      await controller.readChip(link, onProgress);
    } catch (e) {
      dispatch({ type: 'FAILED', code: errorCodeOf(e) });
    } finally {
      setConnecting(false);
    }
  };

  const reading = percent !== undefined && state.busy;
  return (
    <ScreenFrame title={t('chip.title')}>
      <ol className="chip-steps">
        <li>{t('chip.step.surface')}</li>
        <li>{t('chip.step.cover')}</li>
        <li>{t('chip.step.place')}</li>
        <li>{t('chip.step.press')}</li>
        <li>
          <strong>{t('chip.hold')}</strong>
        </li>
        <li>{t('chip.step.done')}</li>
      </ol>
      {demo ? <p className="note">{t('chip.demo')}</p> : null}
      <p className="reader-status" data-reader={status?.reader ?? ''} data-card={status?.card ? 'yes' : 'no'}>
        {status?.reader ? t('chip.reader', { name: status.reader }) : t('chip.readerMissing')}
      </p>
      {virtualCards.length > 1 ? (
        <p className="demo-passport">
          <label htmlFor="demo-passport">{t('chip.demoPassport')}</label>
          <select id="demo-passport" value={chosen ?? status?.inserted ?? ''} disabled={busy} onChange={(e) => setChosen(e.target.value)}>
            {virtualCards.map((c) => (
              <option key={c.id} value={c.id}>
                {`${c.id}. ${c.label}`}
              </option>
            ))}
          </select>
        </p>
      ) : null}
      {reading ? (
        <div className="chip-progress">
          <p id={progressLabel}>
            {percent >= READ_DONE_PERCENT ? `✓ ${t('chip.checking')}` : t('chip.reading')} <span aria-hidden="true">{percent} %</span>
          </p>
          <progress aria-labelledby={progressLabel} max={100} value={percent} />
          <p className="visually-hidden" role="status" aria-live="polite">
            {t('chip.progress', { percent: announcedStep(percent) })}
          </p>
        </div>
      ) : null}
      <aside className="tip" aria-labelledby="chip-tip-title">
        <h2 id="chip-tip-title">{t('chip.tipTitle')}</h2>
        <p>{t('chip.tip')}</p>
      </aside>
      <Actions>
        <button type="button" disabled={busy} onClick={() => void read()}>
          {t('chip.read')}
        </button>
      </Actions>
    </ScreenFrame>
  );
}
