/** The browser app's public pieces (the PWA entry is main.tsx; Node helpers are in ./node). */
export { App, type AppProps } from './App.js';
export { HttpTransport, type HttpTransportOptions } from './enrolment/http-transport.js';
export type { EnrolmentTransport, ManualMrzKey, MrzInput } from './enrolment/transport.js';
export { TransportError } from './enrolment/transport.js';
export { enrolmentReducer, initialState, screenForFlowState, SCREENS, type Screen, type EnrolmentUiState, type EnrolmentEvent } from './enrolment/machine.js';
export { errorText, translate, type Language, type MessageKey } from './i18n/catalogue.js';
