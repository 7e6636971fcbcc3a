/** Texts of the mrz screens (see section.ts). Keys start with 'mrz.'. */
import { section } from './section.js';

export const mrzTexts = section({}, {});
