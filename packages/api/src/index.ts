export * from './errors.js';
export * from './flow-states.js';
export * from './enrolment.js';
export * from './app-authenticator.js';
