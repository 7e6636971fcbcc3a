import type { ActivationController } from './controller.js';
import type { ActivationEvent, ActivationUiState } from './machine.js';

export interface ActivationScreenProps {
  state: ActivationUiState;
  dispatch: (event: ActivationEvent) => void;
  controller: ActivationController;
  /** the text of the last refusal, for screens that show it at their field (linked by aria-describedby) */
  refusal?: string;
  /** where the page is served, for links shown to another device */
  pageUrl: string;
}
