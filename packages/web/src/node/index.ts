export { buildWeb, isWebBuilt, webConfigFile, webDistDir } from './web-dist.js';
