export * from './guidance.js';
export * from './capture.js';
