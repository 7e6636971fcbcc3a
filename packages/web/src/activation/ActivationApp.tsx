/**
 * The activation pages ('#/activation/…', routing.ts): its own screen machine (machine.ts)
 * and controller over @openmitid/app's ActivationClient.
 *
 *   #/activation/<flowId>/<choice>   the enrolling device, right after "Hvordan vil du godkende med MitID?"
 *   #/activation/<flowId>            any device resuming the flow (a reload, or the hand-off QR)
 *   #/activation/copy                the new device of "Kopier fra anden MitID app"
 */
import { useEffect, useMemo, useReducer, type ComponentType } from 'react';
import type { PinOptions } from '@openmitid/app';
import { useI18n } from '../i18n/i18n-context.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import { ActivationController } from './controller.js';
import { activationReducer, initialActivationState, type ActivationScreen, type Choice } from './machine.js';
import type { ActivationScreenProps } from './screen-props.js';
import { useRefusalText } from './refusal-text.js';
import { MethodChoiceForm } from './MethodChoice.js';
import {
  AppDoneScreen,
  BiometricsScreen,
  DeviceKeyScreen,
  HandoffScreen,
  NotificationsScreen,
  PinIntroScreen,
  PinRepeatScreen,
  PinScreen,
  TempPinScreen,
} from './AppPathScreens.js';
import { CopyIntroScreen, CopyScanScreen, CopyUserIdScreen } from './CopyScreens.js';
import {
  OrderAddressScreen,
  OrderDoneScreen,
  PasswordScreen,
  SerialScreen,
  TokenCodeScreen,
  TokenDoneScreen,
  TokenHaveScreen,
  TokenIntroScreen,
  TokenKindScreen,
} from './TokenScreens.js';
import { ChipActivationScreen } from './ChipActivationScreen.js';
import './activation.css';

function LoadingScreen() {
  const { t } = useI18n();
  return <p role="status">{t('activation.loading')}</p>;
}

function FailedScreen() {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('activation.failed.title')}>
      <p>{t('activation.failed.body')}</p>
      <Actions>
        <a className="button" href="#/">
          {t('activation.failed.restart')}
        </a>
      </Actions>
    </ScreenFrame>
  );
}

function MethodScreen({ state, dispatch, controller }: ActivationScreenProps) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={t('method.title')}>
      <MethodChoiceForm
        busy={state.busy}
        onChoose={(choice) => {
          if (choice === 'token') dispatch({ type: 'GO', screen: 'token-kind' });
          else void controller.chooseMethod(choice).then((ok) => ok && choice === 'other-device' && dispatch({ type: 'GO', screen: 'handoff' }));
        }}
      />
    </ScreenFrame>
  );
}

const SCREENS: Record<ActivationScreen, ComponentType<ActivationScreenProps>> = {
  loading: LoadingScreen,
  failed: FailedScreen,
  method: MethodScreen,
  handoff: HandoffScreen,
  'device-key': DeviceKeyScreen,
  'temp-pin': TempPinScreen,
  'pin-intro': PinIntroScreen,
  pin: PinScreen,
  'pin-repeat': PinRepeatScreen,
  biometrics: BiometricsScreen,
  notifications: NotificationsScreen,
  'app-done': AppDoneScreen,
  'copy-intro': CopyIntroScreen,
  'copy-scan': CopyScanScreen,
  'copy-user-id': CopyUserIdScreen,
  'token-kind': TokenKindScreen,
  'token-have': TokenHaveScreen,
  'order-address': OrderAddressScreen,
  'order-done': OrderDoneScreen,
  'token-intro': TokenIntroScreen,
  password: PasswordScreen,
  serial: SerialScreen,
  'token-code': TokenCodeScreen,
  'token-done': TokenDoneScreen,
  chip: ChipActivationScreen,
};

/** Screens whose main field shows the last refusal itself (tied to it by aria-describedby); the others show a banner. */
const FIELD_SCREENS = new Set<ActivationScreen>(['temp-pin', 'pin-repeat', 'copy-user-id', 'password', 'token-code', 'chip']);

export interface ActivationAppProps {
  apiBaseUrl: string;
  /** 'copy' for the new device of a copy; otherwise the activation flow to resume */
  flowId: string;
  /** the choice made on the enrolment's method screen, when this device just made it */
  choice?: Choice;
  /** OPAQUE options (tests use a light key stretching) */
  pin?: PinOptions;
  now?: () => Date;
}

export function ActivationApp({ apiBaseUrl, flowId, choice, pin, now }: ActivationAppProps) {
  const { t } = useI18n();
  const refusalText = useRefusalText();
  const [state, dispatch] = useReducer(activationReducer, initialActivationState, (s) => (flowId === 'copy' ? { ...s, screen: 'copy-intro' as const } : s));
  const controller = useMemo(
    () => new ActivationController({ apiBaseUrl, ...(pin ? { pin } : {}), ...(now ? { now } : {}) }, dispatch),
    // one controller per page (it holds the flow); the clock and OPAQUE options do not change on a page
    [apiBaseUrl, flowId],
  );

  useEffect(() => {
    if (flowId === 'copy') return;
    void (async () => {
      if (!(await controller.resume(flowId))) return;
      const flow = controller.flow;
      // the enrolling device goes on with the choice it made; a resumed flow shows where it stands
      if (flow?.state === 'started') {
        if (choice === 'token') dispatch({ type: 'GO', screen: 'token-kind' });
        else if (choice && (await controller.chooseMethod(choice)) && choice === 'other-device') dispatch({ type: 'GO', screen: 'handoff' });
      } else if (flow?.state === 'method_chosen' && flow.method === 'other-device' && choice === 'other-device') dispatch({ type: 'GO', screen: 'handoff' });
    })();
  }, [controller, flowId, choice]);

  const Current = SCREENS[state.screen];
  const showsAtField = FIELD_SCREENS.has(state.screen);
  const refusal = state.error ? refusalText(state.error) : undefined;
  const pageUrl = `${globalThis.location?.origin ?? ''}${globalThis.location?.pathname ?? '/'}`;
  return (
    <div aria-busy={state.busy} data-screen={state.screen}>
      {refusal && !showsAtField ? (
        <div className="error-banner" role="alert" data-error-code={state.error}>
          <p className="error-title">{t('app.errorTitle')}</p>
          <p>{refusal}</p>
        </div>
      ) : null}
      {refusal && showsAtField ? (
        <p className="visually-hidden" role="alert" data-error-code={state.error}>
          {refusal}
        </p>
      ) : null}
      <Current key={state.screen} state={state} dispatch={dispatch} controller={controller} refusal={showsAtField ? refusal : undefined} pageUrl={pageUrl} />
      <p className="visually-hidden" role="status">
        {state.busy ? t('app.busy') : ''}
      </p>
    </div>
  );
}
