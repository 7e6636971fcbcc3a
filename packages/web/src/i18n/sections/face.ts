/** Texts of the face screens (see section.ts). Keys start with 'face.'. */
import { section } from './section.js';

export const faceTexts = section({}, {});
