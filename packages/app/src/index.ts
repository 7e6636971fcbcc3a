export * from './device/index.js';
export * from './enrolment/index.js';
