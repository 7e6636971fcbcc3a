/**
 * The app: a header with the language switch over the page the route names (routing.ts):
 * the enrolment flow, a login interaction, or the activated app's own pages.
 */
import { useMemo, useReducer, type ComponentType } from 'react';
import { I18nProvider, useI18n } from './i18n/i18n-context.js';
import type { Language } from './i18n/catalogue.js';
import { EnrolmentController } from './enrolment/controller.js';
import { enrolmentReducer, initialState, type Screen } from './enrolment/machine.js';
import type { EnrolmentTransport } from './enrolment/transport.js';
import { LanguageSwitch } from './ui/LanguageSwitch.js';
import { ErrorMessage } from './ui/ErrorMessage.js';
import type { ScreenProps } from './screens/screen-props.js';
import { DocumentScreen, OverviewScreen, PrivacyScreen, TermsScreen, WelcomeScreen } from './screens/StartScreens.js';
import { CountryScreen } from './screens/CountryScreen.js';
import { MrzManualScreen, MrzScanScreen } from './screens/MrzScreens.js';
import { ChipScreen } from './screens/ChipScreen.js';
import { FaceCaptureScreen, FaceIntroScreen, VerifyingScreen } from './screens/FaceScreens.js';
import { UserIdScreen } from './screens/UserIdScreen.js';
import { PhoneCodeScreen, PhoneScreen } from './screens/PhoneScreens.js';
import { MethodScreen } from './screens/MethodScreen.js';
import { useHashRoute } from './routing.js';
import { LoginApp } from './login/LoginApp.js';
import { DeviceApp } from './device/DeviceApp.js';
import { ActivationRoute } from './activation/ActivationRoute.js';

const SCREEN_COMPONENTS: Record<Screen, ComponentType<ScreenProps>> = {
  welcome: WelcomeScreen,
  document: DocumentScreen,
  overview: OverviewScreen,
  terms: TermsScreen,
  privacy: PrivacyScreen,
  country: CountryScreen,
  'mrz-scan': MrzScanScreen,
  'mrz-manual': MrzManualScreen,
  chip: ChipScreen,
  'face-intro': FaceIntroScreen,
  'face-capture': FaceCaptureScreen,
  verifying: VerifyingScreen,
  'user-id': UserIdScreen,
  phone: PhoneScreen,
  'phone-code': PhoneCodeScreen,
  method: MethodScreen,
};

export interface AppProps {
  transport: EnrolmentTransport;
  now: () => Date;
  demo: boolean;
  language?: Language;
  /** the server's origin for the login and app pages (the enrolment pages use `transport`) */
  apiBaseUrl?: string;
}

function EnrolmentApp({ transport, now, demo, apiBaseUrl }: AppProps) {
  const { t } = useI18n();
  const [state, dispatch] = useReducer(enrolmentReducer, initialState);
  const controller = useMemo(() => new EnrolmentController(transport, dispatch), [transport]);
  const Current = SCREEN_COMPONENTS[state.screen];
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="top-bar">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" aria-busy={state.busy} data-screen={state.screen}>
        <ErrorMessage code={state.error} />
        {/* keyed by screen: a new screen mounts fresh and its heading takes focus */}
        <Current key={state.screen} state={state} dispatch={dispatch} controller={controller} now={now} demo={demo} {...(apiBaseUrl ? { apiBaseUrl } : {})} />
        <p className="visually-hidden" role="status">
          {state.busy ? t('app.busy') : ''}
        </p>
      </main>
    </>
  );
}

function Routed(props: AppProps) {
  const route = useHashRoute();
  const apiBaseUrl = props.apiBaseUrl ?? globalThis.location?.origin ?? '';
  if (route.name === 'enrolment') return <EnrolmentApp {...props} />;
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="top-bar">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main id="main">
        {route.name === 'login' ? (
          <LoginApp key={route.uid} uid={route.uid} apiBaseUrl={apiBaseUrl} />
        ) : route.name === 'activation' ? (
          <ActivationRoute flowId={route.flowId} {...(route.choice ? { choice: route.choice } : {})} apiBaseUrl={apiBaseUrl} now={props.now} />
        ) : (
          <DeviceApp page={route.page} apiBaseUrl={apiBaseUrl} />
        )}
      </main>
    </>
  );
}

export function App(props: AppProps) {
  return (
    <I18nProvider {...(props.language ? { initial: props.language } : {})}>
      <Routed {...props} />
    </I18nProvider>
  );
}
