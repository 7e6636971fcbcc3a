/**
 * A greyscale raster and the few geometric operations the MRZ pipeline needs. Plain arrays, no
 * canvas and no native code, so the same steps run in a browser worker and in Node.
 */
export interface GrayImage {
  width: number;
  height: number;
  /** row-major, one byte per pixel, 0 = black */
  data: Uint8Array;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function grayImage(width: number, height: number, fill = 255): GrayImage {
  return { width, height, data: new Uint8Array(width * height).fill(fill) };
}

/** From interleaved RGB(A) pixels such as a canvas ImageData, with Rec. 601 luma weights. */
export function grayFromPixels(width: number, height: number, pixels: ArrayLike<number>, channels: number): GrayImage {
  const out = new Uint8Array(width * height);
  if (channels < 3) {
    for (let i = 0; i < out.length; i++) out[i] = pixels[i * channels]!;
  } else {
    for (let i = 0, p = 0; i < out.length; i++, p += channels) {
      out[i] = (pixels[p]! * 299 + pixels[p + 1]! * 587 + pixels[p + 2]! * 114 + 500) / 1000;
    }
  }
  return { width, height, data: out };
}

export function clampRect(image: GrayImage, rect: Rect): Rect {
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(image.width, Math.ceil(rect.x + rect.width));
  const y1 = Math.min(image.height, Math.ceil(rect.y + rect.height));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

export function crop(image: GrayImage, rect: Rect): GrayImage {
  const r = clampRect(image, rect);
  const out = new Uint8Array(r.width * r.height);
  for (let y = 0; y < r.height; y++) {
    const from = (r.y + y) * image.width + r.x;
    out.set(image.data.subarray(from, from + r.width), y * r.width);
  }
  return { width: r.width, height: r.height, data: out };
}

/**
 * Resize; shrinking averages over the source area (box filter) so that thin strokes survive,
 * enlarging interpolates bilinearly.
 */
export function resize(image: GrayImage, width: number, height: number): GrayImage {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const sx = image.width / w;
  const sy = image.height / h;
  const out = new Uint8Array(w * h);
  if (sx > 1 && sy > 1) {
    for (let y = 0; y < h; y++) {
      const y0 = Math.floor(y * sy);
      const y1 = Math.max(y0 + 1, Math.min(image.height, Math.floor((y + 1) * sy)));
      for (let x = 0; x < w; x++) {
        const x0 = Math.floor(x * sx);
        const x1 = Math.max(x0 + 1, Math.min(image.width, Math.floor((x + 1) * sx)));
        let sum = 0;
        for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += image.data[yy * image.width + xx]!;
        out[y * w + x] = sum / ((y1 - y0) * (x1 - x0));
      }
    }
    return { width: w, height: h, data: out };
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) out[y * w + x] = sample(image, (x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5, 255);
  }
  return { width: w, height: h, data: out };
}

function sample(image: GrayImage, fx: number, fy: number, outside: number): number {
  const { width, height, data } = image;
  if (fx < -0.5 || fy < -0.5 || fx > width - 0.5 || fy > height - 0.5) return outside;
  const x0 = Math.max(0, Math.min(width - 1, Math.floor(fx)));
  const y0 = Math.max(0, Math.min(height - 1, Math.floor(fy)));
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const ax = Math.max(0, Math.min(1, fx - x0));
  const ay = Math.max(0, Math.min(1, fy - y0));
  const top = data[y0 * width + x0]! * (1 - ax) + data[y0 * width + x1]! * ax;
  const bottom = data[y1 * width + x0]! * (1 - ax) + data[y1 * width + x1]! * ax;
  return top * (1 - ay) + bottom * ay;
}

/**
 * Rotates by `degrees` (positive = counter-clockwise as seen on screen) about the centre, keeping
 * the size; corners that come from outside the frame take `fill`.
 */
export function rotate(image: GrayImage, degrees: number, fill = 255): GrayImage {
  if (degrees === 0) return image;
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (image.width - 1) / 2;
  const cy = (image.height - 1) / 2;
  const out = new Uint8Array(image.width * image.height);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      // inverse mapping: the source pixel that lands on (x, y); y grows downwards
      const dx = x - cx;
      const dy = y - cy;
      const sx = cx + dx * cos - dy * sin;
      const sy = cy + dx * sin + dy * cos;
      out[y * image.width + x] = sample(image, sx, sy, fill);
    }
  }
  return { width: image.width, height: image.height, data: out };
}

/**
 * Cuts `rect` out of the frame as it would be after `rotate(image, degrees)`, scaled to
 * `width` × `height`, in one resampling pass (the whole frame is never rotated).
 */
export function warp(image: GrayImage, degrees: number, rect: Rect, width: number, height: number, fill = 255): GrayImage {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (image.width - 1) / 2;
  const cy = (image.height - 1) / 2;
  const sx = rect.width / w;
  const sy = rect.height / h;
  const out = new Uint8Array(w * h);
  for (let v = 0; v < h; v++) {
    const dy = rect.y + (v + 0.5) * sy - 0.5 - cy;
    for (let u = 0; u < w; u++) {
      const dx = rect.x + (u + 0.5) * sx - 0.5 - cx;
      out[v * w + u] = sample(image, cx + dx * cos - dy * sin, cy + dx * sin + dy * cos, fill);
    }
  }
  return { width: w, height: h, data: out };
}

/** Median of the pixel values (from a histogram). */
export function median(image: GrayImage): number {
  const histogram = new Uint32Array(256);
  for (const v of image.data) histogram[v]!++;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen * 2 >= image.data.length) return v;
  }
  return 255;
}

/**
 * An uncompressed 24-bit BMP: the one container that tesseract.js reads in every environment
 * without an image codec of ours.
 */
export function encodeBmp(image: GrayImage): Uint8Array {
  const rowSize = Math.ceil((image.width * 3) / 4) * 4;
  const size = 54 + rowSize * image.height;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  view.setUint32(2, size, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, image.width, true);
  view.setInt32(22, image.height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  view.setUint32(34, rowSize * image.height, true);
  for (let y = 0; y < image.height; y++) {
    // BMP rows run bottom-up
    const row = 54 + (image.height - 1 - y) * rowSize;
    for (let x = 0; x < image.width; x++) {
      const v = image.data[y * image.width + x]!;
      out[row + 3 * x] = v;
      out[row + 3 * x + 1] = v;
      out[row + 3 * x + 2] = v;
    }
  }
  return out;
}
