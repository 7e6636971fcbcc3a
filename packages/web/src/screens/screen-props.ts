import type { EnrolmentController } from '../enrolment/controller.js';
import type { EnrolmentEvent, EnrolmentUiState } from '../enrolment/machine.js';

export interface ScreenProps {
  state: EnrolmentUiState;
  dispatch: (event: EnrolmentEvent) => void;
  controller: EnrolmentController;
  /** the page's clock (the composition root reads the real one) */
  now: () => Date;
  /** demo mode: virtual passport, no face detector needed */
  demo: boolean;
  /** the server's origin (the activation after the method screen talks to it directly) */
  apiBaseUrl?: string;
}
