/** Texts of the activation screens (see section.ts). Keys start with 'activation.'. */
import { section } from './section.js';

export const activationTexts = section({}, {});
