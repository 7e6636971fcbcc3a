export * from './check-digit.js';
export * from './key.js';
export * from './dates.js';
export * from './parse.js';
export * from './policy.js';
export * from './transliterate.js';
export * from './format.js';
