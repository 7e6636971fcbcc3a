/**
 * "Vælg chip": the new password twice, then the security key. The browser's own prompt asks
 * for the key (navigator.credentials.create with the server's options); the server checks
 * the key's answer and the password together.
 */
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import type { ActivationScreenProps } from './screen-props.js';
import { PasswordFields } from './TokenScreens.js';
import { Actions } from '../ui/Actions.js';

export function ChipActivationScreen({ state, dispatch, controller, refusal }: ActivationScreenProps) {
  const { t } = useI18n();
  const supported = typeof globalThis.PublicKeyCredential === 'function' && typeof globalThis.navigator?.credentials?.create === 'function';
  const back = state.flow?.state === 'started' ? () => dispatch({ type: 'GO', screen: 'token-kind' }) : undefined;
  return (
    <ScreenFrame title={t('activation.chip.title')}>
      {supported ? (
        <>
          <p>{t('activation.chip.body')}</p>
          <PasswordFields refusal={refusal} busy={state.busy} submitLabel={t('activation.chip.register')} onPassword={(p, r) => void controller.activateChip(p, r)} />
          {back ? <Actions onBack={back} busy={state.busy}>{null}</Actions> : null}
        </>
      ) : (
        <>
          <p>{t('activation.chip.unsupported')}</p>
          <Actions onBack={back}>{null}</Actions>
        </>
      )}
    </ScreenFrame>
  );
}
