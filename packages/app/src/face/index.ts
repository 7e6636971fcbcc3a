export * from './guidance.js';
export * from './capture.js';
export * from './pose.js';
export * from './liveness-session.js';
