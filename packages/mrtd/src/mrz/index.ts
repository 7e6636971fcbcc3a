export * from './check-digit.js';
export * from './key.js';
