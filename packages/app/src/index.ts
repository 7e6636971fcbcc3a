export * from './device/index.js';
export * from './enrolment/index.js';
export * from './approval/index.js';
export * from './activation/index.js';
