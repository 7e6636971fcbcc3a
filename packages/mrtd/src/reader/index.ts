export { selectApplication, selectFile } from './select.js';
export { readFile, type ReadFileOptions } from './read-file.js';
export { readPassport, DEFAULT_PASSPORT_FILES, type ReadPassportOptions, type ChipReadResult } from './read-passport.js';
