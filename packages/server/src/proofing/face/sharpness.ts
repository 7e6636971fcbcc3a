import type { Rgb8 } from './jpeg2000.js';

const SIDE = 96;

/**
 * Focus measure of the face region: variance of the 4-neighbour Laplacian on the face box
 * resampled to 96×96 grey, so the figure does not depend on how many pixels the face has.
 * Sharp portraits score in the hundreds; a face blurred by motion or defocus falls towards 0.
 */
export function faceSharpness(img: Rgb8, box: readonly [number, number, number, number]): number {
  const [bx, by, bw, bh] = box;
  if (!(bw > 1 && bh > 1)) return 0;
  const grey = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    // the central part of the box: hair and background edges say nothing about the face's focus
    const sy = clamp(Math.floor(by + bh * (0.15 + (0.7 * (y + 0.5)) / SIDE)), 0, img.height - 1);
    for (let x = 0; x < SIDE; x++) {
      const sx = clamp(Math.floor(bx + bw * (0.15 + (0.7 * (x + 0.5)) / SIDE)), 0, img.width - 1);
      const p = (sy * img.width + sx) * 3;
      grey[y * SIDE + x] = 0.299 * img.data[p]! + 0.587 * img.data[p + 1]! + 0.114 * img.data[p + 2]!;
    }
  }
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < SIDE - 1; y++) {
    for (let x = 1; x < SIDE - 1; x++) {
      const i = y * SIDE + x;
      const l = grey[i - 1]! + grey[i + 1]! + grey[i - SIDE]! + grey[i + SIDE]! - 4 * grey[i]!;
      sum += l;
      sumSq += l * l;
      n++;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Mean absolute difference of two images on a coarse 32×32 grey grid: 0 for the same still. */
export function frameDifference(a: Rgb8, b: Rgb8): number {
  const G = 32;
  let total = 0;
  for (let y = 0; y < G; y++) {
    for (let x = 0; x < G; x++) {
      total += Math.abs(cellGrey(a, x, y, G) - cellGrey(b, x, y, G));
    }
  }
  return total / (G * G);
}

function cellGrey(img: Rgb8, gx: number, gy: number, g: number): number {
  // average a 2×2 sample inside the cell so single-pixel noise does not dominate
  let s = 0;
  for (const fy of [0.33, 0.67]) {
    for (const fx of [0.33, 0.67]) {
      const x = Math.min(img.width - 1, Math.floor(((gx + fx) * img.width) / g));
      const y = Math.min(img.height - 1, Math.floor(((gy + fy) * img.height) / g));
      const p = (y * img.width + x) * 3;
      s += (img.data[p]! + img.data[p + 1]! + img.data[p + 2]!) / 3;
    }
  }
  return s / 4;
}
