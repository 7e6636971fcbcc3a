/** Every area's texts, merged into the catalogues by da.ts and en.ts. */
export { mrzTexts } from './mrz.js';
export { chipTexts } from './chip.js';
export { faceTexts } from './face.js';
export { activationTexts } from './activation.js';
export { loginTexts } from './login.js';
export { deviceTexts } from './device.js';
