/**
 * Camera feeds for browser tests: writes a YUV4MPEG2 (.y4m) file that Chromium plays as its
 * camera when started with `--use-file-for-fake-video-capture=<file>` (browser.ts's
 * `launchChromium({ cameraVideo })` passes it). The file is a list of scenes, each a still
 * picture shown for some seconds; Chromium loops the whole file for as long as the page films.
 *
 *   const file = await writeCameraVideo(join(dir, 'passport.y4m'), [
 *     { image: '../shared/fixtures/faces/p01/img1.jpg', seconds: 2 },   // a PNG/JPEG file
 *     { image: pngBytes, seconds: 3, fit: 'cover' },                     // encoded bytes
 *     { image: { width, height, data: rgba }, seconds: 1 },              // raw RGBA pixels
 *   ], { width: 1280, height: 720, fps: 10 });
 *
 * Format (as Chromium's FileVideoCaptureDevice reads it): the header
 * `YUV4MPEG2 W<w> H<h> F<fps>:1 Ip A1:1 C420jpeg`, then per frame `FRAME\n` followed by the
 * planar I420 picture: Y (w×h), then U and V (w/2 × h/2 each). Colours are converted with
 * ITU-R BT.601 in limited ("studio") range, which is how Chromium turns I420 back into RGB.
 */
import { open } from 'node:fs/promises';
import sharp from 'sharp';

/** Raw pixels, 4 bytes per pixel (R, G, B, A), rows top first; alpha is dropped onto the background. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

export interface CameraScene {
  /** a PNG or JPEG file path, its encoded bytes, or raw RGBA pixels */
  image: string | Uint8Array | RgbaImage;
  /** how long the picture is shown, in seconds (at least one frame) */
  seconds: number;
  /**
   * how the picture fills the frame: 'contain' (default) shows all of it on the background,
   * 'cover' fills the frame and crops, 'fill' stretches
   */
  fit?: 'contain' | 'cover' | 'fill';
}

export interface CameraVideoOptions {
  /** frame size in pixels, even numbers; default 640 × 480 */
  width?: number;
  height?: number;
  /** frames per second; default 10 */
  fps?: number;
  /** what shows around a 'contain' picture and behind transparency; default a dark grey desk */
  background?: { r: number; g: number; b: number };
}

export interface CameraVideo {
  path: string;
  width: number;
  height: number;
  fps: number;
  frames: number;
}

const isRgba = (image: CameraScene['image']): image is RgbaImage => typeof image === 'object' && 'width' in image && 'data' in image;

/** The scene's picture scaled into the frame, as packed RGB. */
async function sceneRgb(scene: CameraScene, width: number, height: number, background: { r: number; g: number; b: number }): Promise<Buffer> {
  const input = isRgba(scene.image)
    ? sharp(Buffer.from(scene.image.data.buffer, scene.image.data.byteOffset, scene.image.data.byteLength), {
        raw: { width: scene.image.width, height: scene.image.height, channels: 4 },
      })
    : sharp(typeof scene.image === 'string' ? scene.image : Buffer.from(scene.image));
  const { data, info } = await input
    .rotate() // honour a JPEG's EXIF orientation, as a camera would show the scene
    .resize(width, height, { fit: scene.fit ?? 'contain', background: { ...background, alpha: 1 } })
    .flatten({ background })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height || info.channels !== 3) throw new Error(`scene scaled to ${info.width}×${info.height}×${info.channels}`);
  return data;
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** Packed RGB to one I420 picture (BT.601, limited range; chroma averaged over 2×2 pixels). */
export function rgbToI420(rgb: Uint8Array, width: number, height: number): Buffer {
  const out = Buffer.alloc((width * height * 3) / 2);
  const uOffset = width * height;
  const vOffset = uOffset + (width / 2) * (height / 2);
  for (let i = 0, p = 0; i < width * height; i++, p += 3) {
    out[i] = clamp(16 + (65.481 * rgb[p]! + 128.553 * rgb[p + 1]! + 24.966 * rgb[p + 2]!) / 255);
  }
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const p = ((y + dy) * width + x + dx) * 3;
        r += rgb[p]!;
        g += rgb[p + 1]!;
        b += rgb[p + 2]!;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      const c = (y / 2) * (width / 2) + x / 2;
      out[uOffset + c] = clamp(128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255);
      out[vOffset + c] = clamp(128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  return out;
}

/** Writes the scenes, in order, as a .y4m file at `path`. */
export async function writeCameraVideo(path: string, scenes: readonly CameraScene[], options: CameraVideoOptions = {}): Promise<CameraVideo> {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const fps = options.fps ?? 10;
  const background = options.background ?? { r: 60, g: 60, b: 60 };
  if (width % 2 || height % 2) throw new Error('the frame size must be even (4:2:0 chroma)');
  if (scenes.length === 0) throw new Error('a camera video needs at least one scene');
  const file = await open(path, 'w');
  let frames = 0;
  try {
    await file.write(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
    const marker = Buffer.from('FRAME\n');
    for (const scene of scenes) {
      const picture = rgbToI420(await sceneRgb(scene, width, height, background), width, height);
      const count = Math.max(1, Math.round(scene.seconds * fps));
      for (let i = 0; i < count; i++) await file.writev([marker, picture]);
      frames += count;
    }
  } finally {
    await file.close();
  }
  return { path, width, height, fps, frames };
}
