/**
 * The camera scenes of a passport held up to "Scan passets kode": the desk first, then the
 * data page with the MRZ `lines` in OCR-B (packages/app/test/support/render-mrz.ts), its
 * visual zone filled from the same lines. Frames of 1280 × 720 (the OCR needs the detail).
 */
import { parseMrz } from '@openmitid/mrtd';
import { renderPage } from '../../../app/test/support/render-mrz.js';
import type { CameraScene, CameraVideoOptions } from './camera-video.js';

export const PASSPORT_VIDEO: CameraVideoOptions = { width: 1280, height: 720, fps: 10 };

export async function passportScenes(lines: string[]): Promise<CameraScene[]> {
  const m = parseMrz(lines);
  const page = await renderPage(lines, {
    issuingState: m.issuingState,
    surname: m.surname,
    givenNames: m.givenNames,
    documentNumber: m.documentNumber,
    nationality: m.nationality,
    dateOfBirth: m.dateOfBirth,
    sex: m.sex,
    dateOfExpiry: m.dateOfExpiry,
  });
  // the desk first, then the open passport held in front of the camera (the file loops)
  return [
    { image: { width: 2, height: 2, data: new Uint8Array(16).fill(230) }, seconds: 0.5, fit: 'fill' },
    { image: page, seconds: 3 },
  ];
}
