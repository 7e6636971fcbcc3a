export * from './authority.js';
export * from './image-size.js';
export * from './passport.js';
export * from './dump.js';
