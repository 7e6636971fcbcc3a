export * from './device/index.js';
