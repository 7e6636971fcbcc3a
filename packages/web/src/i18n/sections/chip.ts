/** Texts of the chip screens (see section.ts). Keys start with 'chip.'. */
import { section } from './section.js';

export const chipTexts = section({}, {});
