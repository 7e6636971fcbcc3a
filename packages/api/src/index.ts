export * from './errors.js';
export * from './flow-states.js';
export * from './enrolment.js';
export * from './app-authenticator.js';
export * from './login-approval.js';
export * from './activation.js';
export * from './selfservice.js';
