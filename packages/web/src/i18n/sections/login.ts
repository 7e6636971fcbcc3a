/** Texts of the login screens (see section.ts). Keys start with 'login.'. */
import { section } from './section.js';

export const loginTexts = section({}, {});
