/**
 * Trin 5: "Hvordan vil du godkende med MitID?" with the guide's three choices. "Næste" starts
 * the activation of this completed enrolment on the server and hands over to the activation
 * pages ('#/activation/<id>/<choice>', src/activation/), which a reload can resume.
 */
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { MethodChoiceForm } from '../activation/MethodChoice.js';
import { errorCodeOf } from '../enrolment/transport.js';
import type { ScreenProps } from './screen-props.js';

export function MethodScreen({ state, dispatch, apiBaseUrl }: ScreenProps) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('method.title')}>
      <MethodChoiceForm
        busy={state.busy}
        {...(state.method ? { initial: state.method } : {})}
        onChoose={(method) => {
          const enrolmentFlowId = state.flow?.id;
          if (!enrolmentFlowId) return dispatch({ type: 'FAILED', code: 'FLOW_NOT_FOUND' });
          dispatch({ type: 'CHOOSE_METHOD', method });
          dispatch({ type: 'BUSY' });
          // the activation code (OPAQUE, device keys) loads only now, not with the enrolment screens
          void import('../activation/controller.js')
            .then((m) => m.startActivation(apiBaseUrl ?? globalThis.location.origin, enrolmentFlowId))
            .then(
              (activationFlowId) => {
                globalThis.location.hash = `#/activation/${activationFlowId}/${method}`;
              },
              (error: unknown) => dispatch({ type: 'FAILED', code: errorCodeOf(error) }),
            );
        }}
      />
    </ScreenFrame>
  );
}
