/** Trin 3 del 1: "Scan koden", with typing the access key by hand as the fallback. */
import { useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { validateMrzEntry, type MrzEntryFields } from '../enrolment/mrz-entry.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import { Field } from '../ui/Field.js';
import type { ScreenProps } from './screen-props.js';

export function MrzScanScreen({ state, dispatch }: ScreenProps) {
  const { t } = useI18n();
  const [cameraOpen, setCameraOpen] = useState(false);
  return (
    <ScreenFrame title={t('mrz.title')}>
      <p>{t('mrz.instructions')}</p>
      <p>{t('mrz.hold')}</p>
      {cameraOpen ? (
        // Camera OCR (@openmitid/app/mrz-ocr) is wired in a later session; until then the view says so.
        <div className="camera camera-mrz" role="img" aria-label={t('mrz.camera')}>
          <p role="status">{t('mrz.cameraUnavailable')}</p>
        </div>
      ) : null}
      <Actions>
        <button type="button" disabled={state.busy || cameraOpen} onClick={() => setCameraOpen(true)}>
          {t('mrz.scan')}
        </button>
        <button type="button" className="secondary" disabled={state.busy} onClick={() => dispatch({ type: 'MANUAL_MRZ' })}>
          {t('mrz.manual')}
        </button>
      </Actions>
    </ScreenFrame>
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
