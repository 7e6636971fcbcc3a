export * from './errors.js';
export * from './base64url.js';
export * from './keys.js';
export * from './pin.js';
export * from './copy-qr.js';
export * from './proximity.js';
