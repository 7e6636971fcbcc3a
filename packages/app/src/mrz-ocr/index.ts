/** MRZ OCR for camera frames, browser-safe (Node file and image helpers are in ./node.js). */
export { alignByCentres } from './align.js';
export { binarize, binarizeMidpoint, maskToImage } from './binarize.js';
export { cleanBand } from './clean-band.js';
export { allowed, alternatives, coerce, TWINS } from './confusions.js';
export { cleanLine, correctMrz, lengthVariants } from './correct.js';
export type { CorrectOptions, MrzCorrection, MrzReadCode, OcrLine } from './correct.js';
export { createMrzOcrEngine, MRZ_ALPHABET } from './engine.js';
export type { MrzOcrEngine, MrzOcrEngineOptions, OcrLineBox } from './engine.js';
export { clampRect, crop, encodeBmp, grayFromPixels, grayImage, median, resize, rotate, warp } from './gray-image.js';
export type { GrayImage, Rect } from './gray-image.js';
export { estimateSkew, locateMrz } from './locate.js';
export type { MrzBand } from './locate.js';
export { normaliseBand, pickMrzLines, readMrzFrame } from './scan.js';
export type { MrzFrameResult, ReadFrameOptions } from './scan.js';
export { TEMPLATES, templateFor } from './templates.js';
export type { CheckedField, MrzFormat, MrzTemplate, PositionClass } from './templates.js';
export { MrzVoter } from './vote.js';
export type { FrameReading, VoteOptions, VoteResult } from './vote.js';
