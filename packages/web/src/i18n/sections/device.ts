/** Texts of the device screens (see section.ts). Keys start with 'device.'. */
import { section } from './section.js';

export const deviceTexts = section({}, {});
