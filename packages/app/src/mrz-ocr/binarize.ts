/**
 * Local-mean thresholding: a pixel is ink when it is clearly darker than its neighbourhood. A
 * global threshold fails on camera frames, where glare and shading change the paper's brightness
 * across the MRZ band.
 */
import type { GrayImage } from './gray-image.js';

export interface BinarizeOptions {
  /** half-size of the square neighbourhood in pixels */
  radius: number;
  /** ink must be this fraction darker than the local mean */
  ratio?: number;
  /** ... and at least this many grey levels darker, so flat paper noise stays paper */
  minContrast?: number;
}

/** 1 = ink, 0 = paper. */
export function binarize(image: GrayImage, options: BinarizeOptions): Uint8Array {
  const { width, height, data } = image;
  const ratio = options.ratio ?? 0.12;
  const minContrast = options.minContrast ?? 12;
  const r = Math.max(1, Math.round(options.radius));
  const stride = width + 1;
  const integral = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += data[y * width + x]!;
      integral[(y + 1) * stride + x + 1] = integral[y * stride + x + 1]! + row;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(height, y + r + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(width, x + r + 1);
      const sum = integral[y1 * stride + x1]! - integral[y0 * stride + x1]! - integral[y1 * stride + x0]! + integral[y0 * stride + x0]!;
      const mean = sum / ((y1 - y0) * (x1 - x0));
      const v = data[y * width + x]!;
      if (v < mean * (1 - ratio) && mean - v >= minContrast) out[y * width + x] = 1;
    }
  }
  return out;
}

/**
 * Ink as what is darker than halfway between the local paper (mean) and the local darkest ink
 * (minimum over about a character cell). Unlike a fixed ratio this drops pale background
 * printing (guilloche lines) that is clearly darker than the paper but far lighter than the
 * MRZ print, and it follows the text's contrast under blur and glare.
 */
export function binarizeMidpoint(image: GrayImage, radius: number, minContrast = 28): Uint8Array {
  const { width, height, data } = image;
  const r = Math.max(2, Math.round(radius));
  const means = boxMean(image, r);
  // minimum over blocks of r×r, then over the 3×3 neighbouring blocks
  const bw = Math.ceil(width / r);
  const bh = Math.ceil(height / r);
  const blockMin = new Uint8Array(bw * bh).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const b = Math.floor(y / r) * bw + Math.floor(x / r);
      const v = data[y * width + x]!;
      if (v < blockMin[b]!) blockMin[b] = v;
    }
  }
  const near = new Uint8Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let m = 255;
      for (let yy = Math.max(0, by - 1); yy <= Math.min(bh - 1, by + 1); yy++) {
        for (let xx = Math.max(0, bx - 1); xx <= Math.min(bw - 1, bx + 1); xx++) m = Math.min(m, blockMin[yy * bw + xx]!);
      }
      near[by * bw + bx] = m;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const mean = means[i]!;
      const low = near[Math.floor(y / r) * bw + Math.floor(x / r)]!;
      if (mean - low < minContrast) continue;
      if (data[i]! < (mean + low) / 2) out[i] = 1;
    }
  }
  return out;
}

function boxMean(image: GrayImage, r: number): Float32Array {
  const { width, height, data } = image;
  const stride = width + 1;
  const integral = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += data[y * width + x]!;
      integral[(y + 1) * stride + x + 1] = integral[y * stride + x + 1]! + row;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(height, y + r + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(width, x + r + 1);
      out[y * width + x] = (integral[y1 * stride + x1]! - integral[y0 * stride + x1]! - integral[y1 * stride + x0]! + integral[y0 * stride + x0]!) / ((y1 - y0) * (x1 - x0));
    }
  }
  return out;
}

/** The binary mask as a black-on-white image. */
export function maskToImage(mask: Uint8Array, width: number, height: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = mask[i] ? 0 : 255;
  return { width, height, data };
}
