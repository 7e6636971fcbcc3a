/**
 * Stands in for @openmitid/mrtd in the browser bundle (vite.config.ts aliases it), because
 * mrtd uses node:crypto today. Only the chip-reading names EnrolmentClient imports are
 * here; the web app never calls them (http-transport.ts stubs readChip).
 */
import { TransportError } from './transport.js';

const unavailable = (): never => {
  throw new TransportError('NOT_SUPPORTED_YET');
};

export const parseMrz = unavailable;
export const mrzKeyFromMrz = unavailable;
export const readPassport = unavailable;
